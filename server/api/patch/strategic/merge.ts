// The strategic merge algorithm as kube-apiserver applies it
// (k8s.io/apimachinery pkg/util/strategicpatch: StrategicMergeMapPatch with
// MergeParallelList and IgnoreUnmatchedNulls). Like the Go code it mutates both
// arguments; callers pass private deep copies.
//
// Where Kubernetes takes a patch value verbatim (the field is absent from the
// live object, or the types differ) and relies on decoding into Go structs to
// drop leftover directives and nulls, this port applies the value onto an empty
// one instead (`materialize`), which yields the same stored object.

import { PatchError } from '../errors.js';
import { brief, isJsonObject, jsonKind, type JsonObject } from '../json-value.js';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  extractKey,
} from './directives.js';
import {
  dedupeScalars,
  deleteFromSlice,
  findByMergeKey,
  partitionByPresence,
  requireMergeKey,
  sliceElementKind,
} from './lists.js';
import { normalizeElementOrder, validatePatchWithSetOrderList } from './order.js';
import { fieldMeta, subSchema, type FieldMeta, type StructSchema } from './schema.js';

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Merge `patch` into `original` (mergeMap). */
export function mergeMap(original: JsonObject, patch: JsonObject, schema: StructSchema): JsonObject {
  if (hasOwn(patch, DIRECTIVE_MARKER)) {
    const directive = patch[DIRECTIVE_MARKER];
    delete patch[DIRECTIVE_MARKER];
    // `$patch: replace` — the map becomes the patch; `$patch: delete` — it is emptied.
    if (directive === REPLACE_DIRECTIVE) return mergeMap({}, patch, schema);
    if (directive === DELETE_DIRECTIVE) return {};
    // Kubernetes rejects `$patch: merge` on a map; it is the default anyway, so
    // Edgeplane accepts it as an explicit "merge as usual".
    if (directive !== MERGE_DIRECTIVE) {
      throw new PatchError(`unknown patch type: ${brief(directive)} in map: ${brief(patch)}`);
    }
  }

  applyRetainKeysDirective(original, patch);
  mergeSetElementOrderLists(original, patch, schema);

  for (const key of Object.keys(patch)) {
    if (key === '__proto__') continue; // never a Kubernetes field; assigning it would swap a prototype
    const patchV = patch[key];
    let field = key;
    let isDeleteList = false;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      field = extractKey(key, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
      if (!Array.isArray(patchV)) throw new PatchError(`invalid patch format of primitive list: ${key}`);
    }
    // null deletes the key; a null for a key the object lacks is ignored.
    if (patchV === null) {
      delete original[field];
      continue;
    }
    const meta = fieldMeta(schema, field);
    const current = original[field];
    // Absent field or a different JSON type: the patch value is taken as is.
    // A deletion list for an absent field has nothing to delete.
    if (!hasOwn(original, field) || jsonKind(current) !== jsonKind(patchV)) {
      if (!isDeleteList) original[field] = materialize(patchV, meta);
      continue;
    }
    if (isJsonObject(current)) {
      original[field] =
        meta.strategy === 'replace'
          ? materialize(patchV, meta)
          : mergeMap(current, patchV as JsonObject, subSchema(meta));
    } else if (Array.isArray(current)) {
      original[field] = mergeListField(field, current, patchV as unknown[], meta, isDeleteList);
    } else {
      original[field] = patchV;
    }
  }
  return original;
}

/** mergeSliceHandler: only `patchStrategy: merge` lists merge; others are replaced. */
function mergeListField(field: string, original: unknown[], patch: unknown[], meta: FieldMeta, isDeleteList: boolean): unknown[] {
  if (meta.strategy === 'merge') return mergeSlice(field, original, patch, meta, isDeleteList);
  if (isDeleteList) {
    // Kubernetes would store the deletion list as the field's new value here.
    throw new PatchError(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${field}: ${field} is not a list with patch strategy merge`);
  }
  return materializeList(patch, meta);
}

/** mergeSlice: merge two lists by merge key (maps) or as sets (primitives), then order them. */
function mergeSlice(field: string, original: unknown[], patch: unknown[], meta: FieldMeta, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch)!;

  if (kind !== 'object') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    const merged = dedupeScalars([...original, ...patch]);
    const [patchItems, serverOnly] = partitionByPresence(merged, patch, '');
    return normalizeElementOrder(patchItems, serverOnly, patch, original, '', kind);
  }

  const mergeKey = meta.mergeKey;
  if (!mergeKey) throw new PatchError(`cannot merge lists without merge key for ${field}`);
  if (isDeleteList) throw new PatchError(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${field}: ${field} is not a list of primitives`);

  const [base, patchItemsIn] = applySpecialElements(original, patch, mergeKey, subSchema(meta));
  const merged = mergeElements(base, patchItemsIn, mergeKey, subSchema(meta));
  const [patchItems, serverOnly] = partitionByPresence(merged, patchItemsIn, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, patchItemsIn, base, mergeKey, kind);
}

/**
 * mergeSliceWithSpecialElements: `{$patch: delete, <key>: v}` removes every live
 * element with that key; any `{$patch: replace}` element makes the list exactly
 * the patch's other elements. Returns the new base list and the plain patch elements.
 */
function applySpecialElements(original: unknown[], patch: unknown[], mergeKey: string, elemSchema: StructSchema): [unknown[], unknown[]] {
  let base = original;
  const plain: unknown[] = [];
  let replace = false;
  for (const item of patch) {
    if (!isJsonObject(item) || !hasOwn(item, DIRECTIVE_MARKER)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE_MARKER];
    if (directive === DELETE_DIRECTIVE) {
      if (!hasOwn(item, mergeKey)) throw new PatchError(`map: ${brief(item)} does not contain declared merge key: ${mergeKey}`);
      base = base.filter((v) => !(isJsonObject(v) && hasOwn(v, mergeKey) && v[mergeKey] === item[mergeKey]));
    } else if (directive === REPLACE_DIRECTIVE) {
      replace = true; // keep scanning: the other directives are pruned too
    } else if (directive === MERGE_DIRECTIVE) {
      // Kubernetes answers "merging lists cannot yet be specified in the patch";
      // Edgeplane treats the element as a normal one, merging being the default.
      delete item[DIRECTIVE_MARKER];
      plain.push(item);
    } else {
      throw new PatchError(`unknown patch type: ${brief(directive)} in map: ${brief(item)}`);
    }
  }
  if (replace) return [plain.map((v) => (isJsonObject(v) ? mergeMap({}, v, elemSchema) : v)), []];
  return [base, plain];
}

/** mergeSliceWithoutSpecialElements: merge each patch element into its live twin, or append it. */
function mergeElements(base: unknown[], patch: unknown[], mergeKey: string, elemSchema: StructSchema): unknown[] {
  const out = [...base];
  for (const item of patch) {
    const typed = requireMergeKey(item, mergeKey);
    const i = findByMergeKey(out, mergeKey, typed[mergeKey]);
    if (i >= 0) out[i] = mergeMap(out[i] as JsonObject, typed, elemSchema);
    else out.push(mergeMap({}, typed, elemSchema));
  }
  return out;
}

/**
 * `$setElementOrder/<field>` (mergePatchIntoOriginal): merge the field's patch list
 * now, then order the result: elements named in the order list follow it, live-only
 * elements keep their live positions. Removes both keys from `patch`.
 */
function mergeSetElementOrderLists(original: JsonObject, patch: JsonObject, schema: StructSchema): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const setOrder = patch[key];
    delete patch[key];
    if (!Array.isArray(setOrder)) throw new PatchError(`invalid patch format of setElementOrder list: ${key}`);
    const field = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const meta = fieldMeta(schema, field);
    // Only merging lists have an order to keep; elsewhere the directive is moot.
    if (meta.strategy !== 'merge') continue;

    const foundOriginal = hasOwn(original, field);
    const foundPatch = hasOwn(patch, field);
    if (!foundOriginal && !foundPatch) continue;
    const liveList = foundOriginal ? original[field] : [];
    const patchList = foundPatch ? patch[field] : [];
    if (!Array.isArray(liveList)) throw new PatchError(`${field} is not a list: ${brief(liveList)}`);
    if (!Array.isArray(patchList)) throw new PatchError(`${field} in the patch is not a list: ${brief(patchList)}`);

    const kind = sliceElementKind(liveList, patchList);
    const mergeKey = kind === 'object' ? meta.mergeKey ?? '' : '';
    validatePatchWithSetOrderList(patchList, setOrder, mergeKey);

    let merged: unknown[];
    if (!foundPatch) merged = liveList;
    else if (!foundOriginal) merged = materializeList(patchList, meta);
    else merged = mergeSlice(field, liveList, patchList, meta, false);

    if (kind !== undefined) {
      const [patchItems, serverOnly] = partitionByPresence(merged, setOrder, mergeKey);
      merged = normalizeElementOrder(patchItems, serverOnly, setOrder, liveList, mergeKey, kind);
    }
    original[field] = merged;
    delete patch[field];
  }
}

/**
 * `$retainKeys: [...]` (applyRetainKeysDirective): every key of the live map not
 * listed is cleared; the patch itself may only set listed keys.
 */
function applyRetainKeysDirective(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const list = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(list)) throw new PatchError('invalid patch format of retainKeys: must be a list of field names');
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || k.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    if (!keep.has(k)) throw new PatchError(`invalid patch format of retainKeys: ${k} is set but not listed in $retainKeys`);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** A patch value placed where the live object has nothing to merge with. */
function materialize(v: unknown, meta: FieldMeta): unknown {
  if (isJsonObject(v)) return mergeMap({}, v, subSchema(meta));
  if (Array.isArray(v)) return materializeList(v, meta);
  return v;
}

/**
 * A list placed wholesale. Elements that are only directives (`{$patch: delete, ...}`
 * with nothing to delete, a bare `{$patch: replace}`) carry no data and are dropped.
 */
function materializeList(list: unknown[], meta: FieldMeta): unknown[] {
  const out: unknown[] = [];
  for (const item of list) {
    if (!isJsonObject(item)) {
      out.push(item);
      continue;
    }
    if (item[DIRECTIVE_MARKER] === DELETE_DIRECTIVE) continue;
    if (hasOwn(item, DIRECTIVE_MARKER) && Object.keys(item).length === 1) continue;
    out.push(mergeMap({}, item, subSchema(meta)));
  }
  return out;
}
