// Pure: cached facts + metrics → the NodeStatusReport published on
// edgeplane/nodes/<node>/status, and whether it differs meaningfully from the
// last one sent (facts or pressure changed → publish at once, not at the next tick).

import { loadavg } from 'node:os';
import type { NodeStatusReport } from '../shared/mqtt/messages.js';
import type { Collected } from './facts/collect.js';

/** kubelet's default hard eviction thresholds: memory.available < 100Mi, nodefs.available < 10% */
export const MEMORY_PRESSURE_BYTES = 100 * 1024 * 1024;
export const DISK_PRESSURE_FRACTION = 0.1;

export function buildReport(nodeName: string, c: Collected, containerRuntimeVersion: string | undefined, now: number): NodeStatusReport {
  const m = c.metrics;
  return {
    nodeName,
    timestamp: now,
    facts: { ...c.facts, containerRuntimeVersion: containerRuntimeVersion ?? c.facts.containerRuntimeVersion },
    metrics: { ...m, load1: loadavg()[0] },
    memoryPressure: m.memoryAvailableBytes !== undefined && m.memoryAvailableBytes < MEMORY_PRESSURE_BYTES,
    diskPressure: m.diskAvailableBytes !== undefined && c.facts.diskBytes > 0 && m.diskAvailableBytes / c.facts.diskBytes < DISK_PRESSURE_FRACTION,
  };
}

/** the parts of a report the server persists (facts, pressure); metrics and time excluded */
export function meaningful(r: NodeStatusReport): string {
  return JSON.stringify({ f: r.facts, m: r.memoryPressure, d: r.diskPressure });
}
