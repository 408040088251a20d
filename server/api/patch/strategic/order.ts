// Element order of merged lists, after the design "Preserve Order in Strategic
// Merge Patch": elements named in the patch (or its `$setElementOrder` list) take
// the patch's order, elements only on the server keep theirs, and the two
// sequences are interleaved using the live object's order.

import { PatchError } from '../errors.js';
import { brief, isJsonObject, type JsonKind } from '../json-value.js';
import { hasDirectiveMarker } from './directives.js';
import { isDeleteItem, mergeKeyValueEqual, requireMergeKey } from './lists.js';

/** Position of an element in `list`, by merge key for maps (index). */
function indexIn(list: unknown[], v: unknown, mergeKey: string, kind: JsonKind): number {
  if (kind === 'object') {
    const key = isJsonObject(v) ? v[mergeKey] : undefined;
    return list.findIndex((item) => isJsonObject(item) && item[mergeKey] === key);
  }
  return list.indexOf(v);
}

/**
 * Stable-sort `toSort` by position in `order` (normalizeSliceOrder); elements
 * carrying `$patch: delete` go last. Elements missing from `order` keep their
 * relative order after the ordered ones (Go leaves that case to an inconsistent
 * comparator; it does not arise for well-formed patches).
 */
export function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: JsonKind): unknown[] {
  let keep = toSort;
  let toDelete: unknown[] = [];
  if (kind === 'object') {
    for (const v of toSort) requireMergeKey(v, mergeKey);
    for (const v of order) requireMergeKey(v, mergeKey);
    keep = toSort.filter((v) => !isDeleteItem(v));
    toDelete = toSort.filter(isDeleteItem);
  }
  const ranked = keep.map((v) => {
    const i = indexIn(order, v, mergeKey, kind);
    return { v, rank: i < 0 ? Number.POSITIVE_INFINITY : i };
  });
  ranked.sort((a, b) => (a.rank === b.rank ? 0 : a.rank < b.rank ? -1 : 1));
  return [...ranked.map((r) => r.v), ...toDelete];
}

/**
 * Interleave server-only elements (`left`) into patch elements (`right`), both
 * already sorted, using `serverOrder` where both are known there (mergeSortedSlice).
 */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: JsonKind): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** normalizeElementOrder from strategicpatch: sort both parts, then interleave. */
export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: JsonKind,
): unknown[] {
  const sortedPatch = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
}

/**
 * The patch list must name its (non-deleted) elements in the same relative order
 * as `$setElementOrder` and only elements it lists (validatePatchWithSetOrderList).
 */
export function validatePatchWithSetOrderList(patchList: unknown[], setOrderList: unknown[], mergeKey: string): void {
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? patchList.filter((v) => !isDeleteItem(v)) : patchList;
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < setOrderList.length) {
    if (hasDirectiveMarker(nonDelete[p])) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(nonDelete[p], setOrderList[s], mergeKey)) p++;
    s++;
  }
  if (p < nonDelete.length && s >= setOrderList.length) {
    throw new PatchError(
      `the order in patch list ${brief(patchList)} doesn't match $setElementOrder list ${brief(setOrderList)}`,
    );
  }
}
