// List helpers of the strategic merge algorithm: element typing, merge-key lookup
// and partitioning, following k8s.io/apimachinery pkg/util/strategicpatch/patch.go.

import { PatchError } from '../errors.js';
import { brief, isJsonObject, jsonKind, type JsonKind, type JsonObject } from '../json-value.js';
import { DELETE_DIRECTIVE, DIRECTIVE_MARKER } from './directives.js';

/**
 * The common element type of some lists (sliceElementType). Strategic merge refuses
 * mixed lists and lists of lists; `undefined` means the lists are all empty (where
 * Go returns an error, callers here simply have nothing to order).
 */
export function sliceElementKind(...lists: unknown[][]): JsonKind | undefined {
  let kind: JsonKind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = jsonKind(v);
      if (k === 'array') throw new PatchError('lists of lists are not supported');
      if (kind === undefined) kind = k;
      else if (kind !== k) throw new PatchError(`list element types are not identical: ${brief(lists)}`);
    }
  }
  return kind;
}

export function noMergeKey(item: unknown, mergeKey: string): PatchError {
  return new PatchError(`map: ${brief(item)} does not contain declared merge key: ${mergeKey}`);
}

/** The element of a list of maps whose merge key equals `value` (findMapInSliceBasedOnKeyValue). */
export function findByMergeKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isJsonObject(item)) throw new PatchError(`value for key ${i} is not a map`);
    if (Object.prototype.hasOwnProperty.call(item, mergeKey) && item[mergeKey] === value) return i;
  }
  return -1;
}

export function requireMergeKey(item: unknown, mergeKey: string): JsonObject {
  if (!isJsonObject(item)) throw new PatchError(`expected a map in a merging list, got ${brief(item)}`);
  if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) throw noMergeKey(item, mergeKey);
  return item;
}

/** Two list elements are "the same" element: equal merge keys, or equal primitives. */
export function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  return requireMergeKey(left, mergeKey)[mergeKey] === requireMergeKey(right, mergeKey)[mergeKey];
}

export function isDeleteItem(v: unknown): boolean {
  return isJsonObject(v) && v[DIRECTIVE_MARKER] === DELETE_DIRECTIVE;
}

/** Split `items` into those present in `by` and the rest, keeping their order. */
export function partitionByPresence(items: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const absent: unknown[] = [];
  if (!mergeKey) {
    const set = new Set(by);
    for (const v of items) (set.has(v) ? present : absent).push(v);
    return [present, absent];
  }
  for (const v of items) {
    const key = requireMergeKey(v, mergeKey)[mergeKey];
    (findByMergeKey(by, mergeKey, key) >= 0 ? present : absent).push(v);
  }
  return [present, absent];
}

/** Remove every value of `toDelete` from a list of primitives (deleteFromSlice). */
export function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  const set = new Set(toDelete);
  return current.filter((v) => !set.has(v));
}

/** Remove duplicate primitives, keeping first occurrences. */
export function dedupeScalars(list: unknown[]): unknown[] {
  return [...new Set(list)];
}
