// RFC 7386 JSON Merge Patch (`application/merge-patch+json`): objects merge
// recursively, `null` deletes a key, anything else — arrays included — replaces
// the target value wholesale.

import { PatchError } from './errors.js';
import { brief, cloneJson, isJsonObject, type JsonObject } from './json-value.js';

export function applyMergePatch(original: JsonObject, patch: unknown): JsonObject {
  // RFC 7386 allows a non-object patch to replace the whole document, but a
  // Kubernetes object can only be patched into another object.
  if (!isJsonObject(patch)) {
    throw new PatchError(`merge patch must be a JSON object, got ${brief(patch)}`);
  }
  // Work on copies: inputs may be frozen and the result must not share with them.
  return mergeValue(cloneJson(original), cloneJson(patch)) as JsonObject;
}

/** MergePatch(Target, Patch) from RFC 7386 section 2; mutates `target` (a private copy). */
function mergeValue(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = isJsonObject(target) ? target : {};
  for (const [name, value] of Object.entries(patch)) {
    if (name === '__proto__') continue; // never a Kubernetes field; assigning it would swap a prototype
    if (value === null) delete result[name];
    else result[name] = mergeValue(result[name], value);
  }
  return result;
}
