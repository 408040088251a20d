// First-start credentials (issue #2 "Auth"): an admin token written as
// <data-dir>/admin.kubeconfig and a viewer token in <data-dir>/viewer-token,
// both mode 0600. Only their SHA-256 digests are kept in <data-dir>/tokens.json,
// which the server reads on every start.

import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { writeFileAtomic } from '../../shared/fs/atomic-write.js';
import { readFileIfExists } from '../../shared/fs/read-if-exists.js';
import { digest, newToken, TokenAuthenticator, type Identity } from './tokens.js';

interface TokenFile {
  tokens: Array<{ sha256: string; name: string; role: Identity['role'] }>;
}

export function kubeconfigFor(server: string, user: string, token: string, caPem: string): string {
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'edgeplane', cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: 'edgeplane', context: { cluster: 'edgeplane', user, namespace: 'default' } }],
    'current-context': 'edgeplane',
    preferences: {},
  });
}

async function readJson<T>(path: string): Promise<T | undefined> {
  const text = await readFileIfExists(path);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

/**
 * Load the token digests, creating admin and viewer credentials on first start.
 * `serverUrl` is what the kubeconfig points at. The kubeconfig is rewritten when
 * the URL changes (e.g. another --http-port) and the admin token is still known.
 */
export async function loadOrCreateCredentials(dataDir: string, serverUrl: string, caPem: string): Promise<TokenAuthenticator> {
  const tokensPath = join(dataDir, 'tokens.json');
  const kubeconfigPath = join(dataDir, 'admin.kubeconfig');
  let file = await readJson<TokenFile>(tokensPath);
  if (!file) {
    const admin = newToken();
    const viewer = newToken();
    file = {
      tokens: [
        { sha256: digest(admin).toString('hex'), name: 'admin', role: 'admin' },
        { sha256: digest(viewer).toString('hex'), name: 'viewer', role: 'viewer' },
      ],
    };
    // credentials first, then the digest file: a crash in between regenerates both
    await writeFileAtomic(kubeconfigPath, kubeconfigFor(serverUrl, 'admin', admin, caPem), 0o600);
    await writeFileAtomic(join(dataDir, 'viewer-token'), viewer + '\n', 0o600);
    await writeFileAtomic(join(dataDir, 'viewer.kubeconfig'), kubeconfigFor(serverUrl, 'viewer', viewer, caPem), 0o600);
    await writeFileAtomic(tokensPath, JSON.stringify(file, null, 2) + '\n', 0o600);
  } else {
    await refreshKubeconfig(kubeconfigPath, serverUrl, 'admin', caPem);
    await refreshKubeconfig(join(dataDir, 'viewer.kubeconfig'), serverUrl, 'viewer', caPem);
  }
  const auth = new TokenAuthenticator();
  for (const t of file.tokens) auth.add(Buffer.from(t.sha256, 'hex'), { name: t.name, role: t.role });
  return auth;
}

/** Rewrite a kubeconfig whose server URL or CA changed (another --http-port, a new CA). */
async function refreshKubeconfig(path: string, serverUrl: string, user: string, caPem: string): Promise<void> {
  const text = await readFileIfExists(path);
  if (text === undefined) return;
  const token = /token:\s*(\S+)/.exec(text)?.[1];
  if (!token) return;
  const wanted = kubeconfigFor(serverUrl, user, token, caPem);
  if (wanted !== text) await writeFileAtomic(path, wanted, 0o600);
}
