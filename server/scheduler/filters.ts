// Filters (kube-scheduler's Filter plugins) as pure functions of the pod and
// one node of the snapshot. Each returns the reasons it rejects the node, in
// the words kube-scheduler uses, or an empty list when the node fits.

import { matchNodeSelector, matchNodeSelectorTerms } from './node-affinity.js';
import type { PodInfo } from './pod-info.js';
import type { NodeInfo } from './snapshot.js';
import { firstUntoleratedTaint, tolerated } from './taints.js';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export type Filter = (pod: PodInfo, node: NodeInfo) => readonly string[];

const FIT: readonly string[] = Object.freeze([]);

export const REASON_NOT_READY = 'node(s) were not ready';
export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";
export const REASON_CPU = 'Insufficient cpu';
export const REASON_MEMORY = 'Insufficient memory';
export const REASON_PODS = 'Too many pods';
export const REASON_PLATFORM = "node(s) didn't match the platforms (os/arch) of the pod's images";

const NOT_READY_REASONS: readonly string[] = Object.freeze([REASON_NOT_READY]);

export function taintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

/**
 * Ready condition True. Kubernetes leaves this to the node lifecycle
 * controller's not-ready/unreachable NoSchedule taints; we also check the
 * condition so a node that joined but never reported status gets nothing.
 */
export const nodeReady: Filter = (_pod, node) => (node.ready ? FIT : NOT_READY_REASONS);

/** NodeUnschedulable: a cordoned node takes only pods tolerating node.kubernetes.io/unschedulable:NoSchedule */
export const nodeUnschedulable: Filter = (pod, node) => {
  if (!node.unschedulable) return FIT;
  return tolerated(pod.tolerations, UNSCHEDULABLE_TAINT) ? FIT : [REASON_UNSCHEDULABLE];
};

/** TaintToleration: the first NoSchedule/NoExecute taint not tolerated names the reason */
export const taintToleration: Filter = (pod, node) => {
  if (node.taints.length === 0) return FIT;
  const t = firstUntoleratedTaint(node.taints, pod.tolerations);
  return t ? [taintReason(t.key, t.value)] : FIT;
};

/** NodeAffinity: spec.nodeSelector and requiredDuringSchedulingIgnoredDuringExecution */
export const nodeAffinity: Filter = (pod, node) => {
  if (!matchNodeSelector(pod.nodeSelector, node.labels)) return [REASON_AFFINITY];
  if (pod.requiredTerms && !matchNodeSelectorTerms(pod.requiredTerms, node.labels, node.name)) return [REASON_AFFINITY];
  return FIT;
};

/** NodePorts: same protocol and port conflict when either side binds 0.0.0.0 or both bind the same IP */
export const nodePorts: Filter = (pod, node) => {
  for (const hp of pod.hostPorts) {
    const ips = node.hostPorts.get(`${hp.protocol}/${hp.port}`);
    if (!ips) continue;
    if (hp.ip === '0.0.0.0' || ips.has('0.0.0.0') || ips.has(hp.ip)) return [REASON_PORTS];
  }
  // two containers of the pod itself asking for the same port is a validation error, not ours
  return FIT;
};

/** NodeResourcesFit: every insufficient resource is its own reason */
export const nodeResourcesFit: Filter = (pod, node) => {
  let out: string[] | undefined;
  if (node.podCount + 1 > node.allocatable.pods) (out ??= []).push(REASON_PODS);
  const r = pod.requests;
  if (r.cpu > 0 && r.cpu > node.allocatable.cpu - node.requested.cpu) (out ??= []).push(REASON_CPU);
  if (r.memory > 0 && r.memory > node.allocatable.memory - node.requested.memory) (out ??= []).push(REASON_MEMORY);
  return out ?? FIT;
};

/** the node's os/arch must be among the platforms of every image whose platforms are known */
export const nodePlatform: Filter = (pod, node) => {
  if (pod.platforms.length === 0) return FIT;
  const arch = node.labels['kubernetes.io/arch'];
  const os = node.labels['kubernetes.io/os'];
  if (!arch && !os) return FIT;
  for (const list of pod.platforms) {
    const ok = list.some((p) => (!arch || p.architecture === arch) && (!os || p.os === os));
    if (!ok) return [REASON_PLATFORM];
  }
  return FIT;
};

/** in kube-scheduler's default plugin order; a node is rejected by the first filter that fails */
export const FILTERS: ReadonlyArray<[string, Filter]> = [
  ['NodeReady', nodeReady],
  ['NodeUnschedulable', nodeUnschedulable],
  ['TaintToleration', taintToleration],
  ['NodeAffinity', nodeAffinity],
  ['NodePorts', nodePorts],
  ['NodeResourcesFit', nodeResourcesFit],
  ['NodePlatform', nodePlatform],
];

/**
 * All filters in FILTERS order, with the checks that cannot fail for this pod
 * or node skipped (this runs for hundreds of nodes per pod).
 */
export function runFilters(pod: PodInfo, node: NodeInfo): readonly string[] {
  if (!node.ready) return NOT_READY_REASONS;
  let r: readonly string[];
  if (node.unschedulable && (r = nodeUnschedulable(pod, node)).length > 0) return r;
  if (node.taints.length > 0 && (r = taintToleration(pod, node)).length > 0) return r;
  if ((pod.nodeSelector || pod.requiredTerms) && (r = nodeAffinity(pod, node)).length > 0) return r;
  if (pod.hostPorts.length > 0 && node.hostPorts.size > 0 && (r = nodePorts(pod, node)).length > 0) return r;
  if ((r = nodeResourcesFit(pod, node)).length > 0) return r;
  if (pod.platforms.length > 0 && (r = nodePlatform(pod, node)).length > 0) return r;
  return FIT;
}
