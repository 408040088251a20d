// Small helpers for defaulters working on a fresh copy of an object.

import { formatQuantity, isValidQuantity, type QuantityFormat } from '../quantity.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function objects(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

/** Go's defaulters test `== ""`: an empty string is "unset" just like an absent field. */
export function unset(v: unknown): boolean {
  return v === undefined || v === '';
}

/**
 * Deep copy of JSON data with null-valued properties dropped: Go decodes
 * `field: null` as "not set", and the result is caller-owned (inputs may be frozen).
 */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (value !== null && typeof value === 'object') {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = cloneJson(v);
    return out as T;
  }
  return value;
}

/** Kubernetes stores quantities as strings; numbers from JSON (`cpu: 1`) come back canonical (`"1"`). */
export function normalizeQuantities(list: unknown, format: QuantityFormat = 'DecimalSI'): void {
  if (!isObj(list)) return;
  for (const [k, v] of Object.entries(list)) {
    if (typeof v === 'number' && isValidQuantity(v)) list[k] = formatQuantity(v, k === 'memory' || k === 'ephemeral-storage' ? format : 'DecimalSI');
  }
}
