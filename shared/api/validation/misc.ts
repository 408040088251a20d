// Namespace, Endpoints and Event.

import { child, index, invalid, required } from '../fielderrors.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidIP, isValidPortNum } from '../names.js';
import type { FieldError } from '../object.js';
import { validateFinalizerName, validateLabelName } from './meta.js';
import type { J } from './types.js';

export function validateNamespace(obj: J): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(obj.spec?.finalizers) ? obj.spec.finalizers : []).forEach((f: string, i: number) =>
    errs.push(...validateFinalizerName(f, index('spec.finalizers', i))),
  );
  return errs;
}

function validateEndpointAddress(addr: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof addr.ip === 'string') for (const msg of isValidIP(addr.ip)) errs.push(invalid(child(path, 'ip'), addr.ip, msg));
  if (addr.hostname) for (const msg of isDNS1123Label(addr.hostname)) errs.push(invalid(child(path, 'hostname'), addr.hostname, msg));
  if (typeof addr.nodeName === 'string') {
    for (const msg of isDNS1123Subdomain(addr.nodeName)) errs.push(invalid(child(path, 'nodeName'), addr.nodeName, msg));
  }
  return errs;
}

export function validateEndpoints(obj: J): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(obj.subsets) ? obj.subsets : []).forEach((ss: J, i: number) => {
    const p = index('subsets', i);
    const addresses: J[] = Array.isArray(ss.addresses) ? ss.addresses : [];
    const notReady: J[] = Array.isArray(ss.notReadyAddresses) ? ss.notReadyAddresses : [];
    if (addresses.length === 0 && notReady.length === 0) errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((a, ai) => errs.push(...validateEndpointAddress(a, index(child(p, 'addresses'), ai))));
    notReady.forEach((a, ai) => errs.push(...validateEndpointAddress(a, index(child(p, 'notReadyAddresses'), ai))));
    const ports: J[] = Array.isArray(ss.ports) ? ss.ports : [];
    ports.forEach((port, pi) => {
      const pp = index(child(p, 'ports'), pi);
      if (ports.length > 1 && !port.name) errs.push(required(child(pp, 'name')));
      else if (port.name) for (const msg of isDNS1123Label(port.name)) errs.push(invalid(child(pp, 'name'), port.name, msg));
      if (typeof port.port === 'number') for (const msg of isValidPortNum(port.port)) errs.push(invalid(child(pp, 'port'), port.port, msg));
    });
  });
  return errs;
}

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

/** legacyValidateEvent: old-style events (no eventTime) only need a consistent namespace. */
export function validateEvent(obj: J): FieldError[] {
  const errs: FieldError[] = [];
  const ns: string | undefined = obj.metadata?.namespace;
  const involvedNs: string = obj.involvedObject?.namespace ?? '';
  const mismatch = () => errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  if (obj.eventTime === undefined) {
    if (ns !== undefined) {
      if (!involvedNs) {
        if (ns !== '' && ns !== 'default') mismatch();
      } else if (ns !== involvedNs) mismatch();
    }
  } else {
    if (!involvedNs && ns !== undefined && ns !== 'default' && ns !== 'kube-system') mismatch();
    if (!obj.reportingComponent) errs.push(required('reportingComponent'));
    else errs.push(...validateLabelName(obj.reportingComponent, 'reportingComponent'));
    if (!obj.reportingInstance) errs.push(required('reportingInstance'));
    else if (obj.reportingInstance.length > REPORTING_INSTANCE_LIMIT) {
      errs.push(invalid('reportingInstance', '', `can have at most ${REPORTING_INSTANCE_LIMIT} characters`));
    }
    if (!obj.action) errs.push(required('action'));
    else if (obj.action.length > ACTION_LIMIT) errs.push(invalid('action', '', `can have at most ${ACTION_LIMIT} characters`));
    if (!obj.reason) errs.push(required('reason'));
    else if (obj.reason.length > REASON_LIMIT) errs.push(invalid('reason', '', `can have at most ${REASON_LIMIT} characters`));
    if (typeof obj.message === 'string' && obj.message.length > NOTE_LIMIT) {
      errs.push(invalid('message', '', `can have at most ${NOTE_LIMIT} characters`));
    }
  }
  return errs;
}
