// core/v1 Node (ValidateNode): pod CIDRs, taints, and the resource lists it reports.

import { child, duplicate, index, invalid } from '../fielderrors.js';
import { isValidCIDR, isValidLabelValue } from '../names.js';
import type { FieldError } from '../object.js';
import { validateLabelName } from './meta.js';
import { validateQuantity } from './resources.js';
import type { J } from './types.js';

export function validateTaints(taints: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (Array.isArray(taints) ? taints : []).forEach((t: J, i: number) => {
    const p = index(path, i);
    if (typeof t.key === 'string') errs.push(...validateLabelName(t.key, child(p, 'key')));
    const valueErrs = isValidLabelValue(t.value ?? '');
    if (valueErrs.length) errs.push(invalid(child(p, 'value'), t.value, valueErrs.join(';')));
    // A node can carry a key once per effect.
    const k = `${t.effect}\u0000${t.key}`;
    if (seen.has(k)) {
      errs.push(duplicate(p, t, 'taints must be unique by key and effect pair'));
      return;
    }
    seen.add(k);
  });
  return errs;
}

function validateResourceList(list: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!list || typeof list !== 'object') return errs;
  for (const [name, value] of Object.entries(list)) validateQuantity(value, `${path}[${name}]`, errs);
  return errs;
}

export function validateNode(obj: J): FieldError[] {
  const errs: FieldError[] = [];
  const spec = obj.spec ?? {};
  if (typeof spec.podCIDR === 'string' && spec.podCIDR) {
    for (const msg of isValidCIDR(spec.podCIDR)) errs.push(invalid('spec.podCIDR', spec.podCIDR, msg));
  }
  const cidrs: string[] = Array.isArray(spec.podCIDRs) ? spec.podCIDRs : [];
  cidrs.forEach((c, i) => {
    for (const msg of isValidCIDR(c)) errs.push(invalid(index('spec.podCIDRs', i), c, msg));
  });
  // at most one CIDR per IP family (dual-stack pair)
  if (cidrs.length > 2 || (cidrs.length === 2 && cidrs[0].includes(':') === cidrs[1].includes(':'))) {
    errs.push(invalid('spec.podCIDRs', cidrs, 'may specify no more than one CIDR for each IP family'));
  }
  errs.push(...validateTaints(spec.taints, 'spec.taints'));
  const status = obj.status ?? {};
  errs.push(...validateResourceList(status.capacity, 'status.capacity'));
  errs.push(...validateResourceList(status.allocatable, 'status.allocatable'));
  return errs;
}
