// What every command that talks to the server starts from: the global flags
// resolved into a client and the default namespace.

import { ApiClient } from './client.js';
import { parseRequestTimeout } from './duration.js';
import { CliError } from './errors.js';
import { locateKubeconfig, noKubeconfigError, readKubeconfig, resolveAccess, type ClusterAccess } from './kubeconfig.js';

export interface GlobalOptions {
  kubeconfig?: string;
  namespace?: string;
  context?: string;
  requestTimeout?: string;
  server?: string;
  token?: string;
}

export interface Session {
  client: ApiClient;
  /** -n, else the context's namespace, else `default` */
  namespace: string;
  /** -n was given: a manifest naming another namespace is then an error, as in kubectl */
  namespaceFromFlag: boolean;
}

export function openSession(opts: GlobalOptions): Session {
  const files = locateKubeconfig({ flag: opts.kubeconfig });
  let access: ClusterAccess;
  if (files.length > 0) access = resolveAccess(readKubeconfig(files), opts.context);
  else if (opts.server) access = { server: opts.server, insecureSkipTlsVerify: false };
  else throw noKubeconfigError();
  if (opts.server) access = { ...access, server: opts.server.replace(/\/+$/, '') };
  if (opts.token) access = { ...access, token: opts.token };
  checkServerUrl(access.server);
  const timeoutMs = opts.requestTimeout ? parseRequestTimeout(opts.requestTimeout) : 0;
  return {
    client: new ApiClient(access, timeoutMs),
    namespace: opts.namespace || access.namespace || 'default',
    namespaceFromFlag: !!opts.namespace,
  };
}

function checkServerUrl(server: string): void {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliError(`invalid server URL "${server}": expected http://host:port or https://host:port`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`invalid server URL "${server}": the scheme must be http or https`);
}
