// Taints and tolerations (k8s.io/api core/v1 toleration.go ToleratesTaint,
// pkg/scheduler/plugins/tainttoleration).

import type { Taint } from './snapshot.js';

export interface Toleration {
  key?: string;
  operator?: 'Equal' | 'Exists' | string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  // an empty key with Exists tolerates every taint
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
    case '':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

export function tolerated(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => toleratesTaint(t, taint));
}

/** the first NoSchedule/NoExecute taint the pod does not tolerate (FindMatchingUntoleratedTaint) */
export function firstUntoleratedTaint(taints: Taint[], tolerations: Toleration[]): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerated(tolerations, taint)) return taint;
  }
  return undefined;
}

/** PreferNoSchedule taints the pod does not tolerate (the TaintToleration score counts them) */
export function intolerablePreferNoSchedule(taints: Taint[], tolerations: Toleration[]): number {
  let n = 0;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    // only tolerations with an empty or PreferNoSchedule effect count here (getAllTolerationPreferNoSchedule)
    if (!tolerations.some((t) => (!t.effect || t.effect === 'PreferNoSchedule') && toleratesTaint(t, taint))) n++;
  }
  return n;
}
