// The garbage collector (kube-controller-manager's garbagecollector, shrunk):
// - an object whose every owner is gone is deleted (background cascading);
//   owners that are gone are dropped from an object that still has others;
// - `foregroundDeletion`: the owner's dependents are deleted first, the
//   finalizer is removed once none is left;
// - `orphan`: the owner's dependents lose their reference to it, then the
//   finalizer is removed.
// "Gone" is checked against the store (name and uid), never assumed from a
// missed event; the index only says where to look.

import { KINDS, kindByApiVersionKind, type KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import { ApiError } from '../api/status.js';
import type { Registry } from '../registry/registry.js';
import { OwnerIndex, refKey, type ObjectRef } from './gc-index.js';
import { Informer } from './informer.js';
import { WorkQueue } from './workqueue.js';

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

export class GarbageCollector {
  private readonly index = new OwnerIndex();
  private readonly refs = new Map<string, ObjectRef>();
  private readonly queue: WorkQueue;
  private readonly informers: Informer[];
  private ready = false;
  private readonly early = new Set<string>();

  constructor(
    private readonly registry: Registry,
    log: (msg: string) => void = () => undefined,
  ) {
    this.queue = new WorkQueue((key) => this.sync(key), {
      baseDelayMs: 200,
      maxDelayMs: 10_000,
      concurrency: 4,
      onError: (key, err) => log(`garbage collector: ${key}: ${(err as Error).message}`),
    });
    this.informers = KINDS.map(
      (kind) =>
        new Informer(
          registry,
          kind,
          (obj) => this.observed(kind, obj),
          (obj) => this.deleted(kind, obj),
        ),
    );
  }

  async start(): Promise<void> {
    for (const i of this.informers) await i.start();
    // only now is the index complete enough to find every dependent
    this.ready = true;
    for (const k of this.early) this.queue.add(k);
    this.early.clear();
  }

  stop(): void {
    for (const i of this.informers) i.stop();
    this.queue.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private enqueue(ref: ObjectRef): void {
    const key = refKey(ref);
    this.refs.set(key, ref);
    if (this.ready) this.queue.add(key);
    else this.early.add(key);
  }

  private observed(kind: KindInfo, obj: KubeObject): void {
    this.index.upsert(kind, obj);
    const interesting =
      (obj.metadata.ownerReferences?.length ?? 0) > 0 ||
      (obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).some((f) => f === FOREGROUND || f === ORPHAN));
    if (interesting) this.enqueue(this.index.get(obj.metadata.uid!)!);
  }

  private deleted(_kind: KindInfo, obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    // dependents may now be orphans; owners waiting in foreground may be done
    for (const d of this.index.dependentsOf(uid)) this.enqueue(d);
    for (const o of obj.metadata.ownerReferences ?? []) {
      const owner = this.index.get(o.uid);
      if (owner) this.enqueue(owner);
    }
    this.index.remove(uid);
  }

  private async fetch(ref: { kind: KindInfo; namespace: string; name: string }): Promise<KubeObject | undefined> {
    return this.registry.find(ref.kind, ref.namespace, ref.name);
  }

  private async sync(key: string): Promise<void> {
    const ref = this.refs.get(key);
    if (!ref) return;
    const obj = await this.fetch(ref);
    if (!obj) {
      this.refs.delete(key);
      return;
    }
    const finalizers = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp && finalizers.includes(ORPHAN)) return this.orphanDependents(ref, obj);
    if (obj.metadata.deletionTimestamp && finalizers.includes(FOREGROUND)) return this.deleteDependentsFirst(ref, obj);
    await this.collectIfOrphaned(ref, obj);
  }

  private async orphanDependents(ref: ObjectRef, owner: KubeObject): Promise<void> {
    for (const d of this.index.dependentsOf(owner.metadata.uid!)) {
      const dep = await this.fetch(d);
      if (!dep) continue;
      const kept = (dep.metadata.ownerReferences ?? []).filter((o) => o.uid !== owner.metadata.uid);
      await this.patchMeta(d, dep, { ownerReferences: kept.length ? kept : null });
    }
    await this.patchMeta(ref, owner, { finalizers: (owner.metadata.finalizers ?? []).filter((f) => f !== ORPHAN) });
  }

  private async deleteDependentsFirst(ref: ObjectRef, owner: KubeObject): Promise<void> {
    let remaining = 0;
    for (const d of this.index.dependentsOf(owner.metadata.uid!)) {
      const dep = await this.fetch(d);
      if (!dep || dep.metadata.uid !== d.uid) continue;
      remaining++;
      if (!dep.metadata.deletionTimestamp) {
        await this.registry.delete(d.kind, d.namespace, d.name, { propagationPolicy: 'Foreground', preconditions: { uid: d.uid } }).catch(ignoreNotFound);
      }
    }
    // dependents' deletions re-queue this owner; until then keep the finalizer
    if (remaining > 0) return;
    await this.patchMeta(ref, owner, { finalizers: (owner.metadata.finalizers ?? []).filter((f) => f !== FOREGROUND) });
  }

  private async collectIfOrphaned(ref: ObjectRef, obj: KubeObject): Promise<void> {
    const owners = obj.metadata.ownerReferences ?? [];
    if (owners.length === 0 || obj.metadata.deletionTimestamp) return;
    const gone: string[] = [];
    for (const o of owners) {
      const kind = kindByApiVersionKind(o.apiVersion, o.kind);
      // an owner of a kind we do not serve cannot exist here
      const live = kind ? await this.fetch({ kind, namespace: kind.namespaced ? ref.namespace : '', name: o.name }) : undefined;
      if (!live || live.metadata.uid !== o.uid) gone.push(o.uid);
    }
    if (gone.length === 0) return;
    if (gone.length === owners.length) {
      await this.registry.delete(ref.kind, ref.namespace, ref.name, { propagationPolicy: 'Background', preconditions: { uid: ref.uid } }).catch(ignoreNotFound);
      return;
    }
    const kept = owners.filter((o) => !gone.includes(o.uid));
    await this.patchMeta(ref, obj, { ownerReferences: kept });
  }

  /** merge-patch metadata, pinned to the version we read (a race retries through the queue) */
  private async patchMeta(ref: ObjectRef, obj: KubeObject, meta: Record<string, unknown>): Promise<void> {
    await this.registry
      .patch(ref.kind, ref.namespace, ref.name, 'merge', { metadata: { ...meta, resourceVersion: obj.metadata.resourceVersion } })
      .catch(ignoreNotFound);
  }
}

function ignoreNotFound(err: unknown): undefined {
  if (err instanceof ApiError && err.status.code === 404) return undefined;
  throw err;
}
