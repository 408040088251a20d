// The ReplicaSet controller's decisions as pure functions
// (pkg/controller/replicaset/replica_set.go, replica_set_utils.go):
// which pods to adopt and release, how many to create, which to delete, and
// the status the pods add up to.

import type { KubeObject } from '../../shared/api/object.js';
import { labelSelectorFromObject, matches, type Selector } from '../../shared/labels/selector.js';
import { controllerOf } from './controller-ref.js';
import { isPodActive, isPodAvailable, isPodReady, readySinceMs } from './pod-state.js';

/** BurstReplicas: at most this many creates or deletes per sync */
export const BURST_REPLICAS = 500;

export interface ClaimResult {
  /** pods this ReplicaSet controls after adoption and release (active only) */
  owned: KubeObject[];
  adopt: KubeObject[];
  release: KubeObject[];
}

export function rsSelector(rs: KubeObject): Selector {
  return labelSelectorFromObject(rs.spec?.selector);
}

/**
 * ClaimPods (controller_ref_manager.go): a pod whose controller is this RS stays
 * while it matches and is released when it stops matching; a matching pod with
 * no controller is adopted (never while the RS itself is being deleted);
 * pods controlled by someone else are left alone.
 */
export function claimPods(rs: KubeObject, pods: KubeObject[]): ClaimResult {
  const sel = rsSelector(rs);
  const uid = rs.metadata.uid;
  const out: ClaimResult = { owned: [], adopt: [], release: [] };
  for (const pod of pods) {
    const ref = controllerOf(pod);
    const match = matches(sel, pod.metadata.labels ?? {});
    if (ref) {
      if (ref.uid !== uid) continue;
      if (match) out.owned.push(pod);
      // a pod being deleted is not worth a write
      else if (!pod.metadata.deletionTimestamp) out.release.push(pod);
      continue;
    }
    if (!match || rs.metadata.deletionTimestamp || pod.metadata.deletionTimestamp) continue;
    out.adopt.push(pod);
    out.owned.push(pod);
  }
  out.owned = out.owned.filter(isPodActive);
  return out;
}

/** How many pods to create (> 0) or delete (< 0), bounded by the burst size. */
export function replicaDiff(desired: number, active: number): number {
  const diff = desired - active;
  return Math.max(-BURST_REPLICAS, Math.min(BURST_REPLICAS, diff));
}

/**
 * Rank of a pod for deletion, lower goes first (controller.ActivePods ordering):
 * unscheduled < scheduled; Pending < Unknown < Running; not ready < ready;
 * ready for less time < longer; more restarts < fewer; newer < older.
 */
function compareForDeletion(a: KubeObject, b: KubeObject): number {
  const assigned = (p: KubeObject) => (p.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phaseRank = (p: KubeObject) => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[p.status?.phase ?? 'Pending'] ?? 0;
  if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
  const ready = (p: KubeObject) => (isPodReady(p) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  if (ready(a) === 1) {
    // ready more recently goes first
    const ta = readySinceMs(a) ?? 0;
    const tb = readySinceMs(b) ?? 0;
    if (ta !== tb) return tb - ta;
  }
  const restarts = (p: KubeObject) =>
    ((p.status?.containerStatuses as Array<{ restartCount?: number }> | undefined) ?? []).reduce((n, c) => Math.max(n, c.restartCount ?? 0), 0);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  // newer first
  const ca = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const cb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ca !== cb) return cb - ca;
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** getPodsToDelete: the `count` pods that are the cheapest to lose */
export function podsToDelete(pods: KubeObject[], count: number): KubeObject[] {
  if (count <= 0) return [];
  return [...pods].sort(compareForDeletion).slice(0, count);
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration: number;
  conditions?: unknown[];
}

/** calculateStatus: counts over the active pods the RS owns */
export function replicaSetStatus(rs: KubeObject, owned: KubeObject[], nowMs: number, failure?: { reason: string; message: string; time: string }): ReplicaSetStatus {
  const templateLabels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {};
  const minReady: number = rs.spec?.minReadySeconds ?? 0;
  let fully = 0;
  let ready = 0;
  let available = 0;
  for (const pod of owned) {
    const labels = pod.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fully++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowMs)) available++;
    }
  }
  const status: ReplicaSetStatus = {
    replicas: owned.length,
    fullyLabeledReplicas: fully,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  // ReplicaFailure: set while creating or deleting fails, cleared when it works again
  const old = ((rs.status?.conditions as Array<Record<string, unknown> & { type: string }> | undefined) ?? []).filter((c) => c.type !== 'ReplicaFailure');
  const prevFailure = ((rs.status?.conditions as Array<Record<string, unknown> & { type: string; reason?: string; message?: string }> | undefined) ?? []).find(
    (c) => c.type === 'ReplicaFailure',
  );
  if (failure) {
    const same = prevFailure && prevFailure.reason === failure.reason && prevFailure.message === failure.message;
    old.push(same ? prevFailure : { type: 'ReplicaFailure', status: 'True', lastTransitionTime: failure.time, reason: failure.reason, message: failure.message });
  }
  if (old.length > 0) status.conditions = old;
  return status;
}
