// Kubernetes `Status` error bodies turned into one readable line.

import type { Status } from '../shared/api/object.js';

/** An API call answered with a non-2xx code; `status` is the server's Status (or one made up from the code). */
export class ApiStatusError extends Error {
  constructor(readonly status: Status) {
    super(statusLine(status));
    this.name = 'ApiStatusError';
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): string {
    return this.status.reason ?? '';
  }
}

const REASON_BY_CODE: Record<number, [reason: string, message: string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'Unauthorized'],
  403: ['Forbidden', 'forbidden'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  406: ['NotAcceptable', 'the server was unable to respond with a content type that the client supports'],
  409: ['Conflict', 'the server reported a conflict'],
  410: ['Expired', 'the requested resource is gone'],
  415: ['UnsupportedMediaType', 'the server does not support the media type'],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  500: ['InternalError', 'an error on the server has prevented the request from succeeding'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: ['Timeout', 'the server was unable to return a response in the time allotted'],
};

/**
 * The body of an error response as a Status. Non-Status bodies (a proxy's HTML
 * page, plain text) get a Status made up from the HTTP code, as client-go does.
 */
export function toStatus(httpCode: number, body: string): Status {
  try {
    const parsed = JSON.parse(body);
    if (parsed && parsed.kind === 'Status') return { ...parsed, code: parsed.code || httpCode };
  } catch {
    /* not JSON */
  }
  const [reason, fallback] = REASON_BY_CODE[httpCode] ?? ['Unknown', `the server responded with HTTP ${httpCode}`];
  const text = body.trim();
  const message = text && text.length <= 200 && !text.startsWith('<') ? `${fallback}: ${text}` : fallback;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, message, code: httpCode };
}

/** The server's message, with the wording kubectl uses for credential problems. */
export function statusLine(status: Status): string {
  const message = status.message || status.reason || `HTTP ${status.code}`;
  if (status.code === 401) return `you must be logged in to the server (Unauthorized): ${message === 'Unauthorized' ? 'the token was not accepted' : message}`;
  return message;
}

/**
 * The field-level part of a validation failure: `spec.replicas: Invalid value: -1: ...; metadata.name: Required value`.
 * Undefined when the Status carries no field causes; the caller then uses the message.
 */
export function fieldCauses(status: Status): string | undefined {
  const causes = status.details?.causes?.filter((c) => c.field || c.message) ?? [];
  if (causes.length === 0) return undefined;
  return causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join('; ');
}
