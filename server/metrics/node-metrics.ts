// Node usage for the Kubernetes resource metrics API (metrics.k8s.io/v1beta1
// NodeMetrics), held in memory only: agents send usage with every status
// report and it is never written to the store (an SD card would not thank us
// for a write per heartbeat). What metrics-server would measure is estimated
// from what the agent reports: CPU = the 1-minute load average capped at the
// node's CPU count (cores busy), memory = total − available.

import type { NodeStatusReport } from '../../shared/mqtt/messages.js';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
const API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;
/** a report older than this is no longer "current usage" (agents report every few seconds) */
const STALE_MS = 2 * 60_000;
/** the window metrics-server reports for its samples */
const WINDOW = '30s';

interface Sample {
  at: number;
  cpuMilli: number;
  memoryBytes: number;
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class NodeMetricsCache {
  private readonly samples = new Map<string, Sample>();

  constructor(private readonly now: () => number = Date.now) {}

  record(report: NodeStatusReport): void {
    const m = report.metrics ?? {};
    const f = report.facts;
    if (typeof m.load1 !== 'number' || typeof m.memoryAvailableBytes !== 'number') return;
    const cores = Math.max(0, Math.min(m.load1, f.cpuCount || m.load1));
    this.samples.set(report.nodeName, {
      at: this.now(),
      cpuMilli: Math.round(cores * 1000),
      memoryBytes: Math.max(0, f.memoryBytes - m.memoryAvailableBytes),
    });
  }

  /** the node went away (disconnect): its usage is unknown from now on */
  forget(node: string): void {
    this.samples.delete(node);
  }

  private object(name: string, s: Sample): Record<string, unknown> {
    return {
      kind: 'NodeMetrics',
      apiVersion: API_VERSION,
      metadata: { name, creationTimestamp: rfc3339(this.now()) },
      timestamp: rfc3339(s.at),
      window: WINDOW,
      usage: { cpu: `${s.cpuMilli}m`, memory: `${Math.floor(s.memoryBytes / 1024)}Ki` },
    };
  }

  get(name: string): Record<string, unknown> | undefined {
    const s = this.samples.get(name);
    return s && this.now() - s.at <= STALE_MS ? this.object(name, s) : undefined;
  }

  list(): Record<string, unknown> {
    const items = [...this.samples.keys()]
      .sort()
      .map((n) => this.get(n))
      .filter((o): o is Record<string, unknown> => o !== undefined);
    return { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items };
  }
}

/** /apis/metrics.k8s.io/v1beta1 discovery */
export function metricsResourceList(pods = false): unknown {
  const resources = [{ name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] }];
  if (pods) resources.push({ name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] });
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: API_VERSION, resources };
}

export function metricsGroup(): { name: string; versions: unknown[]; preferredVersion: unknown } {
  const gv = { groupVersion: API_VERSION, version: METRICS_VERSION };
  return { name: METRICS_GROUP, versions: [gv], preferredVersion: gv };
}
