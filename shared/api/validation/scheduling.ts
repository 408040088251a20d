// Scheduling constraints of a pod: node affinity, pod (anti-)affinity and
// tolerations (validateAffinity, ValidateTolerations).

import { child, forbidden, index, invalid, notSupported, required } from '../fielderrors.js';
import { isValidLabelValue } from '../names.js';
import type { FieldError } from '../object.js';
import { validateLabelName, validateLabelSelector } from './meta.js';
import type { J } from './types.js';

function validateNodeSelectorRequirement(rq: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values: string[] = Array.isArray(rq.values) ? rq.values : [];
  switch (rq.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(child(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(required(child(path, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      // unknown operators are reported by the schema enum
      break;
  }
  if (typeof rq.key === 'string') errs.push(...validateLabelName(rq.key, child(path, 'key')));
  values.forEach((v, i) => {
    for (const msg of isValidLabelValue(v)) errs.push(invalid(index(child(path, 'values'), i), v, msg));
  });
  return errs;
}

/** matchFields only supports metadata.name with one value (the DaemonSet controller's node pinning). */
function validateNodeFieldSelectorRequirement(rq: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (rq.operator === 'In' || rq.operator === 'NotIn') {
    if (!Array.isArray(rq.values) || rq.values.length !== 1) {
      errs.push(required(child(path, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    }
  } else if (rq.operator !== undefined) {
    errs.push(invalid(child(path, 'operator'), rq.operator, 'not a valid selector operator'));
  }
  if (rq.key !== undefined && rq.key !== 'metadata.name') errs.push(invalid(child(path, 'key'), rq.key, 'not a valid field selector key'));
  return errs;
}

export function validateNodeSelectorTerm(term: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(term.matchExpressions) ? term.matchExpressions : []).forEach((rq: J, i: number) =>
    errs.push(...validateNodeSelectorRequirement(rq, index(child(path, 'matchExpressions'), i))),
  );
  (Array.isArray(term.matchFields) ? term.matchFields : []).forEach((rq: J, i: number) =>
    errs.push(...validateNodeFieldSelectorRequirement(rq, index(child(path, 'matchFields'), i))),
  );
  return errs;
}

function validateNodeAffinity(na: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const req = na.requiredDuringSchedulingIgnoredDuringExecution;
  if (req !== undefined) {
    const p = child(child(path, 'requiredDuringSchedulingIgnoredDuringExecution'), 'nodeSelectorTerms');
    const terms: J[] = Array.isArray(req.nodeSelectorTerms) ? req.nodeSelectorTerms : [];
    if (Array.isArray(req.nodeSelectorTerms) && terms.length === 0) errs.push(required(p, 'must have at least one node selector term'));
    terms.forEach((t, i) => errs.push(...validateNodeSelectorTerm(t, index(p, i))));
  }
  const preferred: J[] = Array.isArray(na.preferredDuringSchedulingIgnoredDuringExecution) ? na.preferredDuringSchedulingIgnoredDuringExecution : [];
  preferred.forEach((term, i) => {
    const p = index(child(path, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
    if (typeof term.weight === 'number' && (term.weight <= 0 || term.weight > 100)) {
      errs.push(invalid(child(p, 'weight'), term.weight, 'must be in the range 1-100'));
    }
    if (term.preference) errs.push(...validateNodeSelectorTerm(term.preference, child(p, 'preference')));
  });
  return errs;
}

function validatePodAffinityTerm(term: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(term.labelSelector, child(path, 'labelSelector')));
  errs.push(...validateLabelSelector(term.namespaceSelector, child(path, 'namespaceSelector')));
  if (term.topologyKey === '') errs.push(required(child(path, 'topologyKey'), 'can not be empty'));
  else if (typeof term.topologyKey === 'string') errs.push(...validateLabelName(term.topologyKey, child(path, 'topologyKey')));
  return errs;
}

function validatePodAffinity(pa: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(pa.requiredDuringSchedulingIgnoredDuringExecution) ? pa.requiredDuringSchedulingIgnoredDuringExecution : []).forEach(
    (t: J, i: number) => errs.push(...validatePodAffinityTerm(t, index(child(path, 'requiredDuringSchedulingIgnoredDuringExecution'), i))),
  );
  (Array.isArray(pa.preferredDuringSchedulingIgnoredDuringExecution) ? pa.preferredDuringSchedulingIgnoredDuringExecution : []).forEach(
    (t: J, i: number) => {
      const p = index(child(path, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      if (typeof t.weight === 'number' && (t.weight <= 0 || t.weight > 100)) errs.push(invalid(child(p, 'weight'), t.weight, 'must be in the range 1-100'));
      if (t.podAffinityTerm) errs.push(...validatePodAffinityTerm(t.podAffinityTerm, child(p, 'podAffinityTerm')));
    },
  );
  return errs;
}

export function validateAffinity(affinity: J, path: string): FieldError[] {
  if (!affinity) return [];
  const errs: FieldError[] = [];
  if (affinity.nodeAffinity) errs.push(...validateNodeAffinity(affinity.nodeAffinity, child(path, 'nodeAffinity')));
  if (affinity.podAffinity) errs.push(...validatePodAffinity(affinity.podAffinity, child(path, 'podAffinity')));
  if (affinity.podAntiAffinity) errs.push(...validatePodAffinity(affinity.podAntiAffinity, child(path, 'podAntiAffinity')));
  return errs;
}

export function validateTolerations(tolerations: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(tolerations) ? tolerations : []).forEach((t: J, i: number) => {
    const p = index(path, i);
    const key: string = t.key ?? '';
    const operator: string = t.operator ?? '';
    const value: string = t.value ?? '';
    if (key) errs.push(...validateLabelName(key, child(p, 'key')));
    // an empty key with Exists tolerates every taint
    if (!key && operator !== 'Exists') {
      errs.push(invalid(child(p, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      errs.push(invalid(child(p, 'effect'), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length) errs.push(invalid(child(p, 'operator'), value, msgs.join(';')));
    } else if (operator === 'Exists') {
      if (value) errs.push(invalid(child(p, 'operator'), t, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(child(p, 'operator'), operator, ['Equal', 'Exists']));
    }
  });
  return errs;
}
