// Taints and tolerations as k8s.io/api/core/v1/toleration.go and
// k8s.io/component-helpers/scheduling/corev1 match them, plus the well-known
// taint keys the node lifecycle controller and the DaemonSet controller use.

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  /** RFC 3339; set for NoExecute taints (when the node got it) */
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: TaintEffect | '';
  tolerationSeconds?: number;
}

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';

/**
 * Toleration.ToleratesTaint: an empty effect matches every effect; an empty key
 * with operator Exists matches every taint; Equal (the default operator)
 * compares values, Exists ignores them.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** the first taint with one of `effects` that no toleration matches (FindMatchingUntoleratedTaint) */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  effects: readonly TaintEffect[],
): Taint | undefined {
  return (taints ?? []).find((taint) => effects.includes(taint.effect) && !tolerates(tolerations, taint));
}

/**
 * How long a pod may stay on a node with `taint` (taint manager's
 * getMinTolerationTime over the tolerations that match it): undefined = forever
 * (a matching toleration without tolerationSeconds), 0 = not tolerated or
 * tolerationSeconds <= 0, otherwise the smallest tolerationSeconds, in ms.
 */
export function tolerationMs(tolerations: readonly Toleration[] | undefined, taint: Taint): number | undefined {
  const matching = (tolerations ?? []).filter((t) => toleratesTaint(t, taint));
  if (matching.length === 0) return 0;
  let min: number | undefined;
  for (const t of matching) {
    // getMinTolerationTime: unbounded tolerations are ignored when a bounded one matches too
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    const ms = Math.max(0, t.tolerationSeconds) * 1000;
    min = min === undefined ? ms : Math.min(min, ms);
  }
  return min;
}

export function taintToString(t: Taint): string {
  return `${t.key}${t.value ? '=' + t.value : ''}:${t.effect}`;
}
