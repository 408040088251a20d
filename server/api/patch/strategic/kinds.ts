// Strategic-merge metadata for every kind in shared/api/kinds.ts, transcribed from
// the `patchStrategy`/`patchMergeKey` struct tags of k8s.io/api core/v1 and apps/v1.
// Only fields that carry a tag, or lead to one, are listed: everything else takes
// the defaults (maps merge, lists replace) — e.g. PodSpec.tolerations,
// Container.envFrom, Container.command, NodeSpec.taints, PodStatus.containerStatuses
// and Endpoints.subsets have no strategy in Kubernetes and are replaced wholesale.

import {
  MERGE_PRIMITIVES,
  mergeList,
  struct,
  type StructSchema,
} from './schema.js';

/** metav1.ObjectMeta */
const objectMeta: StructSchema = {
  finalizers: MERGE_PRIMITIVES, // patchStrategy:"merge"
  ownerReferences: mergeList('uid'), // patchStrategy:"merge" patchMergeKey:"uid"
};

/** core/v1 Container (EphemeralContainer shares EphemeralContainerCommon's tags). */
const container: StructSchema = {
  ports: mergeList('containerPort'),
  env: mergeList('name'),
  volumeMounts: mergeList('mountPath'),
  volumeDevices: mergeList('devicePath'),
};

/** core/v1 PodSpec */
const podSpec: StructSchema = {
  volumes: mergeList('name'), // patchStrategy:"merge,retainKeys"
  initContainers: mergeList('name', container),
  containers: mergeList('name', container),
  ephemeralContainers: mergeList('name', container),
  imagePullSecrets: mergeList('name'),
  hostAliases: mergeList('ip'),
  topologySpreadConstraints: mergeList('topologyKey'),
  schedulingGates: mergeList('name'),
  resourceClaims: mergeList('name'), // patchStrategy:"merge,retainKeys"
};

/** core/v1 PodStatus */
const podStatus: StructSchema = {
  conditions: mergeList('type'),
  podIPs: mergeList('ip'),
  hostIPs: mergeList('ip'),
  resourceClaimStatuses: mergeList('name'), // patchStrategy:"merge,retainKeys"
};

/** core/v1 PodTemplateSpec, the `spec.template` of every workload. */
const podTemplateSpec: StructSchema = {
  metadata: struct(objectMeta),
  spec: struct(podSpec),
};

/** Conditions are merged by type in every status that has them. */
const conditionsStatus: StructSchema = {
  conditions: mergeList('type'),
};

/** apps/v1 DeploymentSpec / ReplicaSetSpec / DaemonSetSpec: only the template matters. */
const workloadSpec: StructSchema = {
  template: struct(podTemplateSpec),
};

function kind(fields: StructSchema): StructSchema {
  return { metadata: struct(objectMeta), ...fields };
}

export const STRATEGIC_SCHEMAS: Readonly<Record<string, StructSchema>> = {
  Namespace: kind({ status: struct(conditionsStatus) }),
  Node: kind({
    spec: struct({ podCIDRs: MERGE_PRIMITIVES }),
    status: struct({ conditions: mergeList('type'), addresses: mergeList('type') }),
  }),
  Pod: kind({ spec: struct(podSpec), status: struct(podStatus) }),
  Service: kind({ spec: struct({ ports: mergeList('port') }), status: struct(conditionsStatus) }),
  Endpoints: kind({}),
  ConfigMap: kind({}),
  Secret: kind({}),
  Event: kind({}),
  Deployment: kind({ spec: struct(workloadSpec), status: struct(conditionsStatus) }),
  ReplicaSet: kind({ spec: struct(workloadSpec), status: struct(conditionsStatus) }),
  DaemonSet: kind({ spec: struct(workloadSpec), status: struct(conditionsStatus) }),
};

export function strategicSchemaFor(kindName: string): StructSchema | undefined {
  return Object.prototype.hasOwnProperty.call(STRATEGIC_SCHEMAS, kindName) ? STRATEGIC_SCHEMAS[kindName] : undefined;
}
