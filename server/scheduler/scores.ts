// Scores (kube-scheduler's Score plugins), each 0–100 per node after
// normalisation, combined as a weighted sum. Weights follow the default
// profile: TaintToleration 3, PodTopologySpread 2, the rest 1.

import type { PodInfo } from './pod-info.js';
import type { NodeInfo, Snapshot } from './snapshot.js';
import { F_TAINTS, type SlotValues } from './columns.js';
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

/** the same totals as scoreNodesGeneric with SCORERS (nodes must belong to `snap`) */
export function scoreNodes(pod: PodInfo, nodes: NodeInfo[], snap: Snapshot, w: ScoreWeights = DEFAULT_WEIGHTS): number[] {
  const totals = new Array<number>(nodes.length);
  const scored = scoreSlots(pod, Int32Array.from(nodes, (n) => n.slot), nodes.length, snap, w);
  for (let i = 0; i < nodes.length; i++) totals[i] = scored[i];
  return totals;
}

let ownerScratch = new Int32Array(256);
let taintScratch = new Int32Array(256);
let totalScratch = new Float64Array(256);

/**
 * The same totals as scoreNodesGeneric with SCORERS, for the nodes in
 * `slots[0..count)`, in one pass that reads only the snapshot's columns and
 * per-slot indexes (this runs for hundreds of nodes per pod, a different
 * window of the cluster each time). The scores that need no normalisation are
 * summed at once, the two reverse-normalised counts after. The result is a
 * scratch array, valid until the next call.
 */
export function scoreSlots(pod: PodInfo, slots: Int32Array, count: number, snap: Snapshot, w: ScoreWeights = DEFAULT_WEIGHTS): Float64Array {
  if (totalScratch.length < count) {
    const cap = Math.max(count, totalScratch.length * 2);
    ownerScratch = new Int32Array(cap);
    taintScratch = new Int32Array(cap);
    totalScratch = new Float64Array(cap);
  }
  const totals = totalScratch;
  const owners = ownerScratch;
  const taints = taintScratch;
  const c = snap.columns;
  const { allocCpu, allocMemory, nonZeroCpu, nonZeroMemory, flags, softTaints } = c;
  const podCpu = pod.nonZero.cpu;
  const podMemory = pod.nonZero.memory;
  const ownerCounts = pod.owner ? snap.ownerCounts(pod.owner) : undefined;
  // only tolerations with an empty or PreferNoSchedule effect can tolerate a PreferNoSchedule
  // taint; without any (the usual case: API defaulting adds NoExecute ones) the count is the node's
  const softTolerations = pod.tolerations.some((t) => !t.effect || t.effect === 'PreferNoSchedule');
  // ImageLocality: per pod image, the nodes that have it and its spread factor
  const nodeTotal = Math.max(1, snap.nodeCount);
  const images: Array<{ sizes: SlotValues; spread: number }> = [];
  for (const img of pod.images) {
    const sizes = snap.imageSizes(img);
    if (sizes) images.push({ sizes, spread: (snap.imageNodes.get(img) ?? 0) / nodeTotal });
  }
  const maxImage = MAX_CONTAINER_THRESHOLD * Math.max(1, pod.containerCount);
  const wLeast = w.leastAllocated;
  const wBalanced = w.balancedAllocation;
  const wImage = w.imageLocality;
  let maxOwner = 0;
  let maxTaint = 0;
  for (let i = 0; i < count; i++) {
    const s = slots[i];
    const ac = allocCpu[s];
    const am = allocMemory[s];
    const rc = nonZeroCpu[s] + podCpu;
    const rm = nonZeroMemory[s] + podMemory;
    // LeastAllocated
    const lc = ac <= 0 || rc > ac ? 0 : Math.floor(((ac - rc) * MAX_SCORE) / ac);
    const lm = am <= 0 || rm > am ? 0 : Math.floor(((am - rm) * MAX_SCORE) / am);
    // BalancedAllocation
    const fc = ac <= 0 ? 1 : Math.min(1, rc / ac);
    const fm = am <= 0 ? 1 : Math.min(1, rm / am);
    let t = wLeast * Math.floor((lc + lm) / 2) + wBalanced * Math.floor((1 - Math.abs(fc - fm) / 2) * MAX_SCORE);
    if (images.length > 0) {
      let sum = 0;
      let present = false;
      for (const img of images) {
        const size = img.sizes.get(s);
        if (size === undefined) continue;
        present = true;
        sum += Math.floor(size * img.spread);
      }
      if (present) {
        if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
        else if (sum > maxImage) sum = maxImage;
        t += wImage * Math.floor((MAX_SCORE * (sum - MIN_THRESHOLD)) / (maxImage - MIN_THRESHOLD));
      }
    }
    totals[i] = t;
    const o = ownerCounts?.get(s) ?? 0;
    owners[i] = o;
    if (o > maxOwner) maxOwner = o;
    let tn = 0;
    if (flags[s] & F_TAINTS) tn = softTolerations ? intolerablePreferNoSchedule(snap.nodeAt(s).taints, pod.tolerations) : softTaints[s];
    taints[i] = tn;
    if (tn > maxTaint) maxTaint = tn;
  }
  const wOwner = w.ownerSpread;
  const wTaint = w.taintToleration;
  for (let i = 0; i < count; i++) {
    const o = maxOwner === 0 ? MAX_SCORE : Math.floor(((maxOwner - owners[i]) * MAX_SCORE) / maxOwner);
    const t = maxTaint === 0 ? MAX_SCORE : Math.floor(((maxTaint - taints[i]) * MAX_SCORE) / maxTaint);
    totals[i] += wOwner * o + wTaint * t;
  }
  return totals;
}
