// Broker credentials. The join token and the dashboard password are created on
// first start as 0600 files in the data dir (the operator copies them to nodes
// and dashboards). Per-node credentials are issued at join; only SHA-256
// digests are kept, in a kube-system Secret per node (k3s keeps node passwords
// the same way), and compared in constant time.

import { join } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { writeFileAtomic } from '../../shared/fs/atomic-write.js';
import { readFileIfExists } from '../../shared/fs/read-if-exists.js';
import { digest, newToken } from '../auth/tokens.js';
import type { Registry } from '../registry/registry.js';
import { isNotFound, SECRET } from './kinds.js';
import type { KubeObject } from '../../shared/api/object.js';

export const NODE_SECRET_NAMESPACE = 'kube-system';
export const NODE_SECRET_TYPE = 'edgeplane.io/node-credential';
export const nodeSecretName = (node: string) => `edgeplane-node-${node}`;

export function digestEquals(presented: string, expectedHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const d = digest(presented);
  return expected.length === d.length && timingSafeEqual(d, expected);
}

/** `<data-dir>/join-token`: created once, 0600. Returns the token. */
export async function loadOrCreateJoinToken(dataDir: string): Promise<string> {
  const path = join(dataDir, 'join-token');
  const text = (await readFileIfExists(path))?.trim();
  if (text) return text;
  const token = newToken();
  await writeFileAtomic(path, token + '\n', 0o600);
  return token;
}

/** `<data-dir>/dashboard-credentials`: `username=dashboard` and `password=...` lines, 0600. Returns the password. */
export async function loadOrCreateDashboardPassword(dataDir: string): Promise<string> {
  const path = join(dataDir, 'dashboard-credentials');
  const text = await readFileIfExists(path);
  const found = text ? /^password=(\S+)$/m.exec(text)?.[1] : undefined;
  if (found) return found;
  const password = newToken();
  await writeFileAtomic(path, `username=dashboard\npassword=${password}\n`, 0o600);
  return password;
}

export interface NodeCredentialRecord {
  nodePasswordSha256: string;
  credentialSha256: string;
}

function recordOf(secret: KubeObject): NodeCredentialRecord | undefined {
  const data = (secret as any).data ?? {};
  const dec = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : '');
  const rec = { nodePasswordSha256: dec(data.nodePasswordSha256), credentialSha256: dec(data.credentialSha256) };
  return rec.nodePasswordSha256 && rec.credentialSha256 ? rec : undefined;
}

/** Node credential digests, cached in memory (authentication must not hit the store per CONNECT). */
export class NodeCredentials {
  private cache = new Map<string, NodeCredentialRecord>();
  constructor(private readonly registry: Registry) {}

  async load(): Promise<void> {
    const { items } = await this.registry.list(SECRET, NODE_SECRET_NAMESPACE);
    for (const s of items) {
      if ((s as any).type !== NODE_SECRET_TYPE) continue;
      const node = s.metadata.name!.slice('edgeplane-node-'.length);
      const rec = recordOf(s);
      if (rec) this.cache.set(node, rec);
    }
  }

  get(node: string): NodeCredentialRecord | undefined {
    return this.cache.get(node);
  }

  /** constant-time check of a node's MQTT password */
  verify(node: string, credential: string): boolean {
    const rec = this.cache.get(node);
    // compare against a dummy digest when unknown, so timing does not reveal which nodes exist
    return digestEquals(credential, rec?.credentialSha256 ?? '0'.repeat(64)) && rec !== undefined;
  }

  /** Persist (create or replace) the digests for a node, then cache them. */
  async save(node: string, rec: NodeCredentialRecord): Promise<void> {
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
    const body = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: nodeSecretName(node), namespace: NODE_SECRET_NAMESPACE, labels: { 'edgeplane.io/node': node } },
      type: NODE_SECRET_TYPE,
      data: { nodePasswordSha256: b64(rec.nodePasswordSha256), credentialSha256: b64(rec.credentialSha256) },
    };
    try {
      await this.registry.get(SECRET, NODE_SECRET_NAMESPACE, nodeSecretName(node));
      await this.registry.update(SECRET, NODE_SECRET_NAMESPACE, nodeSecretName(node), body);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.registry.create(SECRET, NODE_SECRET_NAMESPACE, body);
    }
    this.cache.set(node, rec);
  }
}
