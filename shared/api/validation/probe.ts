// Probes and lifecycle handlers (validateProbe, validateHandler).

import { child, forbidden, invalid, required } from '../fielderrors.js';
import { isIANASvcName, isValidPortNum, regexError } from '../names.js';
import type { FieldError } from '../object.js';
import { validateNonnegative } from './meta.js';
import type { J } from './types.js';

const HTTP_HEADER_FMT = '[-A-Za-z0-9]+';
const HTTP_HEADER_RE = new RegExp(`^${HTTP_HEADER_FMT}$`);

/** ValidatePortNumOrName: an int-or-string port is 1-65535 or an IANA service name. */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((msg) => invalid(path, port, msg));
  if (typeof port === 'string') return isIANASvcName(port).map((msg) => invalid(path, port, msg));
  return [];
}

function validateExec(exec: J, path: string): FieldError[] {
  return Array.isArray(exec.command) && exec.command.length > 0 ? [] : [required(child(path, 'command'))];
}

function validateHTTPGet(http: J, path: string): FieldError[] {
  const errs = validatePortNumOrName(http.port, child(path, 'port'));
  for (const h of Array.isArray(http.httpHeaders) ? http.httpHeaders : []) {
    if (typeof h.name === 'string' && !HTTP_HEADER_RE.test(h.name)) {
      errs.push(
        invalid(child(path, 'httpHeaders'), h.name, regexError("a valid HTTP header must consist of alphanumeric characters or '-'", HTTP_HEADER_FMT, 'X-Header-Name')),
      );
    }
  }
  return errs;
}

function validateTCPSocket(tcp: J, path: string): FieldError[] {
  return validatePortNumOrName(tcp.port, child(path, 'port'));
}

function validateGRPC(grpc: J, path: string): FieldError[] {
  return typeof grpc.port === 'number' ? isValidPortNum(grpc.port).map((msg) => invalid(child(path, 'port'), grpc.port, msg)) : [];
}

const HANDLERS: Array<[string, (v: J, path: string) => FieldError[]]> = [
  ['exec', validateExec],
  ['httpGet', validateHTTPGet],
  ['tcpSocket', validateTCPSocket],
  ['grpc', validateGRPC],
  ['sleep', (v, path) => validateNonnegative(v.seconds, child(path, 'seconds'))],
];

/** Exactly one handler; `allowed` lists the handler kinds valid in this place. */
export function validateHandler(handler: J, path: string, allowed: readonly string[]): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const [name, fn] of HANDLERS) {
    if (!allowed.includes(name) || handler[name] === undefined) continue;
    if (count > 0) {
      errs.push(forbidden(child(path, name), 'may not specify more than 1 handler type'));
    } else {
      count++;
      errs.push(...fn(handler[name], child(path, name)));
    }
  }
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

export function validateProbe(probe: J, path: string): FieldError[] {
  const errs = validateHandler(probe, path, PROBE_HANDLERS);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegative(probe[f], child(path, f)));
  }
  const tgps = probe.terminationGracePeriodSeconds;
  if (typeof tgps === 'number' && tgps <= 0) errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), tgps, 'must be greater than 0'));
  return errs;
}

export function validateLifecycle(lifecycle: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    if (lifecycle[hook] !== undefined) errs.push(...validateHandler(lifecycle[hook], child(path, hook), LIFECYCLE_HANDLERS));
  }
  return errs;
}
