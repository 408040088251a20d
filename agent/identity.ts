// The agent's identity on disk (data dir, all 0600):
// - node-password: random, generated once; the machine's identity at join (k3s' node password)
// - credential.json: the per-node MQTT credential the join returned
// Losing node-password means this machine can no longer claim its node name.

import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../shared/fs/atomic-write.js';
import { readFileIfExists } from '../shared/fs/read-if-exists.js';

export interface StoredCredential {
  /** the broker the credential belongs to (host:port) */
  server: string;
  nodeName: string;
  username: string;
  password: string;
  podCIDR: string;
}

export async function ensureDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

export async function loadOrCreateNodePassword(dataDir: string): Promise<string> {
  const path = join(dataDir, 'node-password');
  const text = (await readFileIfExists(path))?.trim();
  if (text) return text;
  const pw = randomBytes(32).toString('base64url');
  await writeFileAtomic(path, pw + '\n', 0o600);
  return pw;
}

export const credentialPath = (dataDir: string) => join(dataDir, 'credential.json');

export async function loadCredential(dataDir: string): Promise<StoredCredential | undefined> {
  const text = await readFileIfExists(credentialPath(dataDir));
  if (!text) return undefined;
  try {
    const c = JSON.parse(text) as StoredCredential;
    return typeof c.username === 'string' && typeof c.password === 'string' ? c : undefined;
  } catch {
    return undefined; // unreadable: join again
  }
}

export async function saveCredential(dataDir: string, c: StoredCredential): Promise<void> {
  await writeFileAtomic(credentialPath(dataDir), JSON.stringify(c, null, 2) + '\n', 0o600);
}
