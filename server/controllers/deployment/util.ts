// Deployment helpers on objects (deployment_util.go): revision and replica
// annotations, template comparison ignoring the hash label, conditions, and
// the ReplicaSet → numbers conversion the pure math works on.

import type { KubeObject } from '../../../shared/api/object.js';
import { jsonEqual } from '../../registry/deep-equal.js';
import { POD_TEMPLATE_HASH_LABEL } from './hash.js';
import type { RolloutParams, RsCounts } from './math.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** annotations not copied from a Deployment to its ReplicaSets (skipCopyAnnotation) */
const NOT_COPIED = new Set([LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION]);

export function copiedAnnotations(d: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) out[k] = v;
  return out;
}

export function revisionOf(obj: KubeObject): number {
  const v = Number(obj.metadata.annotations?.[REVISION_ANNOTATION]);
  return Number.isInteger(v) && v > 0 ? v : 0;
}

export function intAnnotation(obj: KubeObject, name: string): number | undefined {
  const raw = obj.metadata.annotations?.[name];
  if (raw === undefined) return undefined;
  const v = Number(raw);
  return Number.isInteger(v) ? v : undefined;
}

/** EqualIgnoreHash: templates equal apart from the pod-template-hash label */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return jsonEqual(stripHash(a), stripHash(b));
}

function stripHash(t: any): unknown {
  const c = structuredClone(t ?? {});
  if (c.metadata?.labels) {
    delete c.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
  }
  return c;
}

export function rolloutParams(d: KubeObject): RolloutParams {
  const replicas: number = d.spec?.replicas ?? 1;
  const strategy = d.spec?.strategy ?? {};
  if (strategy.type === 'Recreate') return { replicas };
  const ru = strategy.rollingUpdate ?? {};
  return { replicas, maxSurge: ru.maxSurge ?? '25%', maxUnavailable: ru.maxUnavailable ?? '25%' };
}

/**
 * What the math needs of a ReplicaSet. Available is capped at spec.replicas:
 * right after a scale-down the RS status still counts pods that are being
 * removed, and counting them would let a rollout take more down than allowed.
 */
export function countsOf(rs: KubeObject): RsCounts {
  const replicas: number = rs.spec?.replicas ?? 0;
  return {
    name: rs.metadata.name!,
    replicas,
    available: Math.min(replicas, rs.status?.availableReplicas ?? 0),
    created: Date.parse(rs.metadata.creationTimestamp ?? '') || 0,
    maxReplicasAnnotation: intAnnotation(rs, MAX_REPLICAS_ANNOTATION),
  };
}

export function byCreationObj(a: KubeObject, b: KubeObject): number {
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  return ta - tb || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

export function isActive(rs: KubeObject | undefined): rs is KubeObject {
  return !!rs && (rs.spec?.replicas ?? 0) > 0;
}

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export function getCondition(status: { conditions?: DeploymentCondition[] } | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: a condition with the same status and reason is kept
 * as it is; the same status keeps its lastTransitionTime.
 */
export function setCondition(status: { conditions?: DeploymentCondition[] }, cond: DeploymentCondition): void {
  const cur = getCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = { ...cond };
  if (cur && cur.status === cond.status) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeCondition(status: { conditions?: DeploymentCondition[] }, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}
