// Constructors for FieldErrors worded as k8s.io/apimachinery/pkg/util/validation/field
// words them (`Error.ErrorBody()`): "<type>: <value>: <detail>". Field paths use
// the kubectl form `spec.containers[0].image`; map keys render as `[key]`.

import type { FieldError } from './object.js';

/** Render a bad value the way Go's `%q` / `%v` / `%#v` would, close enough for users. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (isStringMap(value)) {
    // Go prints map[string]string with %#v, keys sorted: map[string]string{"app":"nginx"}
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${JSON.stringify(value[k])}`);
    return `map[string]string{${entries.join(', ')}}`;
  }
  return JSON.stringify(value);
}

function isStringMap(v: unknown): v is Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const values = Object.values(v);
  return values.length > 0 && values.every((x) => typeof x === 'string');
}

function body(kind: string, value: unknown, detail?: string, omitValue = false): string {
  let s = omitValue ? kind : `${kind}: ${formatValue(value)}`;
  if (detail) s += `: ${detail}`;
  return s;
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, message: body('Invalid value', value, detail) };
}

export function typeInvalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueTypeInvalid', field, message: body('Invalid value', value, detail) };
}

export function required(field: string, detail?: string): FieldError {
  return { type: 'FieldValueRequired', field, message: body('Required value', undefined, detail, true) };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, message: body('Forbidden', undefined, detail, true) };
}

export function duplicate(field: string, value: unknown, detail?: string): FieldError {
  return { type: 'FieldValueDuplicate', field, message: body('Duplicate value', value, detail) };
}

export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const detail = supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : undefined;
  return { type: 'FieldValueNotSupported', field, message: body('Unsupported value', value, detail) };
}

export function tooLong(field: string, maxLength: number): FieldError {
  return { type: 'FieldValueTooLong', field, message: body('Too long', undefined, `must have at most ${maxLength} bytes`, true) };
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field, message: body('Too many', actual, `must have at most ${max} items`) };
}

/**
 * field.NotFound. The shared FieldError type has no FieldValueNotFound reason, so
 * it is reported as FieldValueInvalid with Kubernetes' "Not found" wording.
 */
export function notFound(field: string, value: unknown): FieldError {
  return { type: 'FieldValueInvalid', field, message: body('Not found', value) };
}

/** Join a parent path and a child field name (`''` parent gives the bare child). */
export function child(parent: string, name: string): string {
  return parent ? `${parent}.${name}` : name;
}

export function index(parent: string, i: number): string {
  return `${parent}[${i}]`;
}

export function key(parent: string, k: string): string {
  return `${parent}[${k}]`;
}
