// Every API error is a Kubernetes `Status` object (design.md §3, issue #2). The
// reason strings and codes are the ones in k8s.io/apimachinery/pkg/apis/meta/v1
// (StatusReason*) so kubectl and client libraries interpret them.

import type { FieldError, Status, StatusDetails } from '../../shared/api/object.js';
import { EdgeplaneError } from '../../shared/errors.js';

export class ApiError extends EdgeplaneError {
  constructor(
    readonly status: Status,
    options?: { cause?: unknown },
  ) {
    super(status.reason ?? 'Unknown', status.message ?? '', options);
    this.name = 'ApiError';
  }
  get httpCode(): number {
    return this.status.code;
  }
}

function status(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return s;
}

export function successStatus(details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}

/** `pods "web" not found`, `deployments.apps "web" not found` (kubectl prints these verbatim) */
function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const errors = {
  badRequest: (message: string, causes?: FieldError[]) =>
    new ApiError(
      status(400, 'BadRequest', message, causes?.length ? { causes: causes.map(toCause) } : undefined),
    ),
  unauthorized: () => new ApiError(status(401, 'Unauthorized', 'Unauthorized')),
  forbidden: (message: string, details?: StatusDetails) => new ApiError(status(403, 'Forbidden', message, details)),
  notFound: (resource: string, group: string, name: string) =>
    new ApiError(
      status(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, { name, group: group || undefined, kind: resource }),
    ),
  pathNotFound: (path: string) => new ApiError(status(404, 'NotFound', `the server could not find the requested resource (${path})`)),
  methodNotAllowed: (method: string, what: string) =>
    new ApiError(status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource: ${method} ${what}`)),
  notAcceptable: (message: string) => new ApiError(status(406, 'NotAcceptable', message)),
  alreadyExists: (resource: string, group: string, name: string) =>
    new ApiError(
      status(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, { name, group: group || undefined, kind: resource }),
    ),
  conflict: (resource: string, group: string, name: string, why: string) =>
    new ApiError(
      status(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": ${why}`, {
        name,
        group: group || undefined,
        kind: resource,
      }),
    ),
  gone: (message: string) => new ApiError(status(410, 'Expired', message)),
  tooLarge: (message: string) => new ApiError(status(413, 'RequestEntityTooLarge', message)),
  unsupportedMediaType: (message: string) => new ApiError(status(415, 'UnsupportedMediaType', message)),
  invalid: (kind: string, group: string, name: string, causes: FieldError[]) =>
    new ApiError(
      status(
        422,
        'Invalid',
        `${kind}${group ? '.' + group : ''} "${name}" is invalid: ${causes.map(causeText).join(', ')}`,
        { name, group: group || undefined, kind, causes: causes.map(toCause) },
      ),
    ),
  internal: (message: string, cause?: unknown) => new ApiError(status(500, 'InternalError', `Internal error occurred: ${message}`), { cause }),
  unavailable: (message: string, cause?: unknown) => new ApiError(status(503, 'ServiceUnavailable', message), { cause }),
};

function toCause(e: FieldError) {
  return { reason: e.type, message: e.message, field: e.field };
}

/** `spec.replicas: Invalid value: -1: must be greater than or equal to 0` (apimachinery field.Error.Error()) */
export function causeText(e: FieldError): string {
  return e.field ? `${e.field}: ${e.message}` : e.message;
}
