// Scores (kube-scheduler's Score plugins), each 0–100 per node after
// normalisation, combined as a weighted sum. Weights follow the default
// profile: TaintToleration 3, PodTopologySpread 2, the rest 1.

import type { PodInfo } from './pod-info.js';
import type { NodeInfo, Snapshot } from './snapshot.js';
import { intolerablePreferNoSchedule } from './taints.js';

export const MAX_SCORE = 100;

export interface Scorer {
  name: string;
  weight: number;
  /** raw score of one node */
  score(pod: PodInfo, node: NodeInfo, snap: Snapshot): number;
  /** turn the raw scores of all feasible nodes into 0–100 (in place) */
  normalize?(scores: number[]): void;
}

function leastFraction(requested: number, allocatable: number): number {
  if (allocatable <= 0 || requested > allocatable) return 0;
  return Math.floor(((allocatable - requested) * MAX_SCORE) / allocatable);
}

/** NodeResourcesFit LeastAllocated: the emptier node (after placing the pod) wins; cpu and memory weigh 1 each */
export function leastAllocatedScore(pod: PodInfo, node: NodeInfo): number {
  const cpu = leastFraction(node.nonZeroRequested.cpu + pod.nonZero.cpu, node.allocatable.cpu);
  const mem = leastFraction(node.nonZeroRequested.memory + pod.nonZero.memory, node.allocatable.memory);
  return Math.floor((cpu + mem) / 2);
}

/** NodeResourcesBalancedAllocation: 100 × (1 − standard deviation of the cpu and memory fractions) */
export function balancedAllocationScore(pod: PodInfo, node: NodeInfo): number {
  const frac = (req: number, alloc: number) => (alloc <= 0 ? 1 : Math.min(1, req / alloc));
  const c = frac(node.nonZeroRequested.cpu + pod.nonZero.cpu, node.allocatable.cpu);
  const m = frac(node.nonZeroRequested.memory + pod.nonZero.memory, node.allocatable.memory);
  const std = Math.abs(c - m) / 2;
  return Math.floor((1 - std) * MAX_SCORE);
}

/** raw: pods of the same controller owner already on the node */
export function ownerSpreadRaw(pod: PodInfo, node: NodeInfo): number {
  return pod.owner ? (node.owners.get(pod.owner) ?? 0) : 0;
}

/** fewer pods of the owner = higher score (SelectorSpread's NormalizeScore without zones) */
export function reverseNormalize(scores: number[]): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? MAX_SCORE : Math.floor(((max - scores[i]) * MAX_SCORE) / max);
}

const MB = 1024 * 1024;
/** ImageLocality thresholds: below 23 MB an image is not worth preferring, above 1000 MB per container it is all the same */
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** ImageLocality: sizes of the pod's images present on the node, scaled by how widely each is spread */
export function imageLocalityScore(pod: PodInfo, node: NodeInfo, snap: Snapshot): number {
  if (node.images.size === 0 || pod.images.length === 0) return 0;
  const total = Math.max(1, snap.nodeCount);
  let sum = 0;
  for (const img of pod.images) {
    const size = node.images.get(img);
    if (size === undefined) continue;
    sum += Math.floor(size * ((snap.imageNodes.get(img) ?? 0) / total));
  }
  const max = MAX_CONTAINER_THRESHOLD * Math.max(1, pod.containerCount);
  if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
  else if (sum > max) sum = max;
  return Math.floor((MAX_SCORE * (sum - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
}

/** raw: PreferNoSchedule taints the pod does not tolerate */
export function preferNoScheduleRaw(pod: PodInfo, node: NodeInfo): number {
  return node.taints.length === 0 ? 0 : intolerablePreferNoSchedule(node.taints, pod.tolerations);
}

export interface ScoreWeights {
  leastAllocated: number;
  balancedAllocation: number;
  ownerSpread: number;
  imageLocality: number;
  taintToleration: number;
}

/** the default profile's weights (TaintToleration 3, PodTopologySpread 2, the rest 1) */
export const DEFAULT_WEIGHTS: ScoreWeights = { leastAllocated: 1, balancedAllocation: 1, ownerSpread: 2, imageLocality: 1, taintToleration: 3 };

export const SCORERS: readonly Scorer[] = [
  { name: 'NodeResourcesLeastAllocated', weight: DEFAULT_WEIGHTS.leastAllocated, score: leastAllocatedScore },
  { name: 'NodeResourcesBalancedAllocation', weight: DEFAULT_WEIGHTS.balancedAllocation, score: balancedAllocationScore },
  { name: 'OwnerSpread', weight: DEFAULT_WEIGHTS.ownerSpread, score: ownerSpreadRaw, normalize: reverseNormalize },
  { name: 'ImageLocality', weight: DEFAULT_WEIGHTS.imageLocality, score: imageLocalityScore },
  { name: 'TaintToleration', weight: DEFAULT_WEIGHTS.taintToleration, score: preferNoScheduleRaw, normalize: reverseNormalize },
];

/** weighted totals for the feasible nodes, in their order, one scorer at a time (the reference for scoreNodes) */
export function scoreNodesGeneric(pod: PodInfo, nodes: NodeInfo[], snap: Snapshot, scorers: readonly Scorer[] = SCORERS): number[] {
  const totals = new Array<number>(nodes.length).fill(0);
  const raw = new Array<number>(nodes.length);
  for (const s of scorers) {
    for (let i = 0; i < nodes.length; i++) raw[i] = s.score(pod, nodes[i], snap);
    s.normalize?.(raw);
    for (let i = 0; i < nodes.length; i++) totals[i] += s.weight * raw[i];
  }
  return totals;
}

/**
 * The same totals as scoreNodesGeneric with SCORERS, in one pass over the
 * nodes (this runs for hundreds of nodes per pod): the scores that need no
 * normalisation are summed at once, the two reverse-normalised counts after.
 */
export function scoreNodes(pod: PodInfo, nodes: NodeInfo[], snap: Snapshot, w: ScoreWeights = DEFAULT_WEIGHTS): number[] {
  const n = nodes.length;
  const totals = new Array<number>(n);
  const owners = new Int32Array(n);
  const taints = new Int32Array(n);
  let maxOwner = 0;
  let maxTaint = 0;
  const imagesToCheck = pod.images.length > 0;
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    let t = w.leastAllocated * leastAllocatedScore(pod, node) + w.balancedAllocation * balancedAllocationScore(pod, node);
    if (imagesToCheck && node.images.size > 0) t += w.imageLocality * imageLocalityScore(pod, node, snap);
    totals[i] = t;
    if (pod.owner && node.owners.size > 0) {
      const c = node.owners.get(pod.owner) ?? 0;
      owners[i] = c;
      if (c > maxOwner) maxOwner = c;
    }
    if (node.taints.length > 0) {
      const c = intolerablePreferNoSchedule(node.taints, pod.tolerations);
      taints[i] = c;
      if (c > maxTaint) maxTaint = c;
    }
  }
  for (let i = 0; i < n; i++) {
    const o = maxOwner === 0 ? MAX_SCORE : Math.floor(((maxOwner - owners[i]) * MAX_SCORE) / maxOwner);
    const t = maxTaint === 0 ? MAX_SCORE : Math.floor(((maxTaint - taints[i]) * MAX_SCORE) / maxTaint);
    totals[i] += w.ownerSpread * o + w.taintToleration * t;
  }
  return totals;
}
