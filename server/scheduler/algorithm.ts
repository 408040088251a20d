// One scheduling decision (kube-scheduler's schedulePod): scan nodes from a
// rotating start, stop once enough feasible nodes are found
// (percentageOfNodesToScore), score them, take the best; ties go to the node
// met first in the rotated scan, so equal nodes are used in turn.

import { F_HARD_TAINTS, F_READY, F_UNSCHEDULABLE } from './columns.js';
import { nodeAffinity, REASON_AFFINITY, runFilters } from './filters.js';
import { fitErrorMessage } from './message.js';
import type { PodInfo } from './pod-info.js';
import { DEFAULT_WEIGHTS, scoreSlots, type ScoreWeights } from './scores.js';
import type { Snapshot } from './snapshot.js';

export interface AlgorithmOptions {
  /** 0 = adaptive (kube-scheduler's default: 50% − nodes/125, at least 5%) */
  percentageOfNodesToScore?: number;
  weights?: ScoreWeights;
}

export type ScheduleResult =
  | { ok: true; node: string; score: number; feasible: number; evaluated: number }
  | { ok: false; message: string; reasons: Map<string, number> };

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

/** numFeasibleNodesToFind */
export function feasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) {
    pct = 50 - Math.floor(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE) pct = MIN_FEASIBLE_NODES_PERCENTAGE;
  }
  const n = Math.floor((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

const CLEAN = F_READY | F_UNSCHEDULABLE | F_HARD_TAINTS;

export class Algorithm {
  /** where the next scan starts (nextStartNodeIndex) */
  private next = 0;
  /** the feasible nodes' slots of the current decision (reused) */
  private feasible = new Int32Array(256);

  constructor(private readonly opts: AlgorithmOptions = {}) {}

  schedule(pod: PodInfo, snap: Snapshot): ScheduleResult {
    const order = snap.order();
    const all = order.length;
    const want = feasibleNodesToFind(all, this.opts.percentageOfNodesToScore);
    if (this.feasible.length < want) this.feasible = new Int32Array(want);
    const feasible = this.feasible;
    let found = 0;
    const reasons = new Map<string, number>();
    const start = all === 0 ? 0 : this.next % all;
    // Fast path: for a node that is Ready, not cordoned and has no NoSchedule/NoExecute
    // taint, and a pod without host ports or known image platforms, only the node
    // selector/affinity and the resource fit can reject; the resources are read from
    // the columns. Everything else (and every rejection, for its reasons) goes
    // through runFilters, so the result is exactly the filter chain's.
    const fastPod = pod.hostPorts.length === 0 && pod.platforms.length === 0;
    const affinity = pod.nodeSelector !== undefined || pod.requiredTerms !== undefined;
    const cpu = pod.requests.cpu;
    const memory = pod.requests.memory;
    const { flags, pods, allocPods, allocCpu, allocMemory, reqCpu, reqMemory } = snap.columns;
    let scanned = 0;
    for (; scanned < all && found < want; scanned++) {
      let idx = start + scanned;
      if (idx >= all) idx -= all;
      const slot = order[idx];
      if (fastPod && (flags[slot] & CLEAN) === F_READY) {
        if (affinity && nodeAffinity(pod, snap.nodeAt(slot)).length > 0) {
          reasons.set(REASON_AFFINITY, (reasons.get(REASON_AFFINITY) ?? 0) + 1);
          continue;
        }
        if (
          pods[slot] + 1 <= allocPods[slot] &&
          !(cpu > 0 && cpu > allocCpu[slot] - reqCpu[slot]) &&
          !(memory > 0 && memory > allocMemory[slot] - reqMemory[slot])
        ) {
          feasible[found++] = slot;
          continue;
        }
      }
      const r = runFilters(pod, snap.nodeAt(slot));
      if (r.length === 0) feasible[found++] = slot;
      else for (const reason of r) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    // a full scan still moves the start by one, so equally good nodes take turns
    this.next = all === 0 ? 0 : (start + (scanned >= all ? 1 : scanned)) % all;
    if (found === 0) return { ok: false, message: fitErrorMessage(all, reasons), reasons };
    if (found === 1) return { ok: true, node: snap.nodeAt(feasible[0]).name, score: 0, feasible: 1, evaluated: scanned };
    const scores = scoreSlots(pod, feasible, found, snap, this.opts.weights ?? DEFAULT_WEIGHTS);
    let best = 0;
    for (let i = 1; i < found; i++) if (scores[i] > scores[best]) best = i;
    return { ok: true, node: snap.nodeAt(feasible[best]).name, score: scores[best], feasible: found, evaluated: scanned };
  }
}
