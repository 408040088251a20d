// core/v1 Node: spec set by the agent at registration and by admins (taints,
// unschedulable); status reported by the agent (kubelet's node status).

import {
  arrayOf,
  boolean,
  condition,
  enumOf,
  int32,
  int64,
  kindSchema,
  mergeList,
  named,
  obj,
  resourceList,
  str,
  string,
  stringList,
  time,
  type Schema,
} from './common.js';
import { objectMeta } from './metadata.js';
import { TAINT_EFFECTS } from './podspec.js';

export const taint: Schema = named(
  'io.k8s.api.core.v1.Taint',
  obj({ key: string, value: string, effect: enumOf(TAINT_EFFECTS), timeAdded: time }, { required: ['key', 'effect'] }),
);

export const nodeSpec: Schema = named(
  'io.k8s.api.core.v1.NodeSpec',
  obj({
    podCIDR: str('The pod IP range assigned to the node (a /24 of 10.42.0.0/16 by default).'),
    podCIDRs: arrayOf(string, { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' }),
    providerID: string,
    unschedulable: boolean,
    taints: arrayOf(taint),
  }),
);

export const nodeAddress: Schema = named(
  'io.k8s.api.core.v1.NodeAddress',
  obj({ type: enumOf(['ExternalDNS', 'ExternalIP', 'Hostname', 'InternalDNS', 'InternalIP']), address: string }, { required: ['type', 'address'] }),
);

export const nodeSystemInfo: Schema = named(
  'io.k8s.api.core.v1.NodeSystemInfo',
  obj({
    machineID: string,
    systemUUID: string,
    bootID: string,
    kernelVersion: string,
    osImage: string,
    containerRuntimeVersion: string,
    kubeletVersion: string,
    kubeProxyVersion: string,
    operatingSystem: string,
    architecture: string,
  }),
);

export const containerImage: Schema = named('io.k8s.api.core.v1.ContainerImage', obj({ names: stringList, sizeBytes: int64 }));

export const nodeStatus: Schema = named(
  'io.k8s.api.core.v1.NodeStatus',
  obj({
    capacity: resourceList,
    allocatable: resourceList,
    phase: enumOf(['Pending', 'Running', 'Terminated']),
    conditions: mergeList(condition('io.k8s.api.core.v1.NodeCondition', { lastHeartbeatTime: time }), 'type', ['type']),
    addresses: mergeList(nodeAddress, 'type'),
    daemonEndpoints: named(
      'io.k8s.api.core.v1.NodeDaemonEndpoints',
      obj({ kubeletEndpoint: named('io.k8s.api.core.v1.DaemonEndpoint', obj({ Port: int32 }, { required: ['Port'] })) }),
    ),
    nodeInfo: nodeSystemInfo,
    images: arrayOf(containerImage),
  }),
);

export const node: Schema = kindSchema(
  'io.k8s.api.core.v1.Node',
  '',
  'Node',
  { spec: nodeSpec, status: nodeStatus },
  'A device that runs pods.',
  objectMeta,
);
