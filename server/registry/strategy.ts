// Per-kind rules of the object lifecycle, as kube-apiserver's registry
// strategies (pkg/registry/*/strategy.go) define them: what is reset on create,
// what the main resource may not change (status belongs to /status), and which
// kinds may be created by PUT.

import type { KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import { prepareServiceUpdate } from './services/strategy.js';

export const NAMESPACE_FINALIZER = 'kubernetes';

/**
 * What still holds a deleted object: metadata.finalizers, and for a Namespace
 * also spec.finalizers (removed by the namespace controller once it is empty).
 */
export function pendingFinalizers(kind: KindInfo, obj: KubeObject): string[] {
  const own = obj.metadata.finalizers ?? [];
  return kind.kind === 'Namespace' ? [...own, ...((obj.spec?.finalizers as string[] | undefined) ?? [])] : own;
}

/** /finalize (Namespace): only spec.finalizers comes from the request. */
export function prepareForFinalize(obj: KubeObject, old: KubeObject): KubeObject {
  const next = structuredClone(old) as KubeObject;
  next.spec = { ...(next.spec ?? {}), finalizers: [...((obj.spec?.finalizers as string[] | undefined) ?? [])] };
  next.metadata.resourceVersion = obj.metadata?.resourceVersion;
  return next;
}

/** Kinds whose PUT creates a missing object (AllowCreateOnUpdate in their strategy). */
const CREATE_ON_UPDATE = new Set(['Endpoints', 'Event']);

export function allowCreateOnUpdate(kind: KindInfo): boolean {
  return CREATE_ON_UPDATE.has(kind.kind);
}

/** Mutates `obj` (a fresh copy owned by the caller). */
export function prepareForCreate(kind: KindInfo, obj: KubeObject): void {
  switch (kind.kind) {
    case 'Pod':
      // podStrategy.PrepareForCreate: status starts as Pending; the node fills the rest
      obj.status = { phase: 'Pending' };
      break;
    case 'Namespace':
      obj.status = { phase: 'Active' };
      // namespaceStrategy.PrepareForCreate: the namespace controller's finalizer,
      // so deleting a namespace first empties it
      obj.spec = { ...(obj.spec ?? {}), finalizers: [NAMESPACE_FINALIZER] };
      break;
    case 'Node':
      // the agent registers its Node with status (kubelet does the same)
      break;
    default:
      if (kind.statusSubresource) delete obj.status;
  }
}

/**
 * Main-resource update: status is owned by the /status subresource, so it is
 * carried over from the stored object (kind.statusSubresource kinds).
 */
export function prepareForUpdate(kind: KindInfo, obj: KubeObject, old: KubeObject): void {
  if (kind.kind === 'Namespace') {
    // spec.finalizers changes only through the /finalize subresource
    obj.spec = { ...(obj.spec ?? {}) };
    if (old.spec?.finalizers === undefined) delete obj.spec.finalizers;
    else obj.spec.finalizers = [...old.spec.finalizers];
  }
  if (kind.kind === 'Service') prepareServiceUpdate(obj, old);
  if (kind.statusSubresource) {
    if (old.status === undefined) delete obj.status;
    else obj.status = structuredClone(old.status);
  }
}

/** /status update: only status (and, like Kubernetes, nothing of spec) comes from the request. */
export function prepareForStatusUpdate(obj: KubeObject, old: KubeObject): KubeObject {
  const next = structuredClone(old) as KubeObject;
  next.status = obj.status === undefined ? undefined : structuredClone(obj.status);
  if (next.status === undefined) delete next.status;
  // metadata.resourceVersion precondition travels with the request
  next.metadata.resourceVersion = obj.metadata?.resourceVersion;
  return next;
}
