// Schema validation with ajv: one compiled validator per kind, built on first
// use and reused (validation runs on every API write). ajv's errors are mapped
// to Kubernetes-shaped FieldErrors; unknown fields are reported separately
// because Kubernetes treats them by the request's fieldValidation directive.

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { formatValue, invalid, notSupported, required, typeInvalid } from '../fielderrors.js';
import type { FieldError } from '../object.js';
import { nameOf } from '../schema/common.js';
import { openApiDefinitions, schemaForKind, type Schema } from '../schema/index.js';
import { fieldPath } from './schema-walk.js';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Annotation-only keywords of Kubernetes' OpenAPI dialect. */
const EXTENSIONS = [
  'x-kubernetes-int-or-string',
  'x-kubernetes-group-version-kind',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
];

const DEFS_ID = 'edgeplane';

let ajv: Ajv | undefined;

function instance(): Ajv {
  if (ajv) return ajv;
  // allErrors: report every problem at once, as the apiserver does; verbose: errors carry the bad value.
  const a = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false, inlineRefs: false });
  for (const keyword of EXTENSIONS) a.addKeyword({ keyword });
  a.addFormat('int32', { type: 'number', validate: (n: number) => n >= INT32_MIN && n <= INT32_MAX });
  a.addFormat('int64', { type: 'number', validate: () => true });
  a.addFormat('double', { type: 'number', validate: () => true });
  a.addFormat('date-time', RFC3339);
  // Go's base64 decoder skips line breaks, so PEM-ish wrapped data is fine.
  a.addFormat('byte', (s: string) => BASE64.test(s.replace(/[\r\n]/g, '')));
  // Kinds share definitions by $ref (all workloads embed a PodSpec), and
  // inlineRefs: false compiles each definition once for all of them.
  a.addSchema({ $id: DEFS_ID, definitions: openApiDefinitions({ refPrefix: `${DEFS_ID}#/definitions/` }) });
  ajv = a;
  return a;
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(kind: string): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    v = instance().compile({ $ref: `${DEFS_ID}#/definitions/${nameOf(schemaForKind(kind))}` });
    validators.set(kind, v);
  }
  return v;
}

export interface SchemaResult {
  errors: FieldError[];
  unknownFields: string[];
  /** type/format errors: Kubernetes would have failed decoding, so semantic checks are skipped */
  malformed: boolean;
}

const FORMAT_DETAIL: Record<string, string> = {
  int32: 'must be a 32-bit integer',
  'date-time': 'must be an RFC 3339 date-time, e.g. 2006-01-02T15:04:05Z',
  byte: 'must be base64-encoded data',
};

/** Validate against the kind's schema. `kind` must have a schema. */
export function validateSchema(kind: string, obj: unknown): SchemaResult {
  const validate = validatorFor(kind);
  const result: SchemaResult = { errors: [], unknownFields: [], malformed: false };
  if (validate(obj)) return result;
  const root = schemaForKind(kind);
  for (const e of validate.errors ?? []) mapError(root, e, result);
  return result;
}

function mapError(root: Schema, e: ErrorObject, out: SchemaResult): void {
  const path = fieldPath(root, e.instancePath);
  const join = (child: string) => (path ? `${path}.${child}` : child);
  switch (e.keyword) {
    case 'additionalProperties':
      out.unknownFields.push(join(String(e.params.additionalProperty)));
      return;
    case 'required':
      out.errors.push(required(join(String(e.params.missingProperty))));
      return;
    case 'enum':
      out.errors.push(notSupported(path, e.data, (e.params.allowedValues as unknown[]).map(String)));
      return;
    case 'type':
      // the branches of an int-or-string anyOf report through the anyOf error below
      if (e.schemaPath.includes('/anyOf/')) return;
      out.malformed = true;
      out.errors.push(typeInvalid(path, e.data, `must be of type ${[e.params.type].flat().join(' or ')}`));
      return;
    case 'anyOf': {
      out.malformed = true;
      const branches = (e.schema as Schema[]).map((b) => String(b.type));
      out.errors.push(typeInvalid(path, e.data, `must be of type ${branches.join(' or ')}`));
      return;
    }
    case 'format':
      out.malformed = true;
      out.errors.push(invalid(path, e.data, FORMAT_DETAIL[String(e.params.format)] ?? `must match format ${String(e.params.format)}`));
      return;
    default:
      out.errors.push(invalid(path, e.data, e.message ?? `is invalid (${formatValue(e.params)})`));
  }
}
