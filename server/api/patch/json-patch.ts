// RFC 6902 JSON Patch, as kube-apiserver applies `application/json-patch+json`
// (it uses evanphx/json-patch): operations apply in order, any failing operation —
// including a `test` whose value differs — rejects the whole patch, and the
// result must still be a JSON object.

import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { PatchError } from './errors.js';
import { brief, cloneJson, isJsonObject, type JsonObject } from './json-value.js';

/** kube-apiserver refuses JSON patches longer than this (maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

export function applyJsonPatch(original: JsonObject, patch: unknown): JsonObject {
  if (!Array.isArray(patch)) {
    throw new PatchError(`json patch must be an array of operations, got ${brief(patch)}`);
  }
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new PatchError(
      `the allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`,
    );
  }
  // Clone both: fast-json-patch inserts operation values by reference, and the
  // document (maybe frozen) must stay untouched.
  const doc = cloneJson(original);
  const ops = cloneJson(patch) as Operation[];
  let result: unknown;
  try {
    result = jsonpatch.applyPatch(doc, ops, true, true).newDocument;
  } catch (err) {
    throw new PatchError(describeFailure(err, ops), { cause: err });
  }
  if (!isJsonObject(result)) {
    throw new PatchError(`json patch must leave an object, got ${brief(result)}`);
  }
  return result;
}

function describeFailure(err: unknown, ops: Operation[]): string {
  if (!(err instanceof jsonpatch.JsonPatchError)) return `json patch failed: ${(err as Error)?.message ?? err}`;
  // fast-json-patch appends the whole document to its message; keep the first line.
  const reason = err.message.split('\n', 1)[0];
  const index = typeof err.index === 'number' ? err.index : undefined;
  const op = index !== undefined ? ops[index] : undefined;
  const where = op && isJsonObject(op) ? ` (operation ${index}: ${brief(op.op)} ${brief(op.path)})` : '';
  if (err.name === 'TEST_OPERATION_FAILED') {
    return `json patch test operation failed${where}: the value at the path differs from the expected value`;
  }
  return `invalid json patch${where}: ${reason}`;
}
