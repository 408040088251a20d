// Pod readiness and availability as the ReplicaSet and Deployment controllers
// read them (k8s.io/kubernetes/pkg/api/v1/pod: IsPodReady, IsPodAvailable).

import type { KubeObject } from '../../shared/api/object.js';

interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

/** FilterActivePods: not terminated and not being deleted */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

function readyCondition(pod: KubeObject): Condition | undefined {
  return (pod.status?.conditions as Condition[] | undefined)?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/**
 * Ready for at least minReadySeconds, counted from the Ready condition's
 * lastTransitionTime (a missing time counts as "just now" unless minReadySeconds is 0).
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= nowMs;
}

/** ms until a ready pod becomes available (0 when it already is or is not ready) */
export function msUntilAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): number {
  const c = readyCondition(pod);
  if (c?.status !== 'True' || minReadySeconds <= 0 || !c.lastTransitionTime) return 0;
  return Math.max(0, Date.parse(c.lastTransitionTime) + minReadySeconds * 1000 - nowMs);
}

export function readySinceMs(pod: KubeObject): number | undefined {
  const c = readyCondition(pod);
  if (c?.status !== 'True' || !c.lastTransitionTime) return undefined;
  const t = Date.parse(c.lastTransitionTime);
  return Number.isFinite(t) ? t : undefined;
}

/** The Ready condition reason the node lifecycle controller leaves on the pods of a node that is not ready. */
export const NODE_NOT_READY = 'NodeNotReady';

/**
 * MarkPodsNotReady (pkg/controller/nodelifecycle, nodeutil.MarkPodsNotReady):
 * the new status of a pod on a node whose Ready is `nodeReady`, or undefined
 * when nothing changes. A not-ready node turns its running, ready pods' Ready
 * condition False, so the endpoints controller drops them from every Service
 * at once instead of after the eviction timeout. When the node is Ready again,
 * a condition still carrying our reason goes back to True: the agent's own
 * reports replace it anyway, and this undoes a mark that raced ahead of the
 * agent's reconnect report (it was True when marked, so True is what the agent said).
 */
export function podReadyForNode(pod: KubeObject, nodeReady: boolean, now: Date): Record<string, unknown> | undefined {
  const c = readyCondition(pod);
  if (!c || !isPodActive(pod)) return undefined;
  const marked = c.status === 'False' && (c as { reason?: string }).reason === NODE_NOT_READY;
  if (nodeReady ? !marked : c.status !== 'True') return undefined;
  const status = structuredClone(pod.status ?? {}) as { conditions: Array<Record<string, unknown>> };
  const i = status.conditions.findIndex((x) => x.type === 'Ready');
  const { reason: _r, message: _m, ...rest } = status.conditions[i]!;
  status.conditions[i] = nodeReady
    ? { ...rest, status: 'True', lastTransitionTime: now.toISOString() }
    : { ...rest, status: 'False', reason: NODE_NOT_READY, message: 'Node is not ready', lastTransitionTime: now.toISOString() };
  return status;
}
