// PodSpec and PodTemplateSpec (ValidatePodSpec, ValidatePodTemplateSpec).

import { child, index, invalid, required } from '../fielderrors.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidIP } from '../names.js';
import type { FieldError } from '../object.js';
import { validateContainers } from './container.js';
import { validateAnnotations, validateLabels } from './meta.js';
import { validateAffinity, validateTolerations } from './scheduling.js';
import type { J } from './types.js';
import { validateVolumes } from './volume.js';

const MAX_INT32 = 2 ** 31 - 1;
const MAX_DNS_NAMESERVERS = 3;
const MAX_DNS_SEARCH_PATHS = 32;

function validateDNS(spec: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const cfg = spec.dnsConfig;
  const p = child(path, 'dnsConfig');
  if (spec.dnsPolicy === 'None') {
    if (cfg === undefined) return [required(p, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (!Array.isArray(cfg.nameservers) || cfg.nameservers.length === 0) {
      errs.push(required(child(p, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None'));
    }
  }
  if (cfg === undefined) return errs;
  const ns: string[] = Array.isArray(cfg.nameservers) ? cfg.nameservers : [];
  if (ns.length > MAX_DNS_NAMESERVERS) {
    errs.push(invalid(child(p, 'nameservers'), ns, `must not have more than ${MAX_DNS_NAMESERVERS} nameservers`));
  }
  ns.forEach((ip, i) => {
    if (isValidIP(ip).length) errs.push(invalid(index(child(p, 'nameservers'), i), ip, 'must be valid IP address'));
  });
  const searches: string[] = Array.isArray(cfg.searches) ? cfg.searches : [];
  if (searches.length > MAX_DNS_SEARCH_PATHS) {
    errs.push(invalid(child(p, 'searches'), searches, `must not have more than ${MAX_DNS_SEARCH_PATHS} search paths`));
  }
  (Array.isArray(cfg.options) ? cfg.options : []).forEach((o: J, i: number) => {
    if (!o.name) errs.push(required(child(index(child(p, 'options'), i), 'name'), 'Must not be empty'));
  });
  return errs;
}

/** With hostNetwork the container port is the host port, so both must agree. */
function validateHostNetwork(spec: J, path: string): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  const errs: FieldError[] = [];
  for (const list of ['containers', 'initContainers']) {
    (Array.isArray(spec[list]) ? spec[list] : []).forEach((ctr: J, ci: number) => {
      (Array.isArray(ctr.ports) ? ctr.ports : []).forEach((port: J, pi: number) => {
        if (port.hostPort !== undefined && port.hostPort !== port.containerPort) {
          const p = child(index(child(index(child(path, list), ci), 'ports'), pi), 'containerPort');
          errs.push(invalid(p, port.containerPort, 'must match `hostPort` when `hostNetwork` is true'));
        }
      });
    });
  }
  return errs;
}

function validateSubdomainField(value: unknown, path: string): FieldError[] {
  return typeof value === 'string' && value ? isDNS1123Subdomain(value).map((msg) => invalid(path, value, msg)) : [];
}

function validateLabelField(value: unknown, path: string): FieldError[] {
  return typeof value === 'string' && value ? isDNS1123Label(value).map((msg) => invalid(path, value, msg)) : [];
}

export interface PodSpecOptions {
  /** true for Pod objects, false for workload templates */
  isPod: boolean;
}

export function validatePodSpec(spec: J, path: string, opts: PodSpecOptions): FieldError[] {
  if (spec === undefined) return [required(child(path, 'containers'))];
  const errs: FieldError[] = [];
  const { errors: volErrs, names: volumes } = validateVolumes(spec.volumes, child(path, 'volumes'));
  errs.push(...volErrs);
  errs.push(...validateContainers(spec.containers, spec.initContainers, path, { volumes, names: new Set(), isPod: opts.isPod }));
  errs.push(...validateHostNetwork(spec, path));
  errs.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')));
  errs.push(...validateAffinity(spec.affinity, child(path, 'affinity')));
  errs.push(...validateDNS(spec, path));
  errs.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  errs.push(...validateSubdomainField(spec.serviceAccountName, child(path, 'serviceAccountName')));
  errs.push(...validateSubdomainField(spec.nodeName, child(path, 'nodeName')));
  errs.push(...validateSubdomainField(spec.priorityClassName, child(path, 'priorityClassName')));
  errs.push(...validateSubdomainField(spec.runtimeClassName, child(path, 'runtimeClassName')));
  errs.push(...validateLabelField(spec.hostname, child(path, 'hostname')));
  errs.push(...validateLabelField(spec.subdomain, child(path, 'subdomain')));
  (Array.isArray(spec.imagePullSecrets) ? spec.imagePullSecrets : []).forEach((s: J, i: number) => {
    if (!s.name) errs.push(required(child(index(child(path, 'imagePullSecrets'), i), 'name')));
  });
  (Array.isArray(spec.hostAliases) ? spec.hostAliases : []).forEach((a: J, i: number) => {
    const p = index(child(path, 'hostAliases'), i);
    if (typeof a.ip === 'string') for (const msg of isValidIP(a.ip)) errs.push(invalid(child(p, 'ip'), a.ip, msg));
    (Array.isArray(a.hostnames) ? a.hostnames : []).forEach((h: string, hi: number) => {
      for (const msg of isDNS1123Subdomain(h)) errs.push(invalid(index(child(p, 'hostnames'), hi), h, msg));
    });
  });
  const ads = spec.activeDeadlineSeconds;
  if (typeof ads === 'number' && (ads < 1 || ads > MAX_INT32)) {
    errs.push(invalid(child(path, 'activeDeadlineSeconds'), ads, `must be between 1 and ${MAX_INT32}, inclusive`));
  }
  return errs;
}

/** ValidatePodTemplateSpec: template labels/annotations and the pod spec. */
export function validatePodTemplateSpec(template: J, path: string): FieldError[] {
  const t = template ?? {};
  const errs: FieldError[] = [];
  const meta = t.metadata ?? {};
  errs.push(...validateLabels(meta.labels, child(child(path, 'metadata'), 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(child(path, 'metadata'), 'annotations')));
  errs.push(...validatePodSpec(t.spec, child(path, 'spec'), { isPod: false }));
  return errs;
}
