// Resource arithmetic of the scheduler (k8s.io/kubernetes pkg/scheduler/framework
// types.go and plugins/noderesources): what a pod requests and what a node
// offers, in integer milli-CPU, bytes and a pod count.

import { milli, parseQuantity } from '../../shared/api/quantity.js';

export interface Resources {
  /** milli-CPU */
  cpu: number;
  /** bytes */
  memory: number;
}

/**
 * What the scoring plugins assume for a container that requests nothing
 * (schedutil.DefaultMilliCPURequest / DefaultMemoryRequest): otherwise
 * best-effort pods would all pile onto the same "empty-looking" node.
 */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * Parsed quantity strings. A fleet uses a handful of distinct values
 * ("100m", "128Mi", "4", "8Gi"), and parsing one exactly (BigInt arithmetic)
 * cost more than the rest of preparing a pod for a decision. Bounded: cleared
 * when it grows past QUANTITY_CACHE_SIZE entries.
 */
const QUANTITY_CACHE_SIZE = 4096;
const milliCache = new Map<string, number>();
const unitCache = new Map<string, number>();

function parse(v: string | number, cpu: boolean): number {
  try {
    return cpu ? milli(v) : Math.ceil(parseQuantity(v));
  } catch {
    return 0;
  }
}

function quantity(v: unknown, cpu: boolean): number {
  if (typeof v === 'number') return parse(v, cpu);
  if (typeof v !== 'string') return 0;
  const cache = cpu ? milliCache : unitCache;
  let q = cache.get(v);
  if (q === undefined) {
    q = parse(v, cpu);
    if (cache.size >= QUANTITY_CACHE_SIZE) cache.clear();
    cache.set(v, q);
  }
  return q;
}

interface ContainerLike {
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

/** a container's request of one resource; a limit alone counts as the request (API defaulting does the same for Pods) */
function containerRequest(c: ContainerLike, name: 'cpu' | 'memory'): number | undefined {
  const r = c.resources?.requests?.[name] ?? c.resources?.limits?.[name];
  return r === undefined ? undefined : quantity(r, name === 'cpu');
}

/**
 * Pod requests as computePodResourceRequest does it: the sum over app
 * containers, max'd with each init container (they run one at a time, before
 * the app containers), plus spec.overhead. `nonZero` substitutes the scoring
 * defaults for containers that request nothing.
 */
export function podRequests(spec: any, nonZero = false): Resources {
  const containers: ContainerLike[] = Array.isArray(spec?.containers) ? spec.containers : [];
  const inits: ContainerLike[] = Array.isArray(spec?.initContainers) ? spec.initContainers : [];
  const one = (c: ContainerLike): Resources => {
    const cpu = containerRequest(c, 'cpu');
    const memory = containerRequest(c, 'memory');
    return {
      cpu: cpu === undefined || (nonZero && cpu === 0) ? (nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0) : cpu,
      memory: memory === undefined || (nonZero && memory === 0) ? (nonZero ? DEFAULT_MEMORY_REQUEST : 0) : memory,
    };
  };
  const total: Resources = { cpu: 0, memory: 0 };
  for (const c of containers) {
    const r = one(c);
    total.cpu += r.cpu;
    total.memory += r.memory;
  }
  for (const c of inits) {
    const r = one(c);
    total.cpu = Math.max(total.cpu, r.cpu);
    total.memory = Math.max(total.memory, r.memory);
  }
  const overhead = spec?.overhead;
  if (overhead && typeof overhead === 'object') {
    total.cpu += quantity(overhead.cpu, true);
    total.memory += quantity(overhead.memory, false);
  }
  return total;
}

export interface Allocatable extends Resources {
  pods: number;
}

/** status.allocatable (falling back to capacity, as a node that reports only capacity means all of it) */
export function nodeAllocatable(node: any): Allocatable {
  const a = node?.status?.allocatable ?? node?.status?.capacity ?? {};
  return { cpu: quantity(a.cpu, true), memory: quantity(a.memory, false), pods: Math.floor(quantity(a.pods, false)) };
}
