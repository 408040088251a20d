// The patch metadata strategic merge patch needs about a type. Kubernetes reads it
// from the Go struct tags of k8s.io/api (`patchStrategy:"merge"
// patchMergeKey:"name"`); Edgeplane has no Go types, so the same facts are written
// down as a tree of field descriptions (see kinds.ts).

/**
 * One field of a struct. Without an entry a field gets Kubernetes' defaults:
 * maps merge key by key, lists are replaced wholesale.
 */
export interface FieldMeta {
  /**
   * `merge`: lists merge element by element (by `mergeKey` for lists of objects,
   * by value for lists of primitives). `replace`: the patch value replaces the field.
   * (`retainKeys` only matters when kubectl computes a patch; applying one only
   * needs the `$retainKeys` directive the patch carries.)
   */
  readonly strategy?: 'merge' | 'replace';
  /** patchMergeKey: the element field that identifies list items. */
  readonly mergeKey?: string;
  /** The struct this field holds (for lists: the element struct). */
  readonly schema?: StructSchema;
}

export type StructSchema = { readonly [field: string]: FieldMeta };

const NO_META: FieldMeta = Object.freeze({});
export const EMPTY_SCHEMA: StructSchema = Object.freeze({});

export function fieldMeta(schema: StructSchema, field: string): FieldMeta {
  return Object.prototype.hasOwnProperty.call(schema, field) ? schema[field]! : NO_META;
}

export function subSchema(meta: FieldMeta): StructSchema {
  return meta.schema ?? EMPTY_SCHEMA;
}

/** A list field merged by `mergeKey` whose elements are `schema` structs. */
export function mergeList(mergeKey: string, schema?: StructSchema): FieldMeta {
  return schema ? { strategy: 'merge', mergeKey, schema } : { strategy: 'merge', mergeKey };
}

/** A list of primitives merged as a set (e.g. ObjectMeta.finalizers). */
export const MERGE_PRIMITIVES: FieldMeta = Object.freeze({ strategy: 'merge' });

/** A nested struct (no strategy of its own, maps merge) described by `schema`. */
export function struct(schema: StructSchema): FieldMeta {
  return { schema };
}
