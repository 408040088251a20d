// apps/v1 Deployment, ReplicaSet and DaemonSet specs (pkg/apis/apps/validation).

import { child, forbidden, invalid, notSupported, required } from '../fielderrors.js';
import { intOrPercentValue } from '../intstr.js';
import { isValidPercent } from '../names.js';
import type { FieldError } from '../object.js';
import { labelSelectorFromObject, matches, type Selector } from '../../labels/selector.js';
import { validateLabelSelector, validateNonnegative } from './meta.js';
import { validatePodTemplateSpec } from './podspec.js';
import type { J } from './types.js';

/** ValidatePositiveIntOrPercent */
function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((msg) => invalid(path, v, msg));
  return validateNonnegative(v, path);
}

function validateNotMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v !== 'string' || isValidPercent(v).length) return [];
  return intOrPercentValue(v) > 100 ? [invalid(path, v, 'must not be greater than 100%')] : [];
}

/**
 * Selector plus template (ValidatePodTemplateSpecForReplicaSet): the selector must
 * select the pods the template makes, else the controller would never see them.
 */
function validateSelectorAndTemplate(spec: J, path: string, what: string): FieldError[] {
  const errs: FieldError[] = [];
  const selPath = child(path, 'selector');
  const sel = spec.selector;
  if (sel !== undefined) {
    errs.push(...validateLabelSelector(sel, selPath));
    const empty = Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
    if (empty) errs.push(invalid(selPath, sel, `empty selector is invalid for ${what}`));
  }
  const template = spec.template ?? {};
  const tplPath = child(path, 'template');
  let selector: Selector | undefined;
  try {
    selector = labelSelectorFromObject(sel);
  } catch {
    errs.push(invalid(selPath, sel, 'invalid label selector'));
  }
  if (selector && sel !== undefined && selector.requirements.length > 0) {
    const labels = template.metadata?.labels ?? {};
    if (!matches(selector, labels)) {
      errs.push(invalid(child(child(tplPath, 'metadata'), 'labels'), labels, '`selector` does not match template `labels`'));
    }
  }
  errs.push(...validatePodTemplateSpec(template, tplPath));
  const podSpec = template.spec ?? {};
  // Controllers recreate pods that exit; other restart policies would fight them.
  if (podSpec.restartPolicy !== undefined && podSpec.restartPolicy !== 'Always') {
    errs.push(notSupported(child(child(tplPath, 'spec'), 'restartPolicy'), podSpec.restartPolicy, ['Always']));
  }
  if (podSpec.activeDeadlineSeconds !== undefined) {
    const kind = what === 'daemonset' ? 'DaemonSet' : 'ReplicaSet';
    errs.push(invalid(child(child(tplPath, 'spec'), 'activeDeadlineSeconds'), podSpec.activeDeadlineSeconds, `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}

function validateDeploymentStrategy(strategy: J, path: string): FieldError[] {
  if (strategy === undefined) return [];
  const errs: FieldError[] = [];
  const type = strategy.type ?? 'RollingUpdate';
  if (type === 'Recreate') {
    if (strategy.rollingUpdate !== undefined) {
      errs.push(forbidden(child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (type === 'RollingUpdate' && strategy.rollingUpdate !== undefined) {
    const ru = strategy.rollingUpdate;
    const p = child(path, 'rollingUpdate');
    // absent values are defaulted to 25%
    const maxUnavailable = ru.maxUnavailable ?? '25%';
    const maxSurge = ru.maxSurge ?? '25%';
    errs.push(...validatePositiveIntOrPercent(maxUnavailable, child(p, 'maxUnavailable')));
    errs.push(...validatePositiveIntOrPercent(maxSurge, child(p, 'maxSurge')));
    // Both zero would never make progress: no pod may go down and none may be added.
    if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
      errs.push(invalid(child(p, 'maxUnavailable'), maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
    errs.push(...validateNotMoreThan100Percent(maxUnavailable, child(p, 'maxUnavailable')));
  }
  return errs;
}

export function validateDeploymentSpec(spec: J, path = 'spec'): FieldError[] {
  if (spec === undefined) return [];
  const errs: FieldError[] = [];
  errs.push(...validateNonnegative(spec.replicas, child(path, 'replicas')));
  errs.push(...validateSelectorAndTemplate(spec, path, 'deployment'));
  errs.push(...validateDeploymentStrategy(spec.strategy, child(path, 'strategy')));
  errs.push(...validateNonnegative(spec.minReadySeconds, child(path, 'minReadySeconds')));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, child(path, 'revisionHistoryLimit')));
  if (typeof spec.progressDeadlineSeconds === 'number') {
    errs.push(...validateNonnegative(spec.progressDeadlineSeconds, child(path, 'progressDeadlineSeconds')));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(invalid(child(path, 'progressDeadlineSeconds'), spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

export function validateReplicaSetSpec(spec: J, path = 'spec'): FieldError[] {
  if (spec === undefined) return [required(child(path, 'selector'))];
  const errs: FieldError[] = [];
  errs.push(...validateNonnegative(spec.replicas, child(path, 'replicas')));
  errs.push(...validateNonnegative(spec.minReadySeconds, child(path, 'minReadySeconds')));
  // Kubernetes' ReplicaSet validation reuses the Deployment wording here.
  errs.push(...validateSelectorAndTemplate(spec, path, 'deployment'));
  return errs;
}

function validateDaemonSetUpdateStrategy(strategy: J, path: string): FieldError[] {
  if (strategy === undefined) return [];
  const type = strategy.type ?? 'RollingUpdate';
  if (type !== 'RollingUpdate' || strategy.rollingUpdate === undefined) return [];
  const errs: FieldError[] = [];
  const ru = strategy.rollingUpdate;
  const p = child(path, 'rollingUpdate');
  const maxUnavailable = ru.maxUnavailable ?? 1;
  const maxSurge = ru.maxSurge ?? 0;
  errs.push(...validatePositiveIntOrPercent(maxUnavailable, child(p, 'maxUnavailable')));
  errs.push(...validatePositiveIntOrPercent(maxSurge, child(p, 'maxSurge')));
  errs.push(...validateNotMoreThan100Percent(maxUnavailable, child(p, 'maxUnavailable')));
  errs.push(...validateNotMoreThan100Percent(maxSurge, child(p, 'maxSurge')));
  // One pod per node: either replace in place (unavailable) or surge, not both.
  const hasUnavailable = intOrPercentValue(maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalid(child(p, 'maxSurge'), maxSurge, 'may not be set when maxUnavailable is non-zero'));
  else if (!hasUnavailable && !hasSurge) errs.push(required(child(p, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

export function validateDaemonSetSpec(spec: J, path = 'spec'): FieldError[] {
  if (spec === undefined) return [];
  const errs: FieldError[] = [];
  errs.push(...validateSelectorAndTemplate(spec, path, 'daemonset'));
  errs.push(...validateNonnegative(spec.minReadySeconds, child(path, 'minReadySeconds')));
  errs.push(...validateDaemonSetUpdateStrategy(spec.updateStrategy, child(path, 'updateStrategy')));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, child(path, 'revisionHistoryLimit')));
  return errs;
}
