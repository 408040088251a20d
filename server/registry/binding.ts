// The `pods/{name}/binding` subresource (kube-apiserver pkg/registry/core/pod
// storage.go BindingREST): POST a Binding {target: {kind: Node, name}} and the
// pod's spec.nodeName and its PodScheduled=True condition are set in one
// store write. spec.nodeName is immutable through ordinary updates; binding
// is the only way to set it once the pod exists, and only while it is empty.

import { KINDS } from '../../shared/api/kinds.js';
import { invalid, notSupported, required } from '../../shared/api/fielderrors.js';
import type { FieldError, KubeObject } from '../../shared/api/object.js';
import { isDNS1123Subdomain } from '../../shared/api/names.js';
import { errors } from '../api/status.js';
import { StoreError } from '../store/types.js';
import { keyOf } from './keys.js';
import type { Registry } from './registry.js';

const POD = KINDS.find((k) => k.kind === 'Pod')!;
/** the store write is retried on a concurrent change of the pod (GuaranteedUpdate) */
const RETRIES = 5;

export interface Binding {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; annotations?: Record<string, string> };
  target?: { kind?: string; name?: string; apiVersion?: string };
}

/** ValidatePodBinding: target.name required, target.kind empty or Node */
export function validateBinding(b: Binding, podName: string): FieldError[] {
  const errs: FieldError[] = [];
  if (b.kind !== undefined && b.kind !== 'Binding') errs.push(notSupported('kind', b.kind, ['Binding']));
  const name = b.target?.name;
  if (!name) errs.push(required('target.name'));
  else for (const msg of isDNS1123Subdomain(name)) errs.push(invalid('target.name', name, msg));
  const kind = b.target?.kind;
  if (kind !== undefined && kind !== '' && kind !== 'Node') errs.push(notSupported('target.kind', kind, ['Node']));
  if (b.metadata?.name !== undefined && b.metadata.name !== podName) {
    errs.push(invalid('metadata.name', b.metadata.name, 'must match the name of the pod in the URL'));
  }
  return errs;
}

function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Bind `namespace/name` to `binding.target.name`. 404 when the pod is gone,
 * 409 when it is already bound or being deleted, 422 for a malformed Binding.
 */
export async function bindPod(registry: Registry, namespace: string, name: string, body: unknown, now: () => Date = () => new Date()): Promise<KubeObject> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('the body of a binding must be a Binding object');
  const b = body as Binding;
  if (b.metadata?.namespace && b.metadata.namespace !== namespace) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const errs = validateBinding(b, name);
  if (errs.length > 0) throw errors.invalid('Binding', '', name, errs);
  const node = b.target!.name!;
  const key = keyOf(POD, namespace, name);
  for (let attempt = 0; ; attempt++) {
    const pod = await registry.store.get(key);
    if (!pod) throw errors.notFound('pods', '', name);
    if (b.metadata?.uid && b.metadata.uid !== pod.metadata.uid) {
      throw errors.conflict('pods/binding', '', name, `Precondition failed: UID in precondition: ${b.metadata.uid}, UID in object meta: ${pod.metadata.uid}`);
    }
    if (pod.metadata.deletionTimestamp) throw errors.conflict('pods/binding', '', name, `pod ${name} is being deleted, cannot be assigned to a host`);
    const current = pod.spec?.nodeName;
    if (current) throw errors.conflict('pods/binding', '', name, `pod ${name} is already assigned to node "${current}"`);
    // A new top level, spec, status and condition list over the stored (frozen)
    // object instead of a deep clone: the store serialises what it is given and
    // never keeps it, so sharing the untouched parts is safe and spares a clone
    // of the whole pod per binding.
    const conds: any[] = Array.isArray(pod.status?.conditions) ? [...pod.status.conditions] : [];
    const i = conds.findIndex((c) => c?.type === 'PodScheduled');
    const old = i >= 0 ? conds[i] : undefined;
    const cond = { type: 'PodScheduled', status: 'True', lastTransitionTime: old?.status === 'True' ? old.lastTransitionTime : timestamp(now()) };
    if (i >= 0) conds[i] = cond;
    else conds.push(cond);
    const next: KubeObject = { ...pod, spec: { ...(pod.spec ?? {}), nodeName: node }, status: { ...(pod.status ?? {}), conditions: conds } };
    if (b.metadata?.annotations) next.metadata = { ...pod.metadata, annotations: { ...(pod.metadata.annotations ?? {}), ...b.metadata.annotations } };
    try {
      return await registry.store.update(key, next, pod.metadata.resourceVersion);
    } catch (err) {
      if (err instanceof StoreError && err.code === 'Conflict' && attempt < RETRIES) continue;
      if (err instanceof StoreError && err.code === 'NotFound') throw errors.notFound('pods', '', name);
      if (err instanceof StoreError) throw errors.unavailable(`storage is unavailable: ${err.message}`, err);
      throw err;
    }
  }
}
