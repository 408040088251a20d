// Apply a PATCH body to the stored object, in the format its Content-Type named.

import type { KubeObject } from '../../../shared/api/object.js';
import { parsePatchBody } from './body.js';
import type { PatchType } from './content-type.js';
import { PatchError } from './errors.js';
import { brief, isJsonObject, type JsonObject } from './json-value.js';
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { applyStrategicMergePatch } from './strategic/index.js';

/**
 * The object `patch` turns `original` into. `patch` is the parsed body (a raw
 * string or bytes are parsed too). Inputs are never modified and the result
 * shares nothing with them. `kind` is the kind name (`Pod`, `Deployment`), which
 * selects the strategic-merge schema. Throws PatchError for a patch that cannot
 * apply or that removes metadata; validating the result (name, kind, immutable
 * fields, the kind's schema) is the caller's job, as it is in kube-apiserver.
 */
export function applyPatch(kind: string, original: KubeObject, patchType: PatchType, patch: unknown): KubeObject {
  const body = parsePatchBody(patch);
  const doc = original as unknown as JsonObject;
  let result: JsonObject;
  switch (patchType) {
    case 'json':
      result = applyJsonPatch(doc, body);
      break;
    case 'merge':
      result = applyMergePatch(doc, body);
      break;
    case 'strategic':
      result = applyStrategicMergePatch(kind, doc, body);
      break;
    default:
      throw new PatchError(`unsupported patch type ${brief(patchType)}`);
  }
  if (!isJsonObject(result)) throw new PatchError(`patch must leave an object, got ${brief(result)}`);
  // Every object keeps its ObjectMeta; without it the request cannot name an object.
  if (!isJsonObject(result.metadata)) throw new PatchError('patch must not remove metadata');
  return result as unknown as KubeObject;
}
