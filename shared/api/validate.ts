// The validation entry points the API server calls on every write, in
// Kubernetes' order: decode (types, unknown fields) → defaults → validate →
// (on update) immutability checks.

import { typeInvalid, invalid, required } from './fielderrors.js';
import { kindByApiVersionKind, KINDS } from './kinds.js';
import type { FieldError, KubeObject } from './object.js';
import { hasSchema, schemaForKind } from './schema/index.js';
import { validateSchema } from './validation/ajv.js';
import { pruneWithSchema, withoutNulls } from './validation/schema-walk.js';
import { validateSemantics } from './validation/semantic.js';
import { validateObjectUpdate } from './validation/update.js';

export interface ValidationResult {
  errors: FieldError[];
  /** kubectl-style paths of fields the schema does not know, e.g. `spec.containers[0].imagee` */
  unknownFields: string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function dedupe(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const k = `${e.field}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** apiVersion and kind must name a served kind. */
function checkTypeMeta(obj: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  const { apiVersion, kind } = obj;
  if (kind === undefined || kind === '') errs.push(required('kind'));
  else if (typeof kind !== 'string') errs.push(typeInvalid('kind', kind, 'must be of type string'));
  if (apiVersion === undefined || apiVersion === '') errs.push(required('apiVersion'));
  else if (typeof apiVersion !== 'string') errs.push(typeInvalid('apiVersion', apiVersion, 'must be of type string'));
  if (errs.length) return errs;
  if (!kindByApiVersionKind(apiVersion as string, kind as string)) {
    const msg = `no kind "${String(kind)}" is registered for version "${String(apiVersion)}"`;
    // A known kind under the wrong group/version is an apiVersion problem.
    if (KINDS.some((k) => k.kind === kind)) errs.push(invalid('apiVersion', apiVersion, msg));
    else errs.push(invalid('kind', kind, msg));
  }
  return errs;
}

/**
 * Schema (types, enums, required fields) and semantic checks of one object.
 * Unknown fields are listed apart: whether they are an error depends on the
 * request's fieldValidation (Strict/Warn/Ignore). Never mutates `obj`.
 */
export function validateObject(obj: unknown): ValidationResult {
  if (!isObject(obj)) return { errors: [typeInvalid('', obj, 'must be an object')], unknownFields: [] };
  const typeErrs = checkTypeMeta(obj);
  if (typeErrs.length) return { errors: typeErrs, unknownFields: [] };
  const kind = kindByApiVersionKind(obj.apiVersion as string, obj.kind as string)!;
  const data = withoutNulls(obj);
  const schema = validateSchema(kind.kind, data);
  const errors = [...schema.errors];
  // Type errors fail decoding in Kubernetes; semantic rules assume well-typed input.
  if (!schema.malformed) errors.push(...validateSemantics(kind, data));
  return { errors: dedupe(errors), unknownFields: schema.unknownFields };
}

/** A deep copy of `obj` without the fields its kind's schema does not know. */
export function pruneUnknownFields<T>(obj: T): T {
  const kind = isObject(obj) && typeof obj.kind === 'string' && hasSchema(obj.kind) ? obj.kind : undefined;
  return pruneWithSchema(obj, kind ? schemaForKind(kind) : undefined) as T;
}

/**
 * Update rules (ValidateXxxUpdate): what may not change between `oldObj` and
 * `newObj`. Run validateObject on `newObj` as well; this only adds the
 * immutability errors.
 */
export function validateUpdate(newObj: KubeObject, oldObj: KubeObject): FieldError[] {
  return dedupe(validateObjectUpdate(newObj, oldObj));
}
