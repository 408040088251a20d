// kubectl describe node: conditions, addresses, capacity/allocatable, system
// info and the pods bound to it.

import type { KubeObject } from '../../shared/api/object.js';
import { ageSince } from '../duration.js';
import { formatTime, writeLabelsAndAnnotations, writeName } from './format.js';
import { podRequestsAndLimits, sumTotals, withShare } from './pod-resources.js';
import type { DescribeWriter } from './writer.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

const SYSTEM_INFO: Array<[string, string]> = [
  ['Machine ID', 'machineID'],
  ['System UUID', 'systemUUID'],
  ['Boot ID', 'bootID'],
  ['Kernel Version', 'kernelVersion'],
  ['OS Image', 'osImage'],
  ['Operating System', 'operatingSystem'],
  ['Architecture', 'architecture'],
  ['Container Runtime Version', 'containerRuntimeVersion'],
  ['Kubelet Version', 'kubeletVersion'],
  ['Kube-Proxy Version', 'kubeProxyVersion'],
];

function writeResourceList(w: DescribeWriter, title: string, list: Record<string, string> | undefined): void {
  const keys = Object.keys(list ?? {}).sort();
  if (keys.length === 0) return;
  w.line(0, `${title}:`);
  for (const k of keys) w.line(1, `${k}:`, list![k]);
}

/** `pods`: the non-terminated pods on the node, or undefined when they could not be listed (the section is left out). */
export function renderNode(w: DescribeWriter, node: KubeObject, pods: KubeObject[] | undefined, now: number): void {
  const spec = node.spec ?? {};
  const status = node.status ?? {};
  const labels = node.metadata.labels ?? {};
  writeName(w, node, false);
  const roles = Object.keys(labels)
    .filter((k) => k.startsWith(ROLE_PREFIX))
    .map((k) => k.slice(ROLE_PREFIX.length))
    .sort();
  w.line(0, 'Roles:', roles.length ? roles.join(',') : '<none>');
  writeLabelsAndAnnotations(w, node);
  w.line(0, 'CreationTimestamp:', formatTime(node.metadata.creationTimestamp));
  const taints: any[] = spec.taints ?? [];
  if (taints.length === 0) w.line(0, 'Taints:', '<none>');
  taints.forEach((t, i) => w.raw(`${i === 0 ? 'Taints:' : ''}\t${t.key}${t.value ? '=' + t.value : ''}:${t.effect}\n`));
  w.line(0, 'Unschedulable:', String(!!spec.unschedulable));
  const conditions: any[] = status.conditions ?? [];
  if (conditions.length > 0) {
    w.line(0, 'Conditions:');
    w.line(1, 'Type', 'Status', 'LastHeartbeatTime', 'LastTransitionTime', 'Reason', 'Message');
    w.line(1, '----', '------', '-----------------', '------------------', '------', '-------');
    for (const c of conditions) {
      w.line(1, `${c.type} `, `${c.status} `, `${formatTime(c.lastHeartbeatTime)} `, `${formatTime(c.lastTransitionTime)} `, `${c.reason ?? ''} `, c.message ?? '');
    }
  }
  const addresses: any[] = status.addresses ?? [];
  if (addresses.length > 0) {
    w.line(0, 'Addresses:');
    for (const a of addresses) w.line(1, `${a.type}:`, a.address);
  }
  writeResourceList(w, 'Capacity', status.capacity);
  writeResourceList(w, 'Allocatable', status.allocatable);
  if (status.nodeInfo) {
    w.line(0, 'System Info:');
    for (const [title, field] of SYSTEM_INFO) w.line(1, `${title}:`, status.nodeInfo[field] ?? '');
  }
  if (spec.podCIDR) w.line(0, 'PodCIDR:', spec.podCIDR);
  if (spec.podCIDRs?.length) w.line(0, 'PodCIDRs:', spec.podCIDRs.join(','));
  if (pods) writeNodeResources(w, node, pods, now);
}

/** kubectl's describeNodeResource: per-pod requests/limits, then the node's totals. */
function writeNodeResources(w: DescribeWriter, node: KubeObject, pods: KubeObject[], now: number): void {
  const allocatable: Record<string, string> = Object.keys(node.status?.allocatable ?? {}).length ? node.status.allocatable : node.status?.capacity ?? {};
  w.line(0, 'Non-terminated Pods:', `(${pods.length} in total)`);
  w.line(1, 'Namespace', 'Name', '', 'CPU Requests', 'CPU Limits', 'Memory Requests', 'Memory Limits', 'Age');
  w.line(1, '---------', '----', '', '------------', '----------', '---------------', '-------------', '---');
  const perPod = pods.map(podRequestsAndLimits);
  pods.forEach((p, i) => {
    const { requests, limits } = perPod[i];
    const share = (t: typeof requests, r: string) => withShare(t.get(r), allocatable[r], r);
    w.line(1, p.metadata.namespace ?? '', p.metadata.name ?? '', '', share(requests, 'cpu'), share(limits, 'cpu'), share(requests, 'memory'), share(limits, 'memory'), ageSince(p.metadata.creationTimestamp, now));
  });
  w.line(0, 'Allocated resources:');
  w.line(0, '  (Total limits may be over 100 percent, i.e., overcommitted.)');
  w.line(1, 'Resource', 'Requests', 'Limits');
  w.line(1, '--------', '--------', '------');
  const requests = sumTotals(perPod.map((t) => t.requests));
  const limits = sumTotals(perPod.map((t) => t.limits));
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    w.line(1, r, withShare(requests.get(r), allocatable[r], r), withShare(limits.get(r), allocatable[r], r));
  }
}
