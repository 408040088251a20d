// Each filter and each reason string, table-driven.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  FILTERS,
  nodeAffinity,
  nodePlatform,
  nodePorts,
  nodeReady,
  nodeResourcesFit,
  nodeUnschedulable,
  runFilters,
  taintToleration,
  type Filter,
} from '../../../server/scheduler/filters.js';
import { podInfo, type Platform } from '../../../server/scheduler/pod-info.js';
import { boundPod, newNodeInfo, Snapshot, type NodeInfo } from '../../../server/scheduler/snapshot.js';
import { node, pod, type NodeSpec, type PodSpecOpts } from './fakes.js';

interface Case {
  name: string;
  filter: Filter;
  node: NodeSpec;
  pod: PodSpecOpts;
  /** pods already bound to the node */
  bound?: PodSpecOpts[];
  platforms?: Platform[][];
  want: string[];
}

function nodeWith(spec: NodeSpec, bound: PodSpecOpts[] = []): NodeInfo {
  const snap = new Snapshot();
  snap.upsertNode(node(spec));
  bound.forEach((b, i) => snap.addPod(boundPod(pod({ name: `bound-${i}`, ...b }), spec.name)));
  return snap.getNode(spec.name)!;
}

const aff = (terms: any[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
const expr = (key: string, operator: string, values?: string[]) => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });

const CASES: Case[] = [
  // NodeReady
  { name: 'ready node fits', filter: nodeReady, node: { name: 'n' }, pod: {}, want: [] },
  { name: 'not ready node', filter: nodeReady, node: { name: 'n', ready: false }, pod: {}, want: ['node(s) were not ready'] },
  // NodeUnschedulable
  { name: 'schedulable node', filter: nodeUnschedulable, node: { name: 'n' }, pod: {}, want: [] },
  { name: 'cordoned node', filter: nodeUnschedulable, node: { name: 'n', unschedulable: true }, pod: {}, want: ['node(s) were unschedulable'] },
  {
    name: 'cordoned node, pod tolerates unschedulable',
    filter: nodeUnschedulable,
    node: { name: 'n', unschedulable: true },
    pod: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] },
    want: [],
  },
  { name: 'cordoned node, pod tolerates everything', filter: nodeUnschedulable, node: { name: 'n', unschedulable: true }, pod: { tolerations: [{ operator: 'Exists' }] }, want: [] },
  // TaintToleration
  { name: 'untainted node', filter: taintToleration, node: { name: 'n' }, pod: {}, want: [] },
  { name: 'NoSchedule taint', filter: taintToleration, node: { name: 'n', taints: [{ key: 'x', value: 'y', effect: 'NoSchedule' }] }, pod: {}, want: ['node(s) had untolerated taint {x: y}'] },
  { name: 'NoExecute taint without value', filter: taintToleration, node: { name: 'n', taints: [{ key: 'dedicated', effect: 'NoExecute' }] }, pod: {}, want: ['node(s) had untolerated taint {dedicated: }'] },
  { name: 'PreferNoSchedule does not filter', filter: taintToleration, node: { name: 'n', taints: [{ key: 'x', value: 'y', effect: 'PreferNoSchedule' }] }, pod: {}, want: [] },
  {
    name: 'Equal toleration matches',
    filter: taintToleration,
    node: { name: 'n', taints: [{ key: 'x', value: 'y', effect: 'NoSchedule' }] },
    pod: { tolerations: [{ key: 'x', operator: 'Equal', value: 'y', effect: 'NoSchedule' }] },
    want: [],
  },
  {
    name: 'Equal toleration with another value',
    filter: taintToleration,
    node: { name: 'n', taints: [{ key: 'x', value: 'y', effect: 'NoSchedule' }] },
    pod: { tolerations: [{ key: 'x', value: 'z' }] },
    want: ['node(s) had untolerated taint {x: y}'],
  },
  {
    name: 'Exists toleration for the key, any effect',
    filter: taintToleration,
    node: { name: 'n', taints: [{ key: 'x', value: 'y', effect: 'NoExecute' }] },
    pod: { tolerations: [{ key: 'x', operator: 'Exists' }] },
    want: [],
  },
  {
    name: 'toleration for another effect',
    filter: taintToleration,
    node: { name: 'n', taints: [{ key: 'x', value: 'y', effect: 'NoExecute' }] },
    pod: { tolerations: [{ key: 'x', operator: 'Exists', effect: 'NoSchedule' }] },
    want: ['node(s) had untolerated taint {x: y}'],
  },
  {
    name: 'first untolerated taint is named',
    filter: taintToleration,
    node: { name: 'n', taints: [{ key: 'a', value: '1', effect: 'NoSchedule' }, { key: 'b', value: '2', effect: 'NoSchedule' }] },
    pod: { tolerations: [{ key: 'a', operator: 'Exists' }] },
    want: ['node(s) had untolerated taint {b: 2}'],
  },
  // NodeAffinity
  { name: 'nodeSelector matches', filter: nodeAffinity, node: { name: 'n', labels: { disk: 'ssd' } }, pod: { nodeSelector: { disk: 'ssd' } }, want: [] },
  { name: 'nodeSelector mismatch', filter: nodeAffinity, node: { name: 'n', labels: { disk: 'hdd' } }, pod: { nodeSelector: { disk: 'ssd' } }, want: ["node(s) didn't match Pod's node affinity/selector"] },
  { name: 'nodeSelector missing label', filter: nodeAffinity, node: { name: 'n' }, pod: { nodeSelector: { disk: 'ssd' } }, want: ["node(s) didn't match Pod's node affinity/selector"] },
  { name: 'In matches', filter: nodeAffinity, node: { name: 'n', labels: { zone: 'a' } }, pod: { affinity: aff([expr('zone', 'In', ['a', 'b'])]) }, want: [] },
  { name: 'In fails', filter: nodeAffinity, node: { name: 'n', labels: { zone: 'c' } }, pod: { affinity: aff([expr('zone', 'In', ['a', 'b'])]) }, want: ["node(s) didn't match Pod's node affinity/selector"] },
  { name: 'NotIn matches a missing label', filter: nodeAffinity, node: { name: 'n' }, pod: { affinity: aff([expr('zone', 'NotIn', ['a'])]) }, want: [] },
  { name: 'NotIn fails', filter: nodeAffinity, node: { name: 'n', labels: { zone: 'a' } }, pod: { affinity: aff([expr('zone', 'NotIn', ['a'])]) }, want: ["node(s) didn't match Pod's node affinity/selector"] },
  { name: 'Exists', filter: nodeAffinity, node: { name: 'n', labels: { gpu: '' } }, pod: { affinity: aff([expr('gpu', 'Exists')]) }, want: [] },
  { name: 'Exists fails', filter: nodeAffinity, node: { name: 'n' }, pod: { affinity: aff([expr('gpu', 'Exists')]) }, want: ["node(s) didn't match Pod's node affinity/selector"] },
  { name: 'DoesNotExist', filter: nodeAffinity, node: { name: 'n' }, pod: { affinity: aff([expr('gpu', 'DoesNotExist')]) }, want: [] },
  { name: 'DoesNotExist fails', filter: nodeAffinity, node: { name: 'n', labels: { gpu: 'x' } }, pod: { affinity: aff([expr('gpu', 'DoesNotExist')]) }, want: ["node(s) didn't match Pod's node affinity/selector"] },
  { name: 'Gt', filter: nodeAffinity, node: { name: 'n', labels: { cores: '8' } }, pod: { affinity: aff([expr('cores', 'Gt', ['4'])]) }, want: [] },
  { name: 'Gt equal fails', filter: nodeAffinity, node: { name: 'n', labels: { cores: '4' } }, pod: { affinity: aff([expr('cores', 'Gt', ['4'])]) }, want: ["node(s) didn't match Pod's node affinity/selector"] },
  { name: 'Gt non-integer label fails', filter: nodeAffinity, node: { name: 'n', labels: { cores: 'many' } }, pod: { affinity: aff([expr('cores', 'Gt', ['4'])]) }, want: ["node(s) didn't match Pod's node affinity/selector"] },
  { name: 'Lt', filter: nodeAffinity, node: { name: 'n', labels: { cores: '2' } }, pod: { affinity: aff([expr('cores', 'Lt', ['4'])]) }, want: [] },
  { name: 'Lt fails', filter: nodeAffinity, node: { name: 'n', labels: { cores: '5' } }, pod: { affinity: aff([expr('cores', 'Lt', ['4'])]) }, want: ["node(s) didn't match Pod's node affinity/selector"] },
  {
    name: 'terms are ORed',
    filter: nodeAffinity,
    node: { name: 'n', labels: { zone: 'b' } },
    pod: { affinity: aff([expr('zone', 'In', ['a']), expr('zone', 'In', ['b'])]) },
    want: [],
  },
  {
    name: 'expressions of a term are ANDed',
    filter: nodeAffinity,
    node: { name: 'n', labels: { zone: 'a', disk: 'hdd' } },
    pod: { affinity: aff([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['ssd'] }] }]) },
    want: ["node(s) didn't match Pod's node affinity/selector"],
  },
  { name: 'empty term matches nothing', filter: nodeAffinity, node: { name: 'n' }, pod: { affinity: aff([{}]) }, want: ["node(s) didn't match Pod's node affinity/selector"] },
  { name: 'matchFields metadata.name', filter: nodeAffinity, node: { name: 'n1' }, pod: { affinity: aff([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }]) }, want: [] },
  {
    name: 'matchFields metadata.name mismatch',
    filter: nodeAffinity,
    node: { name: 'n2' },
    pod: { affinity: aff([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }]) },
    want: ["node(s) didn't match Pod's node affinity/selector"],
  },
  {
    name: 'nodeSelector and affinity must both hold',
    filter: nodeAffinity,
    node: { name: 'n', labels: { zone: 'a' } },
    pod: { nodeSelector: { disk: 'ssd' }, affinity: aff([expr('zone', 'In', ['a'])]) },
    want: ["node(s) didn't match Pod's node affinity/selector"],
  },
  // NodePorts
  { name: 'free host port', filter: nodePorts, node: { name: 'n' }, pod: { hostPorts: [{ hostPort: 80 }] }, bound: [{ hostPorts: [{ hostPort: 81 }] }], want: [] },
  {
    name: 'host port in use',
    filter: nodePorts,
    node: { name: 'n' },
    pod: { hostPorts: [{ hostPort: 80 }] },
    bound: [{ hostPorts: [{ hostPort: 80 }] }],
    want: ["node(s) didn't have free ports for the requested pod ports"],
  },
  { name: 'same port, other protocol', filter: nodePorts, node: { name: 'n' }, pod: { hostPorts: [{ hostPort: 53, protocol: 'UDP' }] }, bound: [{ hostPorts: [{ hostPort: 53 }] }], want: [] },
  {
    name: 'same port, different specific IPs',
    filter: nodePorts,
    node: { name: 'n' },
    pod: { hostPorts: [{ hostPort: 80, hostIP: '127.0.0.1' }] },
    bound: [{ hostPorts: [{ hostPort: 80, hostIP: '127.0.0.2' }] }],
    want: [],
  },
  {
    name: 'specific IP against a wildcard binding',
    filter: nodePorts,
    node: { name: 'n' },
    pod: { hostPorts: [{ hostPort: 80, hostIP: '127.0.0.1' }] },
    bound: [{ hostPorts: [{ hostPort: 80 }] }],
    want: ["node(s) didn't have free ports for the requested pod ports"],
  },
  // NodeResourcesFit
  { name: 'fits', filter: nodeResourcesFit, node: { name: 'n', cpu: '1', memory: '1Gi' }, pod: { cpu: '500m', memory: '512Mi' }, bound: [{ cpu: '500m', memory: '512Mi' }], want: [] },
  { name: 'insufficient cpu', filter: nodeResourcesFit, node: { name: 'n', cpu: '1' }, pod: { cpu: '600m' }, bound: [{ cpu: '500m' }], want: ['Insufficient cpu'] },
  { name: 'insufficient memory', filter: nodeResourcesFit, node: { name: 'n', memory: '1Gi' }, pod: { memory: '600Mi' }, bound: [{ memory: '500Mi' }], want: ['Insufficient memory'] },
  {
    name: 'both insufficient: two reasons',
    filter: nodeResourcesFit,
    node: { name: 'n', cpu: '1', memory: '1Gi' },
    pod: { cpu: '2', memory: '2Gi' },
    want: ['Insufficient cpu', 'Insufficient memory'],
  },
  { name: 'too many pods', filter: nodeResourcesFit, node: { name: 'n', pods: 1 }, pod: {}, bound: [{}], want: ['Too many pods'] },
  { name: 'best-effort pod fits a full node', filter: nodeResourcesFit, node: { name: 'n', cpu: '1' }, pod: {}, bound: [{ cpu: '1' }], want: [] },
  {
    name: 'init container max counts',
    filter: nodeResourcesFit,
    node: { name: 'n', cpu: '1' },
    pod: {
      containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '200m' } } }],
      initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '1500m' } } }],
    },
    want: ['Insufficient cpu'],
  },
  {
    name: 'limits alone count as requests',
    filter: nodeResourcesFit,
    node: { name: 'n', memory: '1Gi' },
    pod: { containers: [{ name: 'a', image: 'x', resources: { limits: { memory: '2Gi' } } }] },
    want: ['Insufficient memory'],
  },
  // NodePlatform
  { name: 'platforms unknown: allowed', filter: nodePlatform, node: { name: 'n' }, pod: {}, want: [] },
  { name: 'arm64 node, multi-arch image', filter: nodePlatform, node: { name: 'n' }, pod: {}, platforms: [[{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }]], want: [] },
  {
    name: 'arm64 node, amd64-only image',
    filter: nodePlatform,
    node: { name: 'n' },
    pod: {},
    platforms: [[{ os: 'linux', architecture: 'amd64' }]],
    want: ["node(s) didn't match the platforms (os/arch) of the pod's images"],
  },
  {
    name: 'os must match too',
    filter: nodePlatform,
    node: { name: 'n' },
    pod: {},
    platforms: [[{ os: 'windows', architecture: 'arm64' }]],
    want: ["node(s) didn't match the platforms (os/arch) of the pod's images"],
  },
  {
    name: 'every known image must fit',
    filter: nodePlatform,
    node: { name: 'n' },
    pod: {},
    platforms: [[{ os: 'linux', architecture: 'arm64' }], [{ os: 'linux', architecture: 'amd64' }]],
    want: ["node(s) didn't match the platforms (os/arch) of the pod's images"],
  },
];

describe('scheduler filters', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const n = nodeWith(c.node, c.bound);
      assert.deepEqual([...c.filter(podInfo(pod(c.pod), c.platforms), n)], c.want);
    });
  }

  it('runFilters stops at the first failing filter, in kube-scheduler order', () => {
    const n = newNodeInfo(node({ name: 'n', unschedulable: true, taints: [{ key: 'x', value: 'y', effect: 'NoSchedule' }], cpu: '1' }));
    assert.deepEqual([...runFilters(podInfo(pod({ cpu: '2' })), n)], ['node(s) were unschedulable']);
    assert.deepEqual(
      FILTERS.map(([name]) => name),
      ['NodeReady', 'NodeUnschedulable', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'NodePlatform'],
    );
  });
});
