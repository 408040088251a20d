// core/v1 PodStatus, written by the node agent (kubelet's status manager).

import { arrayOf, boolean, condition, enumOf, int32, mergeList, named, obj, str, string, time, type Schema } from './common.js';

export const POD_PHASES = ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'] as const;

export const containerStateWaiting: Schema = named('io.k8s.api.core.v1.ContainerStateWaiting', obj({ reason: string, message: string }));

export const containerStateRunning: Schema = named('io.k8s.api.core.v1.ContainerStateRunning', obj({ startedAt: time }));

export const containerStateTerminated: Schema = named(
  'io.k8s.api.core.v1.ContainerStateTerminated',
  obj(
    {
      exitCode: int32,
      signal: int32,
      reason: string,
      message: string,
      startedAt: time,
      finishedAt: time,
      containerID: string,
    },
    { required: ['exitCode'] },
  ),
);

export const containerState: Schema = named(
  'io.k8s.api.core.v1.ContainerState',
  obj(
    { waiting: containerStateWaiting, running: containerStateRunning, terminated: containerStateTerminated },
    { description: 'At most one of waiting, running, terminated.' },
  ),
);

export const containerStatus: Schema = named(
  'io.k8s.api.core.v1.ContainerStatus',
  obj(
    {
      name: string,
      state: containerState,
      lastState: containerState,
      ready: boolean,
      started: boolean,
      restartCount: int32,
      image: string,
      imageID: string,
      containerID: str('<runtime>://<id>, e.g. containerd://4f0c...'),
    },
    { required: ['name'] },
  ),
);

export const podIP: Schema = named('io.k8s.api.core.v1.PodIP', obj({ ip: string }));
export const hostIP: Schema = named('io.k8s.api.core.v1.HostIP', obj({ ip: string }));

export const podStatus: Schema = named(
  'io.k8s.api.core.v1.PodStatus',
  obj({
    phase: enumOf(POD_PHASES),
    conditions: mergeList(condition('io.k8s.api.core.v1.PodCondition', { lastProbeTime: time }), 'type', ['type']),
    message: string,
    reason: string,
    nominatedNodeName: string,
    hostIP: string,
    hostIPs: mergeList(hostIP, 'ip'),
    podIP: string,
    podIPs: mergeList(podIP, 'ip'),
    startTime: time,
    qosClass: enumOf(['BestEffort', 'Burstable', 'Guaranteed']),
    initContainerStatuses: arrayOf(containerStatus),
    containerStatuses: arrayOf(containerStatus),
    observedGeneration: { type: 'integer', format: 'int64' },
  }),
);
