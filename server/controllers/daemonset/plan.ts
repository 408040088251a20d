// Pure DaemonSet planner (pkg/controller/daemon: manage + rollingUpdate +
// updateDaemonSetStatus): given the DaemonSet, the Nodes and the pods it owns,
// which pods to create (one per node that should run one), which to delete
// (misscheduled, duplicates, failed, and old pods the rolling update may
// replace now) and the status to report.

import type { KubeObject } from '../../../shared/api/object.js';
import { podMatchesNode } from '../node-match.js';
import { findUntoleratedTaint, type Taint } from '../tolerations.js';
import { daemonTolerations, isPodAvailable, isPodReady, msUntilAvailable, REVISION_HASH_LABEL, templateHash } from './pod.js';

export interface DaemonSetStatus {
  currentNumberScheduled: number;
  numberMisscheduled: number;
  desiredNumberScheduled: number;
  numberReady: number;
  observedGeneration: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

export type DeleteReason = 'misscheduled' | 'duplicate' | 'failed' | 'update' | 'orphaned';

export interface DaemonSetPlan {
  hash: string;
  /** nodes that get a new pod */
  create: string[];
  delete: Array<{ pod: KubeObject; reason: DeleteReason }>;
  status: DaemonSetStatus;
  /** run again after this long (a pod becomes available by minReadySeconds) */
  requeueAfterMs?: number;
}

export interface NodeVerdict {
  /** a new daemon pod belongs here */
  shouldRun: boolean;
  /** an existing daemon pod may stay (only an untolerated NoExecute taint evicts it) */
  shouldContinueRunning: boolean;
}

/** NodeShouldRunDaemonPod: name, selector/affinity, then taints with the daemon tolerations */
export function nodeShouldRunDaemonPod(ds: KubeObject, node: KubeObject): NodeVerdict {
  const spec = ds.spec?.template?.spec ?? {};
  if (node.metadata.deletionTimestamp) return { shouldRun: false, shouldContinueRunning: false };
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!podMatchesNode(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints: Taint[] = node.spec?.taints ?? [];
  const tolerations = daemonTolerations(spec.tolerations);
  if (findUntoleratedTaint(taints, tolerations, ['NoSchedule', 'NoExecute'])) {
    return { shouldRun: false, shouldContinueRunning: !findUntoleratedTaint(taints, tolerations, ['NoExecute']) };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/** intstr.GetScaledValueFromIntOrPercent */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number.isInteger(Number(v)) ? Number(v) : 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** the rolling update's maxUnavailable for `desired` nodes (at least 1 when surge is 0, as Kubernetes) */
export function maxUnavailable(ds: KubeObject, desired: number): number {
  const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
  const unavailable = scaledValue(ru.maxUnavailable ?? 1, desired, true);
  const surge = scaledValue(ru.maxSurge ?? 0, desired, true);
  return unavailable === 0 && surge === 0 ? 1 : unavailable;
}

const byAge = (a: KubeObject, b: KubeObject) => {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
};

const phase = (p: KubeObject) => (p as any).status?.phase as string | undefined;

export function planDaemonSet(ds: KubeObject, nodes: readonly KubeObject[], pods: readonly KubeObject[], now: Date): DaemonSetPlan {
  const hash = templateHash(ds.spec?.template);
  const minReady: number = ds.spec?.minReadySeconds ?? 0;
  const rolling = (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const plan: DaemonSetPlan = { hash, create: [], delete: [], status: undefined as unknown as DaemonSetStatus };

  // live (not terminating) daemon pods per node, oldest first
  const byNode = new Map<string, KubeObject[]>();
  const terminating = new Set<string>();
  for (const p of pods) {
    const n: string = p.spec?.nodeName ?? '';
    if (p.metadata.deletionTimestamp) {
      terminating.add(n);
      continue;
    }
    if (!byNode.has(n)) byNode.set(n, []);
    byNode.get(n)!.push(p);
  }
  for (const list of byNode.values()) list.sort(byAge);

  const verdicts = new Map<string, NodeVerdict>();
  for (const node of nodes) verdicts.set(node.metadata.name!, nodeShouldRunDaemonPod(ds, node));

  // pods on nodes that do not exist (any more), or not bound at all
  for (const [n, list] of byNode) {
    if (!verdicts.has(n)) for (const p of list) plan.delete.push({ pod: p, reason: 'orphaned' });
  }

  // manage: one healthy pod on each node that should run one, none elsewhere
  const kept = new Map<string, KubeObject>();
  for (const node of nodes) {
    const name = node.metadata.name!;
    const v = verdicts.get(name)!;
    const list = byNode.get(name) ?? [];
    if (v.shouldRun && list.length === 0) {
      // a pod still terminating on the node is waited for (Kubernetes counts it)
      if (!terminating.has(name)) plan.create.push(name);
    } else if (v.shouldContinueRunning) {
      const running = list.filter((p) => {
        if (phase(p) !== 'Failed') return true;
        plan.delete.push({ pod: p, reason: 'failed' });
        return false;
      });
      // more than one: keep the oldest (the newest are the surplus)
      for (const extra of running.slice(1)) plan.delete.push({ pod: extra, reason: 'duplicate' });
      if (running[0]) kept.set(name, running[0]);
    } else {
      for (const p of list) plan.delete.push({ pod: p, reason: 'misscheduled' });
    }
  }

  // status, from the pods as they are now (updateDaemonSetStatus)
  const s: DaemonSetStatus = {
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    desiredNumberScheduled: 0,
    numberReady: 0,
    observedGeneration: ds.metadata.generation ?? 1,
    updatedNumberScheduled: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
  };
  for (const node of nodes) {
    const name = node.metadata.name!;
    const list = byNode.get(name) ?? [];
    if (!verdicts.get(name)!.shouldRun) {
      if (list.length > 0) s.numberMisscheduled++;
      continue;
    }
    s.desiredNumberScheduled++;
    if (list.length === 0) continue;
    s.currentNumberScheduled++;
    const pod = list[0];
    if (isPodReady(pod)) {
      s.numberReady++;
      if (isPodAvailable(pod, minReady, now)) s.numberAvailable++;
      else {
        const left = msUntilAvailable(pod, minReady, now);
        if (left !== undefined) plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, left);
      }
    }
    if (pod.metadata.labels?.[REVISION_HASH_LABEL] === hash) s.updatedNumberScheduled++;
  }
  s.numberUnavailable = s.desiredNumberScheduled - s.numberAvailable;
  plan.status = s;

  if (!rolling) return plan; // OnDelete: new pods come only where the user deleted old ones

  // rollingUpdate (maxSurge 0): replace old pods while at most maxUnavailable nodes lack an available pod
  const budget = maxUnavailable(ds, s.desiredNumberScheduled);
  let numUnavailable = 0;
  const replaceNow: KubeObject[] = [];
  const candidates: KubeObject[] = [];
  for (const node of nodes) {
    const name = node.metadata.name!;
    if (!verdicts.get(name)!.shouldRun && !kept.has(name)) continue;
    const pod = kept.get(name);
    if (!pod) {
      // no pod yet (being created, or its predecessor terminating): unavailable
      if (verdicts.get(name)!.shouldRun) numUnavailable++;
      continue;
    }
    const updated = pod.metadata.labels?.[REVISION_HASH_LABEL] === hash;
    const available = isPodAvailable(pod, minReady, now);
    if (updated) {
      if (!available) numUnavailable++;
    } else if (!available) {
      // already unavailable: replacing it costs nothing
      replaceNow.push(pod);
    } else {
      candidates.push(pod);
    }
  }
  const room = Math.max(0, Math.min(budget - numUnavailable, candidates.length));
  for (const p of [...replaceNow, ...candidates.slice(0, room)]) plan.delete.push({ pod: p, reason: 'update' });
  return plan;
}
