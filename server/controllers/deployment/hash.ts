// The pod-template-hash (controller.ComputeHash): FNV-1a (32 bit) over the
// Deployment's pod template, plus the collision count when there is one, then
// rand.SafeEncodeString of its decimal form. Stable across restarts and
// processes (keys are serialized in sorted order), short, and the same for the
// same template, so a rollback finds the ReplicaSet it made before.

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys in sorted order: the same value always hashes the same */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: every character mapped into an alphabet without vowels */
function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

export function computeHash(template: unknown, collisionCount?: number): string {
  let text = canonicalJson(template ?? {});
  // as Kubernetes, the collision count is appended only when set
  if (collisionCount !== undefined && collisionCount !== null) text += String(collisionCount);
  return safeEncode(String(fnv32a(text)));
}
