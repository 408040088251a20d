// The object lifecycle behind the REST API (kube-apiserver's generic registry,
// k8s.io/apiserver/pkg/registry/generic/registry/store.go, shrunk): decoding,
// defaulting, validation, optimistic concurrency, generation, finalizers and
// graceful deletion. HTTP handlers and in-process controllers both go through
// it, so every write obeys the same rules.

import { randomUUID } from 'node:crypto';
import { groupResource, type KindInfo, KINDS } from '../../shared/api/kinds.js';
import type { FieldError, KubeObject } from '../../shared/api/object.js';
import { applyDefaults } from '../../shared/api/defaults.js';
import { validateObject, validateUpdate } from '../../shared/api/validate.js';
import { errors, ApiError } from '../api/status.js';
import { StoreError, type Store } from '../store/types.js';
import { applyPatch, PatchError, type PatchType } from '../api/patch/index.js';
import { decodeBody, type FieldValidation } from './decode.js';
import { jsonEqual } from './deep-equal.js';
import { keyOf } from './keys.js';
import { generateName } from './names.js';
import {
  allowCreateOnUpdate,
  pendingFinalizers,
  prepareForCreate,
  prepareForFinalize,
  prepareForStatusUpdate,
  prepareForUpdate,
} from './strategy.js';
import { buildMatcher, type Matcher } from './selectors.js';
import { allocatorFor, NOOP_TXN, type AllocationTxn, type ServiceAllocator } from './services/allocator.js';

export interface WriteOptions {
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
  gracePeriodSeconds?: number;
}

export interface DeleteResult {
  object: KubeObject;
  /** false when finalizers keep the object (deletionTimestamp set): HTTP 202 */
  deleted: boolean;
}

export interface ListOptions {
  labelSelector?: string | null;
  fieldSelector?: string | null;
}

const FINALIZER_FOREGROUND = 'foregroundDeletion';
const FINALIZER_ORPHAN = 'orphan';
/** How often a PATCH without a resourceVersion precondition is retried on a write race (apiserver retries too). */
const PATCH_RETRIES = 5;

export class Registry {
  /** ClusterIPs and NodePorts (shared by every Registry over this store) */
  readonly services: ServiceAllocator;

  constructor(
    readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.services = allocatorFor(store);
  }

  async get(kind: KindInfo, namespace: string, name: string): Promise<KubeObject> {
    const obj = await this.store.get(keyOf(kind, namespace, name));
    if (!obj) throw errors.notFound(kind.resource, kind.group, name);
    return obj;
  }

  /** get, or undefined when the object does not exist (controllers skip vanished keys) */
  async find(kind: KindInfo, namespace: string, name: string): Promise<KubeObject | undefined> {
    return (await this.store.get(keyOf(kind, namespace, name))) ?? undefined;
  }

  async list(kind: KindInfo, namespace: string, opts: ListOptions = {}): Promise<{ items: KubeObject[]; revision: number }> {
    const match = buildMatcher(kind, opts.labelSelector, opts.fieldSelector);
    const res = await this.store.list(groupResource(kind), kind.namespaced ? namespace : '');
    return { items: match.always ? res.items : res.items.filter((o) => match.test(o)), revision: res.revision };
  }

  matcher(kind: KindInfo, opts: ListOptions): Matcher {
    return buildMatcher(kind, opts.labelSelector, opts.fieldSelector);
  }

  async create(kind: KindInfo, namespace: string, body: unknown, opts: WriteOptions = {}): Promise<WriteResult> {
    const { object: obj, warnings } = decodeBody(kind, body, opts.fieldValidation ?? 'Strict');
    this.checkNamespace(kind, namespace, obj);
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    if (!meta.name) {
      throw errors.invalid(kind.kind, kind.group, '', [
        { type: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' },
      ]);
    }
    if (meta.resourceVersion) {
      throw errors.badRequest('resourceVersion should not be set on objects to be created');
    }
    await this.checkNamespaceExists(kind, meta.namespace);
    meta.uid = randomUUID();
    meta.creationTimestamp = this.timestamp();
    meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.managedFields;
    prepareForCreate(kind, obj);
    const prepared = this.defaultAndValidate(kind, obj);
    const txn = await this.allocate(kind, prepared);
    if (opts.dryRun) {
      txn.revert();
      return { object: prepared, warnings };
    }
    try {
      const stored = await this.store.create(keyOf(kind, namespace, meta.name), prepared);
      txn.commit();
      return { object: stored, warnings };
    } catch (err) {
      txn.revert();
      throw this.storeError(kind, meta.name, err);
    }
  }

  /**
   * PUT. `subresource` is '' or 'status'. A resourceVersion in the body is a
   * precondition; without one the update is unconditional (as Kubernetes allows).
   */
  async update(
    kind: KindInfo,
    namespace: string,
    name: string,
    body: unknown,
    opts: WriteOptions & { subresource?: string } = {},
  ): Promise<WriteResult & { created: boolean }> {
    const { object: obj, warnings } = decodeBody(kind, body, opts.fieldValidation ?? 'Strict');
    this.checkNamespace(kind, namespace, obj);
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    obj.metadata.name = name;
    const old = await this.store.get(keyOf(kind, namespace, name));
    if (!old) {
      if (allowCreateOnUpdate(kind) && !opts.subresource) {
        delete obj.metadata.resourceVersion;
        const created = await this.create(kind, namespace, obj, opts);
        return { ...created, warnings: [...warnings, ...created.warnings], created: true };
      }
      throw errors.notFound(kind.resource, kind.group, name);
    }
    const precondition = obj.metadata.resourceVersion;
    if (precondition && precondition !== old.metadata.resourceVersion) {
      throw errors.conflict(kind.resource, kind.group, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    const object = await this.writeUpdate(kind, old, obj, opts);
    return { object, warnings, created: false };
  }

  async patch(
    kind: KindInfo,
    namespace: string,
    name: string,
    patchType: PatchType,
    patch: unknown,
    opts: WriteOptions & { subresource?: string } = {},
  ): Promise<WriteResult> {
    for (let attempt = 0; ; attempt++) {
      const old = await this.get(kind, namespace, name);
      let patched: KubeObject;
      try {
        patched = applyPatch(kind.kind, old, patchType, patch);
      } catch (err) {
        if (err instanceof PatchError) throw errors.badRequest(err.message);
        throw err;
      }
      const { object: obj, warnings } = decodeBody(kind, patched, opts.fieldValidation ?? 'Strict');
      if (obj.metadata.name !== name) throw errors.badRequest('metadata.name cannot be changed by a patch');
      const precondition = obj.metadata.resourceVersion;
      if (precondition && precondition !== old.metadata.resourceVersion) {
        throw errors.conflict(kind.resource, kind.group, name, 'the object has been modified; please apply your changes to the latest version and try again');
      }
      try {
        return { object: await this.writeUpdate(kind, old, obj, opts), warnings };
      } catch (err) {
        // a write landed between our read and our write; re-read and re-apply
        // unless the client pinned a resourceVersion
        const conflict = err instanceof ApiError && err.status.reason === 'Conflict';
        if (!conflict || precondition || attempt >= PATCH_RETRIES) throw err;
        // yield to the event loop: the write we raced may still be waiting for its commit
        await new Promise((r) => setTimeout(r, 5 * (attempt + 1)));
      }
    }
  }

  /**
   * DELETE. Without a resourceVersion precondition a write race (another writer
   * between our read and our write, e.g. the scheduler binding the pod being
   * evicted) is retried after a short pause, as the apiserver's
   * GuaranteedUpdate does; the pause lets the other write's commit finish.
   */
  async delete(kind: KindInfo, namespace: string, name: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.deleteOnce(kind, namespace, name, opts);
      } catch (err) {
        const conflict = err instanceof ApiError && err.status.reason === 'Conflict';
        if (!conflict || opts.preconditions?.resourceVersion || opts.preconditions?.uid || attempt >= PATCH_RETRIES) throw err;
        await new Promise((r) => setTimeout(r, 10 * (attempt + 1)));
      }
    }
  }

  private async deleteOnce(kind: KindInfo, namespace: string, name: string, opts: DeleteOptions): Promise<DeleteResult> {
    const old = await this.get(kind, namespace, name);
    const pre = opts.preconditions ?? {};
    if (pre.uid && pre.uid !== old.metadata.uid) {
      throw errors.conflict(kind.resource, kind.group, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw errors.conflict(
        kind.resource,
        kind.group,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      );
    }
    const finalizers = new Set(old.metadata.finalizers ?? []);
    if (opts.propagationPolicy === 'Foreground') {
      finalizers.add(FINALIZER_FOREGROUND);
      finalizers.delete(FINALIZER_ORPHAN);
    } else if (opts.propagationPolicy === 'Orphan') {
      finalizers.add(FINALIZER_ORPHAN);
      finalizers.delete(FINALIZER_FOREGROUND);
    }
    const specFinalizers = kind.kind === 'Namespace' ? pendingFinalizers(kind, old).length - (old.metadata.finalizers ?? []).length : 0;
    if (finalizers.size > 0 || specFinalizers > 0 || old.metadata.deletionTimestamp) {
      // Finalizers keep the object: mark it for deletion and let their owners
      // (the garbage collector, the namespace controller, ...) remove them.
      const next = structuredClone(old) as KubeObject;
      if (finalizers.size > 0 || old.metadata.finalizers) next.metadata.finalizers = [...finalizers];
      if (!next.metadata.deletionTimestamp) {
        next.metadata.deletionTimestamp = this.timestamp();
        next.metadata.deletionGracePeriodSeconds = 0;
      }
      if (kind.kind === 'Namespace') next.status = { ...(next.status ?? {}), phase: 'Terminating' };
      if (jsonEqual(next, old) || opts.dryRun) return { object: old, deleted: false };
      try {
        const stored = await this.store.update(keyOf(kind, namespace, name), next, old.metadata.resourceVersion);
        return { object: stored, deleted: false };
      } catch (err) {
        throw this.storeError(kind, name, err);
      }
    }
    if (opts.dryRun) return { object: old, deleted: true };
    try {
      const deleted = await this.store.delete(keyOf(kind, namespace, name), old.metadata.resourceVersion);
      if (kind.kind === 'Service') this.services.release(deleted);
      return { object: deleted, deleted: true };
    } catch (err) {
      throw this.storeError(kind, name, err);
    }
  }

  async deleteCollection(kind: KindInfo, namespace: string, list: ListOptions, opts: DeleteOptions = {}): Promise<KubeObject[]> {
    const { items } = await this.list(kind, namespace, list);
    const out: KubeObject[] = [];
    for (const item of items) {
      try {
        out.push((await this.delete(kind, item.metadata.namespace ?? '', item.metadata.name!, { ...opts, preconditions: undefined })).object);
      } catch (err) {
        if (!(err instanceof ApiError && err.status.reason === 'NotFound')) throw err;
      }
    }
    return out;
  }

  /** Shared tail of PUT and PATCH: metadata rules, defaults, validation, no-op detection, finalizer completion. */
  private async writeUpdate(kind: KindInfo, old: KubeObject, incoming: KubeObject, opts: WriteOptions & { subresource?: string }): Promise<KubeObject> {
    let obj: KubeObject;
    if (opts.subresource === 'status') {
      if (!kind.statusSubresource) throw errors.pathNotFound(`${kind.resource}/status`);
      obj = prepareForStatusUpdate(incoming, old);
    } else if (opts.subresource === 'finalize' && kind.kind === 'Namespace') {
      obj = prepareForFinalize(incoming, old);
    } else if (opts.subresource) {
      throw errors.pathNotFound(`${kind.resource}/${opts.subresource}`);
    } else {
      obj = incoming;
      prepareForUpdate(kind, obj, old);
    }
    const meta = obj.metadata;
    // fields only the server sets
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    meta.namespace = old.metadata.namespace;
    meta.generation = old.metadata.generation;
    delete meta.managedFields;
    if (old.metadata.deletionTimestamp) {
      meta.deletionTimestamp = old.metadata.deletionTimestamp;
      meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    if (meta.generateName === undefined) delete meta.generateName;
    const prepared = this.defaultAndValidate(kind, obj, old);
    const txn = opts.subresource ? NOOP_TXN : await this.allocate(kind, prepared, old);
    const pm = prepared.metadata;
    // generation tracks spec changes (metadata.generation semantics)
    if (!jsonEqual(prepared.spec, old.spec)) {
      if (kind.generation || kind.kind === 'Pod') pm.generation = (old.metadata.generation ?? 1) + 1;
    }
    pm.resourceVersion = old.metadata.resourceVersion;
    // A no-op update writes nothing and keeps the resourceVersion (apiserver
    // does the same; for us it also spares the SD card).
    if (jsonEqual(prepared, old) || opts.dryRun) {
      txn.revert();
      return jsonEqual(prepared, old) ? old : prepared;
    }
    const key = keyOf(kind, old.metadata.namespace ?? '', old.metadata.name!);
    try {
      if (pm.deletionTimestamp && pendingFinalizers(kind, prepared).length === 0) {
        // the last finalizer is gone: the deletion completes now
        const deleted = await this.store.delete(key, old.metadata.resourceVersion);
        txn.revert();
        if (kind.kind === 'Service') this.services.release(deleted);
        return deleted;
      }
      const updated = await this.store.update(key, prepared, old.metadata.resourceVersion);
      txn.commit();
      return updated;
    } catch (err) {
      txn.revert();
      throw this.storeError(kind, old.metadata.name!, err);
    }
  }

  /** Services: ClusterIP and NodePorts for a create, new NodePorts for an update (may throw a 422). */
  private async allocate(kind: KindInfo, obj: KubeObject, old?: KubeObject): Promise<AllocationTxn> {
    if (kind.kind !== 'Service') return NOOP_TXN;
    await this.services.ready();
    return old ? this.services.allocateUpdate(obj, old) : this.services.allocateCreate(obj);
  }

  private defaultAndValidate(kind: KindInfo, obj: KubeObject, old?: KubeObject): KubeObject {
    const defaulted = applyDefaults(obj);
    const errs: FieldError[] = [...validateObject(defaulted).errors];
    if (old) errs.push(...validateUpdate(defaulted, old));
    if (errs.length > 0) throw errors.invalid(kind.kind, kind.group, defaulted.metadata.name ?? '', errs);
    return defaulted;
  }

  private checkNamespace(kind: KindInfo, namespace: string, obj: KubeObject): void {
    if (!kind.namespaced) {
      delete obj.metadata.namespace;
      return;
    }
    if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== '' && obj.metadata.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = namespace;
  }

  private async checkNamespaceExists(kind: KindInfo, namespace: string | undefined): Promise<void> {
    if (!kind.namespaced) return;
    const nsKind = KINDS.find((k) => k.kind === 'Namespace')!;
    const ns = await this.store.get(keyOf(nsKind, '', namespace ?? ''));
    if (!ns) throw errors.notFound('namespaces', '', namespace ?? '');
    if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') {
      throw errors.forbidden(`unable to create new content in namespace ${namespace} because it is being terminated`, {
        name: namespace,
        kind: 'namespaces',
      });
    }
  }

  private storeError(kind: KindInfo, name: string, err: unknown): Error {
    if (!(err instanceof StoreError)) return err as Error;
    switch (err.code) {
      case 'AlreadyExists':
        return errors.alreadyExists(kind.resource, kind.group, name);
      case 'NotFound':
        return errors.notFound(kind.resource, kind.group, name);
      case 'Conflict':
        return errors.conflict(kind.resource, kind.group, name, 'the object has been modified; please apply your changes to the latest version and try again');
      case 'TooLarge':
        return errors.tooLarge(`${kind.resource} "${name}" is too large: ${err.message}`);
      case 'Expired':
        return errors.gone(err.message);
      default:
        return errors.unavailable(`storage is unavailable: ${err.message}`, err);
    }
  }

  private timestamp(): string {
    // RFC 3339 with second precision, as metav1.Time serializes
    return this.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}
