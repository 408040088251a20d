// The update half of `apply`: kubectl's three-way JSON merge patch
// (apimachinery jsonmergepatch.CreateThreeWayJSONMergePatch) between
//   original - the config applied last time (the last-applied annotation),
//   modified - the config being applied now,
//   current  - the live object.
// Changes come from current→modified but only for keys the config sets, so
// fields owned by others (status, defaults, a controller's annotations) stay;
// deletions come from original→modified, so only keys the user removed from
// the config since the last apply are deleted.

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Whether `live` is `applied` plus extra fields: what a list we sent looks like
 * after the server filled in defaults inside its items.
 */
function isDefaultedFrom(applied: unknown, live: unknown): boolean {
  if (Array.isArray(applied)) {
    return Array.isArray(live) && applied.length === live.length && applied.every((x, i) => isDefaultedFrom(x, live[i]));
  }
  if (isObject(applied)) return isObject(live) && Object.keys(applied).every((k) => k in live && isDefaultedFrom(applied[k], live[k]));
  return jsonEqual(applied, live);
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/**
 * Additions and changes: what in `modified` differs from `current` (never a
 * deletion). JSON merge patch replaces lists whole, so a list differs if it is
 * not equal; but a list that was applied unchanged (equal in `original`) and
 * only gained server defaults inside its items is left alone - otherwise every
 * apply of a Deployment would be "configured", where kubectl's strategic merge
 * patch says "unchanged".
 */
function additionsAndChanges(original: unknown, modified: JsonObject, current: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, mv] of Object.entries(modified)) {
    if (mv === null) continue; // a null would be a deletion; those come from original→modified
    const ov = isObject(original) ? original[key] : undefined;
    if (!(key in current) || kindOf(current[key]) !== kindOf(mv)) {
      out[key] = mv;
    } else if (isObject(mv)) {
      // an explicitly empty map is a value, not an empty patch
      if (Object.keys(mv).length === 0) continue;
      const sub = additionsAndChanges(ov, mv, current[key] as JsonObject);
      if (Object.keys(sub).length > 0) out[key] = sub;
    } else if (Array.isArray(mv)) {
      const cv = current[key];
      if (!jsonEqual(mv, cv) && !(jsonEqual(ov, mv) && isDefaultedFrom(mv, cv))) out[key] = mv;
    } else if (!jsonEqual(mv, current[key])) {
      out[key] = mv;
    }
  }
  return out;
}

/** Deletions: keys in `original` that `modified` no longer has, as nulls. */
function deletions(original: JsonObject, modified: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, ov] of Object.entries(original)) {
    if (!(key in modified)) out[key] = null;
    else if (isObject(ov) && isObject(modified[key])) {
      const sub = deletions(ov, modified[key] as JsonObject);
      if (Object.keys(sub).length > 0) out[key] = sub;
    }
  }
  return out;
}

/** RFC 7386 merge of two patches that cannot disagree (one only deletes, one never deletes). */
function mergePatches(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a };
  for (const [key, bv] of Object.entries(b)) {
    out[key] = isObject(bv) && isObject(out[key]) ? mergePatches(out[key] as JsonObject, bv) : bv;
  }
  return out;
}

/** The merge patch to send; `{}` means the live object already matches the config. */
export function threeWayMergePatch(original: object | undefined, modified: object, current: object): JsonObject {
  const o = (original ?? {}) as JsonObject;
  const m = modified as JsonObject;
  const c = current as JsonObject;
  return mergePatches(deletions(o, m), additionsAndChanges(o, m, c));
}

/** Go's encoding/json output for a map: keys sorted at every level. */
export function sortKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(sortKeys) as T;
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out as T;
  }
  return v;
}

interface Annotated {
  metadata?: { annotations?: Record<string, string> };
}

/**
 * Go's json.Encoder output, which kubectl writes into the annotation: HTML
 * characters and line/paragraph separators escaped, a trailing newline. (They
 * can only occur inside strings, so replacing them in the text is safe.)
 */
function goJson(v: unknown): string {
  const escapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
  return JSON.stringify(sortKeys(v)).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]) + '\n';
}

/**
 * The config with the last-applied annotation set to the config itself
 * (without that annotation), serialized exactly as kubectl does - sorted keys,
 * Go's escaping, a trailing newline, and an `annotations: {}` left behind when
 * the config has no other annotations - so kubectl and edgectl can take turns
 * applying the same file and both see it as unchanged.
 */
export function withLastApplied<T extends { metadata?: object }>(config: T): T & { metadata: { annotations: Record<string, string> } } {
  const bare = structuredClone(config) as T & Annotated;
  const annotations = { ...(bare.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  bare.metadata = { ...(bare.metadata ?? {}), annotations };
  return {
    ...bare,
    metadata: { ...bare.metadata, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: goJson(bare) } },
  };
}

/** The config applied last time, or undefined when the object was never applied (or the annotation is garbage). */
export function lastApplied(live: { metadata?: object }): object | undefined {
  const raw = (live as Annotated).metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
