// apps/v1 Deployment, ReplicaSet and DaemonSet.

import {
  boolean,
  condition,
  enumOf,
  int32,
  int64,
  intOrString,
  kindSchema,
  mergeList,
  named,
  obj,
  time,
  type Schema,
} from './common.js';
import { labelSelector, objectMeta } from './metadata.js';
import { podTemplateSpec } from './podspec.js';

const conditions = (name: string): Schema => mergeList(condition(name, { lastUpdateTime: time }), 'type', ['type']);

export const rollingUpdateDeployment: Schema = named(
  'io.k8s.api.apps.v1.RollingUpdateDeployment',
  obj({
    maxUnavailable: { ...intOrString, description: 'Pods that may be unavailable during the update: a count or a percentage (default 25%).' },
    maxSurge: { ...intOrString, description: 'Pods that may be created above the desired count: a count or a percentage (default 25%).' },
  }),
);

export const deploymentStrategy: Schema = named(
  'io.k8s.api.apps.v1.DeploymentStrategy',
  obj({ type: enumOf(['Recreate', 'RollingUpdate']), rollingUpdate: rollingUpdateDeployment }),
);

export const deploymentSpec: Schema = named(
  'io.k8s.api.apps.v1.DeploymentSpec',
  obj(
    {
      replicas: int32,
      selector: labelSelector,
      template: podTemplateSpec,
      strategy: { ...deploymentStrategy, 'x-kubernetes-patch-strategy': 'retainKeys' },
      minReadySeconds: int32,
      revisionHistoryLimit: int32,
      paused: boolean,
      progressDeadlineSeconds: int32,
    },
    { required: ['selector', 'template'] },
  ),
);

export const deploymentStatus: Schema = named(
  'io.k8s.api.apps.v1.DeploymentStatus',
  obj({
    observedGeneration: int64,
    replicas: int32,
    updatedReplicas: int32,
    readyReplicas: int32,
    availableReplicas: int32,
    unavailableReplicas: int32,
    terminatingReplicas: int32,
    conditions: conditions('io.k8s.api.apps.v1.DeploymentCondition'),
    collisionCount: int32,
  }),
);

export const replicaSetSpec: Schema = named(
  'io.k8s.api.apps.v1.ReplicaSetSpec',
  obj(
    { replicas: int32, minReadySeconds: int32, selector: labelSelector, template: podTemplateSpec },
    { required: ['selector'] },
  ),
);

export const replicaSetStatus: Schema = named(
  'io.k8s.api.apps.v1.ReplicaSetStatus',
  obj({
    replicas: int32,
    fullyLabeledReplicas: int32,
    readyReplicas: int32,
    availableReplicas: int32,
    terminatingReplicas: int32,
    observedGeneration: int64,
    conditions: conditions('io.k8s.api.apps.v1.ReplicaSetCondition'),
  }),
);

export const rollingUpdateDaemonSet: Schema = named(
  'io.k8s.api.apps.v1.RollingUpdateDaemonSet',
  obj({ maxUnavailable: intOrString, maxSurge: intOrString }),
);

export const daemonSetUpdateStrategy: Schema = named(
  'io.k8s.api.apps.v1.DaemonSetUpdateStrategy',
  obj({ type: enumOf(['OnDelete', 'RollingUpdate']), rollingUpdate: rollingUpdateDaemonSet }),
);

export const daemonSetSpec: Schema = named(
  'io.k8s.api.apps.v1.DaemonSetSpec',
  obj(
    {
      selector: labelSelector,
      template: podTemplateSpec,
      updateStrategy: daemonSetUpdateStrategy,
      minReadySeconds: int32,
      revisionHistoryLimit: int32,
    },
    { required: ['selector', 'template'] },
  ),
);

export const daemonSetStatus: Schema = named(
  'io.k8s.api.apps.v1.DaemonSetStatus',
  obj({
    currentNumberScheduled: int32,
    numberMisscheduled: int32,
    desiredNumberScheduled: int32,
    numberReady: int32,
    observedGeneration: int64,
    updatedNumberScheduled: int32,
    numberAvailable: int32,
    numberUnavailable: int32,
    collisionCount: int32,
    conditions: conditions('io.k8s.api.apps.v1.DaemonSetCondition'),
  }),
);

export const deployment: Schema = kindSchema(
  'io.k8s.api.apps.v1.Deployment',
  'apps',
  'Deployment',
  { spec: deploymentSpec, status: deploymentStatus },
  'Declarative updates of pods through ReplicaSets (rolling update or recreate).',
  objectMeta,
);

export const replicaSet: Schema = kindSchema(
  'io.k8s.api.apps.v1.ReplicaSet',
  'apps',
  'ReplicaSet',
  { spec: replicaSetSpec, status: replicaSetStatus },
  'Keeps a number of identical pods running.',
  objectMeta,
);

export const daemonSet: Schema = kindSchema(
  'io.k8s.api.apps.v1.DaemonSet',
  'apps',
  'DaemonSet',
  { spec: daemonSetSpec, status: daemonSetStatus },
  'Runs one copy of a pod on every eligible node.',
  objectMeta,
);
