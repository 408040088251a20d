// Finding and reading kubeconfig files the way kubectl does, so one file works
// for both kubectl and edgectl.
//
// Search order: --kubeconfig; else $KUBECONFIG (a list like $PATH, merged, first
// file wins per entry); else ~/.kube/config; else the admin kubeconfig the
// server writes on first start, so that edgectl works on the server machine
// itself with no setup.

import { readFileSync, existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CliError } from './errors.js';

/**
 * Where the server's admin kubeconfig is: the documented place, and
 * `<data-dir>/admin.kubeconfig` for the server's default --data-dir.
 */
/** where `edgeplane server` writes its admin kubeconfig with the default --data-dir */
export const SERVER_ADMIN_KUBECONFIGS = ['/var/lib/edgeplane/server/admin.kubeconfig'];

interface Named<T> {
  name: string;
  value: T;
  /** the file the entry came from: relative paths inside it are relative to it */
  file: string;
}

interface RawCluster {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
}

interface RawUser {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
}

interface RawContext {
  cluster?: string;
  user?: string;
  namespace?: string;
}

export interface Kubeconfig {
  files: string[];
  currentContext?: string;
  clusters: Map<string, Named<RawCluster>>;
  users: Map<string, Named<RawUser>>;
  contexts: Map<string, Named<RawContext>>;
}

/** Everything needed to talk to one API server, with file references already read. */
export interface ClusterAccess {
  server: string;
  contextName?: string;
  /** the context's namespace, if it sets one */
  namespace?: string;
  token?: string;
  ca?: Buffer;
  clientCert?: Buffer;
  clientKey?: Buffer;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
}

export interface LocateOptions {
  flag?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  fallbacks?: string[];
}

/** Which kubeconfig files to read; an empty list means none was found. */
export function locateKubeconfig(opts: LocateOptions = {}): string[] {
  const env = opts.env ?? process.env;
  if (opts.flag) {
    if (!existsSync(opts.flag)) throw new CliError(`kubeconfig ${opts.flag} (from --kubeconfig) does not exist`);
    return [opts.flag];
  }
  if (env.KUBECONFIG) {
    const listed = env.KUBECONFIG.split(delimiter).filter((p) => p !== '');
    // kubectl silently skips listed files that do not exist
    const found = listed.filter((p) => existsSync(p));
    if (found.length === 0) throw new CliError(`no kubeconfig found: none of the files in KUBECONFIG exist (${listed.join(delimiter)})`);
    return found;
  }
  const home = join(opts.home ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return [home];
  const fallback = (opts.fallbacks ?? SERVER_ADMIN_KUBECONFIGS).find(mayExist);
  return fallback ? [fallback] : [];
}

/** Exists, or cannot be checked (a root-only directory): reading it then says "permission denied" instead of "not found". */
function mayExist(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ENOTDIR';
  }
}

export function noKubeconfigError(opts: LocateOptions = {}): CliError {
  const home = join(opts.home ?? homedir(), '.kube', 'config');
  return new CliError(
    `no kubeconfig found: pass --kubeconfig or set KUBECONFIG (looked for ${[home, ...(opts.fallbacks ?? SERVER_ADMIN_KUBECONFIGS)].join(', ')})`,
  );
}

export function readKubeconfig(files: string[]): Kubeconfig {
  const cfg: Kubeconfig = { files, clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const file of files) {
    const doc = parseFile(file);
    // merge rule of kubectl: the first file that sets a value wins
    if (!cfg.currentContext && typeof doc['current-context'] === 'string' && doc['current-context']) {
      cfg.currentContext = doc['current-context'];
    }
    addNamed(cfg.clusters, doc.clusters, 'cluster', file);
    addNamed(cfg.users, doc.users, 'user', file);
    addNamed(cfg.contexts, doc.contexts, 'context', file);
  }
  return cfg;
}

function parseFile(file: string): any {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = SERVER_ADMIN_KUBECONFIGS.includes(file) && (code === 'EACCES' || code === 'EPERM') ? ' (use sudo, or copy it to ~/.kube/config)' : '';
    throw new CliError(`cannot read kubeconfig ${file}: ${describeFsError(err)}${hint}`, { cause: err });
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new CliError(`kubeconfig ${file} is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new CliError(`kubeconfig ${file} is not a kubeconfig (expected a mapping)`);
  return doc;
}

function addNamed<T>(into: Map<string, Named<T>>, list: unknown, field: string, file: string): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) throw new CliError(`kubeconfig ${file}: ${field}s must be a list`);
  for (const entry of list) {
    const name = entry?.name;
    if (typeof name !== 'string' || !name) throw new CliError(`kubeconfig ${file}: a ${field} entry has no name`);
    if (!into.has(name)) into.set(name, { name, value: (entry[field] ?? {}) as T, file });
  }
}

/**
 * Pick the context (the --context flag, else current-context, else the only
 * context there is) and read what its cluster and user refer to.
 */
export function resolveAccess(cfg: Kubeconfig, contextFlag?: string): ClusterAccess {
  const where = cfg.files.join(delimiter);
  let contextName = contextFlag || cfg.currentContext;
  if (!contextName && cfg.contexts.size === 1) contextName = [...cfg.contexts.keys()][0];
  if (!contextName) throw new CliError(`kubeconfig ${where} has no current-context; pass --context`);
  const context = cfg.contexts.get(contextName);
  if (!context) throw new CliError(`context "${contextName}" not found in kubeconfig ${where}`);
  const clusterName = context.value.cluster;
  const cluster = clusterName ? cfg.clusters.get(clusterName) : undefined;
  if (!cluster) throw new CliError(`context "${contextName}" refers to cluster "${clusterName ?? ''}", which is not in kubeconfig ${where}`);
  const c = cluster.value;
  if (!c.server) throw new CliError(`cluster "${cluster.name}" in kubeconfig ${cluster.file} has no server`);
  const userName = context.value.user;
  const user = userName ? cfg.users.get(userName) : undefined;
  if (userName && !user) throw new CliError(`context "${contextName}" refers to user "${userName}", which is not in kubeconfig ${where}`);
  const u = user?.value ?? {};
  const access: ClusterAccess = {
    server: c.server.replace(/\/+$/, ''),
    contextName,
    namespace: context.value.namespace || undefined,
    insecureSkipTlsVerify: c['insecure-skip-tls-verify'] === true,
    tlsServerName: c['tls-server-name'],
    ca: bytes(c['certificate-authority-data'], c['certificate-authority'], cluster.file),
    clientCert: user ? bytes(u['client-certificate-data'], u['client-certificate'], user.file) : undefined,
    clientKey: user ? bytes(u['client-key-data'], u['client-key'], user.file) : undefined,
  };
  if (u.token) access.token = u.token;
  else if (u.tokenFile) access.token = readReferenced(u.tokenFile, user!.file).toString('utf8').trim();
  return access;
}

/** `*-data` (base64) wins over the file reference, as in kubectl. */
function bytes(data: string | undefined, file: string | undefined, kubeconfigFile: string): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  if (file) return readReferenced(file, kubeconfigFile);
  return undefined;
}

function readReferenced(file: string, kubeconfigFile: string): Buffer {
  const path = isAbsolute(file) ? file : resolve(dirname(kubeconfigFile), file);
  try {
    return readFileSync(path);
  } catch (err) {
    throw new CliError(`cannot read ${path} (referenced by kubeconfig ${kubeconfigFile}): ${describeFsError(err)}`, { cause: err });
  }
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (err as Error)?.message ?? String(err);
}
