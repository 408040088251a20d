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

export const SCORERS: readonly Scorer[] = [
  { name: 'NodeResourcesLeastAllocated', weight: 1, score: leastAllocatedScore },
  { name: 'NodeResourcesBalancedAllocation', weight: 1, score: balancedAllocationScore },
  { name: 'OwnerSpread', weight: 2, score: ownerSpreadRaw, normalize: reverseNormalize },
  { name: 'ImageLocality', weight: 1, score: imageLocalityScore },
  { name: 'TaintToleration', weight: 3, score: preferNoScheduleRaw, normalize: reverseNormalize },
];

/** weighted totals for the feasible nodes, in their order */
export function scoreNodes(pod: PodInfo, nodes: NodeInfo[], snap: Snapshot, scorers: readonly Scorer[] = SCORERS): number[] {
  const totals = new Array<number>(nodes.length).fill(0);
  const raw = new Array<number>(nodes.length);
  for (const s of scorers) {
    for (let i = 0; i < nodes.length; i++) raw[i] = s.score(pod, nodes[i], snap);
    s.normalize?.(raw);
    for (let i = 0; i < nodes.length; i++) totals[i] += s.weight * raw[i];
  }
  return totals;
}
