// Container resource requirements (ValidateResourceRequirements): names,
// quantities, and requests ≤ limits.

import { child, forbidden, invalid, key, required } from '../fielderrors.js';
import { isQualifiedName } from '../names.js';
import type { FieldError } from '../object.js';
import { formatQuantity, parseQuantityExact, QUANTITY_ERROR, type ParsedQuantity } from '../quantity.js';
import type { J } from './types.js';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** Native resources have no domain or a *kubernetes.io/ one. */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** Extended resources (devices: GPUs, ...) cannot be overcommitted: requests must equal limits. */
function overcommitAllowed(name: string): boolean {
  return isNative(name) && !isHugePages(name);
}

function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalid(path, name, msg));
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) errs.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && name.startsWith('requests.')) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** Parse one quantity, reporting Kubernetes' decode error and the non-negative rule. */
export function validateQuantity(value: unknown, path: string, errs: FieldError[]): ParsedQuantity | undefined {
  let q: ParsedQuantity;
  try {
    q = parseQuantityExact(value as string | number);
  } catch {
    errs.push(invalid(path, value, QUANTITY_ERROR));
    return undefined;
  }
  if (q.nanos < 0n) {
    errs.push(invalid(path, formatQuantity(q), 'must be greater than or equal to 0'));
    return undefined;
  }
  return q;
}

function validateList(list: J, path: string, errs: FieldError[], extendedIntegers: boolean): Map<string, ParsedQuantity> {
  const parsed = new Map<string, ParsedQuantity>();
  if (!list || typeof list !== 'object') return parsed;
  for (const [name, value] of Object.entries(list)) {
    const p = key(path, name);
    errs.push(...validateResourceName(name, p));
    const q = validateQuantity(value, p, errs);
    if (!q) continue;
    if (extendedIntegers && !isNative(name) && q.nanos % 10n ** 9n !== 0n) {
      errs.push(invalid(p, formatQuantity(q), 'must be an integer'));
      continue;
    }
    parsed.set(name, q);
  }
  return parsed;
}

export function validateResourceRequirements(resources: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!resources || typeof resources !== 'object') return errs;
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const limits = validateList(resources.limits, limPath, errs, true);
  const requests = validateList(resources.requests, reqPath, errs, true);
  for (const [name, req] of requests) {
    const lim = limits.get(name);
    if (lim) {
      if (req.nanos !== lim.nanos && !overcommitAllowed(name)) {
        errs.push(invalid(reqPath, formatQuantity(req), `must be equal to ${name} limit of ${formatQuantity(lim)}`));
      } else if (req.nanos > lim.nanos) {
        errs.push(invalid(reqPath, formatQuantity(req), `must be less than or equal to ${name} limit of ${formatQuantity(lim)}`));
      }
    } else if (!overcommitAllowed(name) && resources.limits?.[name] === undefined) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}

/** A quantity that must not be negative (emptyDir.sizeLimit, overhead). */
export function validateSizeLimit(value: unknown, path: string): FieldError[] {
  if (value === undefined) return [];
  const errs: FieldError[] = [];
  let q: ParsedQuantity;
  try {
    q = parseQuantityExact(value as string | number);
  } catch {
    return [invalid(path, value, QUANTITY_ERROR)];
  }
  if (q.nanos < 0n) errs.push(forbidden(path, 'SizeLimit field must be a valid resource quantity'));
  return errs;
}
