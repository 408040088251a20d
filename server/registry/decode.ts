// Turning a request body into an object of the addressed kind, with the checks
// the apiserver's decoder and "strict field validation" make
// (KEP-2885: fieldValidation=Strict|Warn|Ignore).

import { apiVersionOf, type KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import { pruneUnknownFields, validateObject } from '../../shared/api/validate.js';
import { errors } from '../api/status.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function parseFieldValidation(v: string | null): FieldValidation {
  if (v === null || v === '' || v === 'Strict') return 'Strict';
  if (v === 'Warn' || v === 'Ignore') return v;
  throw errors.badRequest(`fieldValidation parameter unsupported: ${JSON.stringify(v)} (supported: Strict, Warn, Ignore)`);
}

export interface Decoded {
  object: KubeObject;
  warnings: string[];
}

/**
 * Check apiVersion/kind against the URL, fill them in when absent, and apply
 * the field validation directive. Returns a fresh, caller-owned object.
 */
export function decodeBody(kind: KindInfo, body: unknown, fieldValidation: FieldValidation): Decoded {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.badRequest(`the body of the request must be a ${kind.kind} object`);
  }
  const obj = structuredClone(body) as KubeObject;
  const expectedApiVersion = apiVersionOf(kind);
  if (obj.apiVersion === undefined) obj.apiVersion = expectedApiVersion;
  if (obj.kind === undefined) obj.kind = kind.kind;
  if (obj.apiVersion !== expectedApiVersion) {
    throw errors.badRequest(
      `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${expectedApiVersion})`,
    );
  }
  if (obj.kind !== kind.kind) {
    throw errors.badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${kind.kind})`);
  }
  if (obj.metadata === undefined) obj.metadata = {};
  if (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) {
    throw errors.badRequest(`${kind.kind} in version "v1" cannot be handled as a ${kind.kind}: metadata must be an object`);
  }
  const warnings: string[] = [];
  if (fieldValidation === 'Ignore') return { object: pruneUnknownFields(obj), warnings };
  const { unknownFields } = validateObject(obj);
  if (unknownFields.length === 0) return { object: obj, warnings };
  if (fieldValidation === 'Strict') {
    throw errors.badRequest(
      `${kind.kind} in version "v1" cannot be handled as a ${kind.kind}: strict decoding error: ${unknownFields
        .map((f) => `unknown field "${f}"`)
        .join(', ')}`,
      unknownFields.map((f) => ({ type: 'FieldValueUnknown', field: f, message: 'unknown field' })),
    );
  }
  for (const f of unknownFields) warnings.push(`unknown field "${f}"`);
  return { object: pruneUnknownFields(obj), warnings };
}
