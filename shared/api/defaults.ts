// Kubernetes defaulting: the values the apiserver fills in before validation
// and storage, so what clients read back looks like what a Kubernetes cluster returns.

import { kindByApiVersionKind } from './kinds.js';
import type { KubeObject } from './object.js';
import { defaultEndpoints, defaultNamespace, defaultNode, defaultSecret, defaultService } from './defaults/core.js';
import { defaultNodeFailureTolerations, defaultPodSpec } from './defaults/pod.js';
import { cloneJson, isObj, type Obj } from './defaults/util.js';
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet } from './defaults/workloads.js';

function withSpec(fn: (spec: Obj) => void): (obj: Obj) => void {
  return (obj) => {
    if (obj.spec === undefined) obj.spec = {};
    if (isObj(obj.spec)) fn(obj.spec);
  };
}

const DEFAULTERS: Record<string, (obj: Obj) => void> = {
  Pod: (obj) => {
    defaultPodSpec(obj.spec, true);
    defaultNodeFailureTolerations(obj.spec);
  },
  Service: defaultService,
  Endpoints: defaultEndpoints,
  Secret: defaultSecret,
  Namespace: defaultNamespace,
  Node: defaultNode,
  Deployment: withSpec(defaultDeployment),
  ReplicaSet: withSpec(defaultReplicaSet),
  DaemonSet: withSpec(defaultDaemonSet),
};

/**
 * A new object with Kubernetes' defaults applied. The input is never modified
 * (it may be deep-frozen); null-valued fields are dropped as Go's decoder would.
 * Objects of unknown kinds are returned as plain copies; malformed fields are
 * left alone for validation to report.
 */
export function applyDefaults(obj: KubeObject): KubeObject {
  const out = cloneJson(obj);
  if (!isObj(out)) return out;
  const kind = typeof out.apiVersion === 'string' && typeof out.kind === 'string' ? kindByApiVersionKind(out.apiVersion, out.kind) : undefined;
  const fn = kind ? DEFAULTERS[kind.kind] : undefined;
  if (fn) fn(out as Obj);
  return out;
}
