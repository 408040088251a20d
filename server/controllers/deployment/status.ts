// Deployment status and conditions (deployment/sync.go calculateStatus,
// progress.go syncRolloutStatus, deployment_util.go DeploymentComplete /
// DeploymentProgressing / DeploymentTimedOut), pure over the ReplicaSets.

import type { KubeObject } from '../../../shared/api/object.js';
import { maxUnavailable } from './math.js';
import { getCondition, newCondition, removeCondition, rolloutParams, setCondition, type DeploymentCondition } from './util.js';

export const PROGRESSING = 'Progressing';
export const AVAILABLE = 'Available';
export const REASON = {
  newRSCreated: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  rsUpdated: 'ReplicaSetUpdated',
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minAvailable: 'MinimumReplicasAvailable',
  minUnavailable: 'MinimumReplicasUnavailable',
} as const;

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  collisionCount?: number;
  conditions?: DeploymentCondition[];
}

const sum = (rss: KubeObject[], f: (rs: KubeObject) => number) => rss.reduce((n, rs) => n + f(rs), 0);

/** calculateStatus, with the Available condition */
export function calculateStatus(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined, now: string): DeploymentStatus {
  const available = sum(all, (rs) => rs.status?.availableReplicas ?? 0);
  const total = sum(all, (rs) => rs.spec?.replicas ?? 0);
  const prev: DeploymentStatus = d.status ?? {};
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sum(all, (rs) => rs.status?.replicas ?? 0),
    updatedReplicas: newRS ? (newRS.status?.replicas ?? 0) : 0,
    readyReplicas: sum(all, (rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
  if (prev.collisionCount !== undefined) status.collisionCount = prev.collisionCount;
  if (prev.conditions) status.conditions = structuredClone(prev.conditions);
  const p = rolloutParams(d);
  if (available >= p.replicas - maxUnavailable(p)) {
    setCondition(status, newCondition(AVAILABLE, 'True', REASON.minAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition(AVAILABLE, 'False', REASON.minUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

export function hasProgressDeadline(d: KubeObject): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return typeof s === 'number' && s < 2 ** 31 - 1;
}

/** DeploymentComplete: everything updated and available, and the latest spec observed */
export function deploymentComplete(d: KubeObject, s: DeploymentStatus): boolean {
  const replicas = d.spec?.replicas ?? 1;
  return (
    (s.updatedReplicas ?? 0) === replicas &&
    (s.replicas ?? 0) === replicas &&
    (s.availableReplicas ?? 0) === replicas &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than last time */
export function deploymentProgressing(d: KubeObject, s: DeploymentStatus): boolean {
  const old: DeploymentStatus = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: no progress since the Progressing condition's lastUpdateTime + deadline */
export function deploymentTimedOut(d: KubeObject, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, PROGRESSING);
  if (!c || c.reason === REASON.newRSAvailable) return false;
  if (c.reason === REASON.timedOut) return true;
  const from = Date.parse(c.lastUpdateTime);
  return from + d.spec.progressDeadlineSeconds * 1000 < nowMs;
}

/** syncRolloutStatus's conditions: complete, progressing, or timed out */
export function rolloutStatus(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined, nowMs: number): DeploymentStatus {
  const now = iso(nowMs);
  const s = calculateStatus(d, all, newRS, now);
  if (!hasProgressDeadline(d)) removeCondition(s, PROGRESSING);
  const cur = getCondition(s, PROGRESSING);
  const complete = s.replicas === s.updatedReplicas && cur?.reason === REASON.newRSAvailable;
  if (hasProgressDeadline(d) && !complete) {
    if (deploymentComplete(d, s)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : 'Deployment has successfully progressed.';
      setCondition(s, newCondition(PROGRESSING, 'True', REASON.newRSAvailable, msg, now));
    } else if (deploymentProgressing(d, s)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : 'Deployment is progressing.';
      const c = newCondition(PROGRESSING, 'True', REASON.rsUpdated, msg, now);
      // an update of a True condition keeps its lastTransitionTime but always refreshes lastUpdateTime
      if (cur?.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
      removeCondition(s, PROGRESSING);
      setCondition(s, c);
    } else if (deploymentTimedOut(d, s, nowMs)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(s, newCondition(PROGRESSING, 'False', REASON.timedOut, msg, now));
    }
  }
  return s;
}

/** ms until the progress deadline of a rollout still in progress (requeueStuckDeployment), or undefined */
export function msUntilDeadline(d: KubeObject, s: DeploymentStatus, nowMs: number): number | undefined {
  const c = getCondition(s, PROGRESSING);
  if (!hasProgressDeadline(d) || !c || c.reason === REASON.newRSAvailable || c.reason === REASON.timedOut) return undefined;
  if (deploymentComplete(d, s)) return undefined;
  return Math.max(0, Date.parse(c.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 - nowMs);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
