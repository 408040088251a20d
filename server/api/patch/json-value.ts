// Helpers over parsed JSON values, shared by the patch formats.

export type JsonObject = { [key: string]: unknown };

/** The JSON type of a value, the way Go's reflect.TypeOf tells decoded JSON apart. */
export type JsonKind = 'null' | 'object' | 'array' | 'string' | 'number' | 'boolean' | 'other';

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function jsonKind(v: unknown): JsonKind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'other';
  }
}

/**
 * A mutable deep copy. Inputs may be deep-frozen; every patch algorithm works on
 * copies so neither the stored object nor the request body is ever touched, and
 * the result shares no (possibly frozen) sub-objects with either.
 */
export function cloneJson<T>(v: T): T {
  return structuredClone(v);
}

/** Short rendering of a value for error messages. */
export function brief(v: unknown, max = 200): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max)}...` : s;
}
