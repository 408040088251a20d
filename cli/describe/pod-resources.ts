// What pods request and are limited to, summed as kubectl's describe node does
// (resourcehelper.PodRequestsAndLimits): containers add up, an init container
// counts if it alone needs more, pod overhead comes on top.

import { formatQuantity, parseQuantityExact, type ParsedQuantity } from '../../shared/api/quantity.js';
import type { KubeObject } from '../../shared/api/object.js';

export type Totals = Map<string, ParsedQuantity>;

function add(into: Totals, list: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(list ?? {})) {
    const q = parseQuantityExact(value);
    const have = into.get(name);
    into.set(name, have ? { nanos: have.nanos + q.nanos, format: have.format } : q);
  }
}

function max(into: Totals, list: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(list ?? {})) {
    const q = parseQuantityExact(value);
    const have = into.get(name);
    if (!have || q.nanos > have.nanos) into.set(name, q);
  }
}

export function podRequestsAndLimits(pod: KubeObject): { requests: Totals; limits: Totals } {
  const requests: Totals = new Map();
  const limits: Totals = new Map();
  for (const c of pod.spec?.containers ?? []) {
    add(requests, c.resources?.requests);
    add(limits, c.resources?.limits);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    max(requests, c.resources?.requests);
    max(limits, c.resources?.limits);
  }
  add(requests, pod.spec?.overhead);
  if (limits.size > 0) add(limits, pod.spec?.overhead);
  return { requests, limits };
}

export function sumTotals(all: Totals[]): Totals {
  const out: Totals = new Map();
  for (const t of all) for (const [name, q] of t) add(out, { [name]: formatQuantity(q) });
  return out;
}

/** `250m (6%)`: the amount and its share of what the node can allocate, truncated like kubectl's int64(). */
export function withShare(q: ParsedQuantity | undefined, allocatable: string | undefined, resource: string): string {
  const amount = q ? formatQuantity(q) : '0';
  if (!allocatable) return `${amount} (0%)`;
  // kubectl divides milli-values for cpu and whole values for everything else
  const unit = resource === 'cpu' ? 10n ** 6n : 10n ** 9n;
  const of = parseQuantityExact(allocatable).nanos / unit;
  const part = (q?.nanos ?? 0n) / unit;
  return `${amount} (${of === 0n ? 0 : Math.trunc((Number(part) / Number(of)) * 100)}%)`;
}
