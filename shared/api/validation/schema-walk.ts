// Walking a value together with its schema: turning ajv's JSON pointers into
// kubectl field paths, and dropping unknown fields (fieldValidation=Ignore/Warn,
// the way Kubernetes' decoder silently drops them).

import type { Schema } from '../schema/common.js';

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function childSchemas(schema: Schema | undefined): {
  props?: Record<string, Schema>;
  items?: Schema;
  additional?: Schema | false;
} {
  if (!schema) return {};
  return {
    props: schema.properties as Record<string, Schema> | undefined,
    items: schema.items as Schema | undefined,
    additional: schema.additionalProperties as Schema | false | undefined,
  };
}

/**
 * `/spec/containers/0/ports/1/name` → `spec.containers[0].ports[1].name`;
 * map entries render as `[key]`: `metadata.labels[app.kubernetes.io/name]`.
 */
export function fieldPath(root: Schema, pointer: string): string {
  if (pointer === '') return '';
  let schema: Schema | undefined = root;
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const { props, items, additional } = childSchemas(schema);
    if (props && hasOwn(props, seg)) {
      out = out ? `${out}.${seg}` : seg;
      schema = props[seg];
    } else if (items) {
      out += `[${seg}]`;
      schema = items;
    } else if (additional && typeof additional === 'object') {
      out += `[${seg}]`;
      schema = additional;
    } else {
      out = /^\d+$/.test(seg) ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg;
      schema = undefined;
    }
  }
  return out;
}

/** A deep copy of `value` without the properties `schema` does not know. */
export function pruneWithSchema(value: unknown, schema: Schema | undefined): unknown {
  if (Array.isArray(value)) {
    const { items } = childSchemas(schema);
    return value.map((v) => pruneWithSchema(v, items));
  }
  if (value !== null && typeof value === 'object') {
    const { props, additional } = childSchemas(schema);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (props && hasOwn(props, k)) out[k] = pruneWithSchema(v, props[k]);
      else if (additional === false) continue;
      else out[k] = pruneWithSchema(v, typeof additional === 'object' ? additional : undefined);
    }
    return out;
  }
  return value;
}

function hasNullProperty(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullProperty);
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) if (v === null || hasNullProperty(v)) return true;
  }
  return false;
}

function stripNullProperties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNullProperties);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = stripNullProperties(v);
    return out;
  }
  return value;
}

/**
 * Go's JSON decoder treats `field: null` as "not set" (YAML's `env:` with nothing
 * under it is such a null), so null properties are dropped before validation.
 * Returns the input itself when it has none (the common case, no copy).
 */
export function withoutNulls<T>(value: T): T {
  return hasNullProperty(value) ? (stripNullProperties(value) as T) : value;
}
