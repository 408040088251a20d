// Pod usage for the resource metrics API (metrics.k8s.io/v1beta1 PodMetrics),
// held in memory only, like node usage: agents send a snapshot of their pods'
// usage every status tick on edgeplane/nodes/<node>/metrics and nothing of it
// reaches the store (flash wear). Served by joining the pods in the registry
// (namespace, labels, label selectors) with the latest usage their node sent;
// a node's report counts only for pods bound to that node with the same uid
// (the NodeRestriction idea: a node cannot report for another node's pods).

import { KINDS } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import type { PodMetricsReport, PodUsage } from '../../shared/mqtt/pod-metrics.js';
import type { Registry } from '../registry/registry.js';
import { errors } from '../api/status.js';
import { METRICS_GROUP, METRICS_VERSION } from './node-metrics.js';

const API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;
const POD = KINDS.find((k) => k.kind === 'Pod')!;
/** a snapshot older than this is no longer "current usage" (agents report every few seconds) */
const STALE_MS = 2 * 60_000;

interface NodeSnapshot {
  /** when the server received it (staleness is judged on the server's clock) */
  receivedAt: number;
  report: PodMetricsReport;
  /** namespace/name → usage */
  pods: Map<string, PodUsage>;
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Go's time.Duration text for a window, as metrics-server prints it: 10s, 10.5s */
export function windowText(ms: number): string {
  return `${Number((Math.max(0, ms) / 1000).toFixed(3))}s`;
}

/** One PodMetrics in the Kubernetes shape: CPU in nanocores, memory in Ki (as metrics-server serves them). */
export function podMetricsObject(pod: KubeObject, usage: PodUsage, report: PodMetricsReport, now: number): Record<string, unknown> {
  return {
    kind: 'PodMetrics',
    apiVersion: API_VERSION,
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      creationTimestamp: rfc3339(now),
      ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}),
    },
    timestamp: rfc3339(report.timestamp),
    window: windowText(report.windowMs),
    containers: usage.containers.map((c) => ({
      name: c.name,
      usage: { cpu: `${Math.round(c.cpuNanoCores)}n`, memory: `${Math.floor(c.memoryWorkingSetBytes / 1024)}Ki` },
    })),
  };
}

export class PodMetricsCache {
  private readonly nodes = new Map<string, NodeSnapshot>();

  constructor(private readonly now: () => number = Date.now) {}

  /** a node's snapshot replaces the previous one: pods it no longer lists have no usage */
  record(node: string, report: PodMetricsReport): void {
    const pods = new Map(report.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
    this.nodes.set(node, { receivedAt: this.now(), report, pods });
  }

  /** the node went away (disconnect): its pods' usage is unknown from now on */
  forget(node: string): void {
    this.nodes.delete(node);
  }

  /** the PodMetrics of a pod when its node reported it recently, else undefined */
  metrics(pod: KubeObject): Record<string, unknown> | undefined {
    const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    const snap = node ? this.nodes.get(node) : undefined;
    if (!snap || this.now() - snap.receivedAt > STALE_MS) return undefined;
    const u = snap.pods.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
    if (!u || u.uid !== pod.metadata.uid) return undefined;
    return podMetricsObject(pod, u, snap.report, this.now());
  }

  /** GET one pod's metrics: 404 (a Status naming the pod) when the pod or its usage is unknown */
  async get(registry: Registry, namespace: string, name: string): Promise<Record<string, unknown>> {
    const pod = await registry.find(POD, namespace, name);
    const m = pod && this.metrics(pod);
    if (!m) throw errors.notFound('pods', METRICS_GROUP, name);
    return m;
  }

  /** LIST (namespace '' = all): pods matching the selector that have usage, sorted by namespace/name */
  async list(registry: Registry, namespace: string, labelSelector: string | null): Promise<Record<string, unknown>> {
    const { items } = await registry.list(POD, namespace, { labelSelector });
    const out = items
      .map((p) => this.metrics(p))
      .filter((m): m is Record<string, unknown> => m !== undefined)
      .sort((a, b) => {
        const x = a.metadata as { namespace: string; name: string };
        const y = b.metadata as { namespace: string; name: string };
        const kx = `${x.namespace}/${x.name}`;
        const ky = `${y.namespace}/${y.name}`;
        return kx < ky ? -1 : kx > ky ? 1 : 0;
      });
    return { kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items: out };
  }
}
