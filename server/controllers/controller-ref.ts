// ownerReferences with controller=true (metav1.GetControllerOf / NewControllerRef):
// the one owner that manages an object. Adoption and release only ever touch
// the controller reference, never other owners' references.

import { apiVersionOf, type KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject, OwnerReference } from '../../shared/api/object.js';

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function newControllerRef(owner: KubeObject, kind: KindInfo): OwnerReference {
  return {
    apiVersion: apiVersionOf(kind),
    kind: kind.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    // the garbage collector's foreground deletion waits for the dependents
    blockOwnerDeletion: true,
  };
}

/** `ns/name`: the work-queue key of a namespaced object */
export function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

export function splitKey(key: string): [namespace: string, name: string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
