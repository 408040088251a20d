// One scheduling decision (kube-scheduler's schedulePod): scan nodes from a
// rotating start, stop once enough feasible nodes are found
// (percentageOfNodesToScore), score them, take the best; ties go to the node
// met first in the rotated scan, so equal nodes are used in turn.

import { runFilters } from './filters.js';
import { fitErrorMessage } from './message.js';
import type { PodInfo } from './pod-info.js';
import { DEFAULT_WEIGHTS, scoreNodes, type ScoreWeights } from './scores.js';
import type { NodeInfo, Snapshot } from './snapshot.js';

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

export class Algorithm {
  /** where the next scan starts (nextStartNodeIndex) */
  private next = 0;

  constructor(private readonly opts: AlgorithmOptions = {}) {}

  schedule(pod: PodInfo, snap: Snapshot): ScheduleResult {
    const nodes = snap.nodeList();
    const all = nodes.length;
    const want = feasibleNodesToFind(all, this.opts.percentageOfNodesToScore);
    const feasible: NodeInfo[] = [];
    const reasons = new Map<string, number>();
    const start = all === 0 ? 0 : this.next % all;
    let scanned = 0;
    for (; scanned < all && feasible.length < want; scanned++) {
      let idx = start + scanned;
      if (idx >= all) idx -= all;
      const node = nodes[idx];
      const r = runFilters(pod, node);
      if (r.length === 0) feasible.push(node);
      else for (const reason of r) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    // a full scan still moves the start by one, so equally good nodes take turns
    this.next = all === 0 ? 0 : (start + (scanned >= all ? 1 : scanned)) % all;
    if (feasible.length === 0) return { ok: false, message: fitErrorMessage(all, reasons), reasons };
    if (feasible.length === 1) return { ok: true, node: feasible[0].name, score: 0, feasible: 1, evaluated: scanned };
    const scores = scoreNodes(pod, feasible, snap, this.opts.weights ?? DEFAULT_WEIGHTS);
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
    return { ok: true, node: feasible[best].name, score: scores[best], feasible: feasible.length, evaluated: scanned };
  }
}
