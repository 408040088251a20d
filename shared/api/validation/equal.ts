// Semantic equality of JSON values, as apimachinery's `equality.Semantic.DeepEqual`
// compares API objects: an empty list or map equals an absent one.

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    for (const k of keys) if (!semanticEqual(ao[k], bo[k])) return false;
    return true;
  }
  return false;
}

/** Paths (kubectl form) at which two values differ, for error messages. */
export function diffPaths(a: unknown, b: unknown, path: string, out: string[] = [], limit = 10): string[] {
  if (out.length >= limit || semanticEqual(a, b)) return out;
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => diffPaths(x, b[i], `${path}[${i}]`, out, limit));
    return out;
  }
  const plain = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (plain(a) && plain(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) diffPaths(ao[k], bo[k], path ? `${path}.${k}` : k, out, limit);
    return out;
  }
  out.push(path);
  return out;
}
