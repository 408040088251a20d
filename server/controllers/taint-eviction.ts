// Pure planner of the NoExecute taint manager (pkg/controller/tainteviction):
// a pod bound to a node with a NoExecute taint it does not tolerate is deleted
// at once; one that tolerates every such taint for a bounded time is deleted
// when the first of those times runs out, counted from each taint's
// timeAdded; tolerations without tolerationSeconds keep the pod forever.

import type { KubeObject } from '../../shared/api/object.js';
import { tolerationMs, type Taint } from './tolerations.js';

export interface EvictionPlan {
  now: KubeObject[];
  /** pods with a deadline (epoch ms), not yet due */
  later: Array<{ pod: KubeObject; at: number }>;
}

export function planEvictions(node: KubeObject, pods: readonly KubeObject[], now: Date, firstSeen: (t: Taint) => number = () => now.getTime()): EvictionPlan {
  const plan: EvictionPlan = { now: [], later: [] };
  const taints: Taint[] = (node.spec?.taints ?? []).filter((t: Taint) => t.effect === 'NoExecute');
  if (taints.length === 0) return plan;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const phase = (pod as any).status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    let deadline: number | undefined;
    for (const t of taints) {
      const ms = tolerationMs(pod.spec?.tolerations, t);
      if (ms === undefined) continue; // tolerated forever
      const added = Date.parse(t.timeAdded ?? '');
      const at = (Number.isFinite(added) ? added : firstSeen(t)) + ms;
      deadline = deadline === undefined ? at : Math.min(deadline, at);
    }
    if (deadline === undefined) continue;
    if (deadline <= now.getTime()) plan.now.push(pod);
    else plan.later.push({ pod, at: deadline });
  }
  return plan;
}
