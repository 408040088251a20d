// The special keys of a strategic merge patch (k8s.io/apimachinery
// pkg/util/strategicpatch, "directives"), and the helpers that read them.

import { PatchError } from '../errors.js';
import { isJsonObject } from '../json-value.js';

/** `$patch: replace|delete|merge` on a map or a list element. */
export const DIRECTIVE_MARKER = '$patch';
export const DELETE_DIRECTIVE = 'delete';
export const REPLACE_DIRECTIVE = 'replace';
export const MERGE_DIRECTIVE = 'merge';
/** `$retainKeys: [...]`: keys of the map not listed are cleared. */
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
/** `$deleteFromPrimitiveList/<field>: [...]`: values removed from a merged primitive list. */
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
/** `$setElementOrder/<field>: [...]`: the order a merged list must end up in. */
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/** The field a parallel-list directive key names: `$setElementOrder/containers` → `containers`. */
export function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix || slash === key.length - 1) {
    throw new PatchError(
      prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX
        ? `invalid patch format of primitive list: ${key}`
        : `invalid patch format of setElementOrder list: ${key}`,
    );
  }
  const field = key.slice(slash + 1);
  if (field === '__proto__') throw new PatchError(`invalid field name in ${key}`);
  return field;
}

export function isDirectiveKey(key: string): boolean {
  return (
    key === DIRECTIVE_MARKER ||
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(`${SET_ELEMENT_ORDER_PREFIX}/`) ||
    key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/`)
  );
}

export function hasDirectiveMarker(v: unknown): boolean {
  return isJsonObject(v) && Object.prototype.hasOwnProperty.call(v, DIRECTIVE_MARKER);
}

/**
 * Remove directive keys left anywhere in a merged document (mutates it). Kubernetes
 * never stores them because it decodes the patched JSON into Go structs, which
 * drops unknown keys; Edgeplane stores JSON, so it drops them explicitly.
 */
export function stripDirectives(v: unknown): void {
  if (Array.isArray(v)) {
    for (const item of v) stripDirectives(item);
  } else if (isJsonObject(v)) {
    for (const key of Object.keys(v)) {
      if (isDirectiveKey(key)) delete v[key];
      else stripDirectives(v[key]);
    }
  }
}
