// Strategic merge patch (`application/strategic-merge-patch+json`) for the kinds
// Edgeplane serves.

import { PatchError } from '../errors.js';
import { brief, cloneJson, isJsonObject, type JsonObject } from '../json-value.js';
import { stripDirectives } from './directives.js';
import { strategicSchemaFor } from './kinds.js';
import { mergeMap } from './merge.js';

export function applyStrategicMergePatch(kind: string, original: JsonObject, patch: unknown): JsonObject {
  const schema = strategicSchemaFor(kind);
  if (!schema) {
    // kube-apiserver answers 415 for strategic patches on types without Go
    // struct metadata (custom resources); here: kinds without a schema.
    throw new PatchError(`strategic merge patch is not supported for kind ${JSON.stringify(kind)}`);
  }
  if (!isJsonObject(patch)) {
    throw new PatchError(`strategic merge patch must be a JSON object, got ${brief(patch)}`);
  }
  const result = mergeMap(cloneJson(original), cloneJson(patch), schema);
  stripDirectives(result);
  return result;
}

export { STRATEGIC_SCHEMAS, strategicSchemaFor } from './kinds.js';
export type { FieldMeta, StructSchema } from './schema.js';
