// Builders of Node and Pod objects for the scheduler's pure-function tests.

import type { KubeObject } from '../../../shared/api/object.js';

export interface NodeSpec {
  name: string;
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  unschedulable?: boolean;
  ready?: boolean;
  images?: Array<{ names: string[]; sizeBytes: number }>;
}

export function node(o: NodeSpec): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: o.name, labels: { 'kubernetes.io/hostname': o.name, 'kubernetes.io/arch': 'arm64', 'kubernetes.io/os': 'linux', ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: {
      allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '4Gi', pods: String(o.pods ?? 110) },
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
      ...(o.images ? { images: o.images } : {}),
    },
  };
}

export interface PodSpecOpts {
  name?: string;
  namespace?: string;
  cpu?: string;
  memory?: string;
  containers?: any[];
  initContainers?: any[];
  nodeSelector?: Record<string, string>;
  affinity?: any;
  tolerations?: any[];
  hostPorts?: Array<{ hostPort: number; protocol?: string; hostIP?: string }>;
  owner?: string;
  image?: string;
  nodeName?: string;
}

export function pod(o: PodSpecOpts = {}): KubeObject {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const containers = o.containers ?? [
    {
      name: 'c',
      image: o.image ?? 'busybox:1.36',
      resources: Object.keys(requests).length ? { requests } : {},
      ...(o.hostPorts ? { ports: o.hostPorts.map((p) => ({ containerPort: p.hostPort, ...p })) } : {}),
    },
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name ?? 'p',
      namespace: o.namespace ?? 'default',
      uid: `uid-${o.name ?? 'p'}`,
      ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.owner, uid: o.owner, controller: true }] } : {}),
    },
    spec: {
      containers,
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
    },
    status: { phase: 'Pending' },
  };
}
