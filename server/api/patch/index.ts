// PATCH bodies as kube-apiserver applies them: JSON patch (RFC 6902), JSON merge
// patch (RFC 7386) and strategic merge patch.

export { applyPatch } from './apply.js';
export { patchTypeFromContentType, type PatchType } from './content-type.js';
export { PatchError } from './errors.js';
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch, STRATEGIC_SCHEMAS, strategicSchemaFor } from './strategic/index.js';
export type { FieldMeta, StructSchema } from './strategic/index.js';
