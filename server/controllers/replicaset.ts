// The ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas
// active pods matching the selector. Pods are created from the template with
// a controller ownerReference and generateName `<rs>-`; matching orphans are
// adopted, pods that stop matching are released; surplus pods go in
// controller.ActivePods order. Expectations keep a burst of creates from being
// repeated before the pod cache has seen it. Status goes through /status and
// only when it changed. No scheduler is needed: pods are created unbound.

import { KINDS } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import { ApiError } from '../api/status.js';
import { jsonEqual } from '../registry/deep-equal.js';
import type { Registry } from '../registry/registry.js';
import { EventRecorder } from '../events/recorder.js';
import { controllerOf, keyOf, newControllerRef, splitKey } from './controller-ref.js';
import { Expectations } from './expectations.js';
import { ObjectCache } from './object-cache.js';
import { msUntilAvailable } from './pod-state.js';
import { claimPods, podsToDelete, replicaDiff, replicaSetStatus, rsSelector } from './replicaset-plan.js';
import { matches } from '../../shared/labels/selector.js';
import { WorkQueue } from './workqueue.js';

const POD = KINDS.find((k) => k.kind === 'Pod')!;
const REPLICASET = KINDS.find((k) => k.kind === 'ReplicaSet')!;

export interface ReplicaSetControllerOptions {
  log?: (msg: string) => void;
  now?: () => number;
  /** keys synced at once */
  concurrency?: number;
}

export class ReplicaSetController {
  private readonly queue: WorkQueue;
  readonly pods: ObjectCache;
  private readonly replicaSets: ObjectCache;
  private readonly expectations: Expectations;
  private readonly recorder: EventRecorder;
  private readonly now: () => number;

  constructor(
    private readonly registry: Registry,
    opts: ReplicaSetControllerOptions = {},
  ) {
    const log = opts.log ?? (() => undefined);
    this.now = opts.now ?? Date.now;
    this.expectations = new Expectations(this.now);
    this.recorder = new EventRecorder(registry, { component: 'replicaset-controller', log });
    this.queue = new WorkQueue((key) => this.sync(key), {
      baseDelayMs: 200,
      maxDelayMs: 10_000,
      concurrency: opts.concurrency ?? 4,
      onError: (key, err) => log(`replicaset ${key}: ${(err as Error).message}`),
    });
    this.replicaSets = new ObjectCache(registry, REPLICASET, {
      onUpsert: (rs) => this.queue.add(keyOf(rs)),
      onDelete: (rs) => {
        this.expectations.delete(keyOf(rs));
      },
    });
    this.pods = new ObjectCache(registry, POD, {
      onUpsert: (pod, old) => this.podChanged(pod, old),
      onDelete: (pod) => {
        const ref = controllerOf(pod);
        const rs = ref?.kind === 'ReplicaSet' ? this.replicaSets.get(pod.metadata.namespace ?? '', ref.name) : undefined;
        if (!rs || rs.metadata.uid !== ref?.uid) return;
        this.expectations.deletionObserved(keyOf(rs));
        this.queue.add(keyOf(rs));
      },
    });
  }

  async start(): Promise<void> {
    await this.replicaSets.start();
    await this.pods.start();
  }

  stop(): void {
    this.pods.stop();
    this.replicaSets.stop();
    this.queue.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** addPod / updatePod: wake the controller, or the RSes that might adopt an orphan */
  private podChanged(pod: KubeObject, old: KubeObject | undefined): void {
    const ns = pod.metadata.namespace ?? '';
    const ref = controllerOf(pod);
    const oldRef = old ? controllerOf(old) : undefined;
    if (oldRef && oldRef.uid !== ref?.uid) this.enqueueOwner(ns, oldRef.name, oldRef.uid);
    if (ref) {
      if (ref.kind !== 'ReplicaSet') return;
      const rs = this.enqueueOwner(ns, ref.name, ref.uid);
      if (rs && !old) this.expectations.creationObserved(keyOf(rs));
      return;
    }
    // an orphan: every RS whose selector matches may adopt it
    if (pod.metadata.deletionTimestamp) return;
    for (const rs of this.replicaSets.list(ns)) {
      if (matches(rsSelector(rs), pod.metadata.labels ?? {})) this.queue.add(keyOf(rs));
    }
  }

  private enqueueOwner(ns: string, name: string, uid: string): KubeObject | undefined {
    const rs = this.replicaSets.get(ns, name);
    if (!rs || rs.metadata.uid !== uid) return undefined;
    this.queue.add(keyOf(rs));
    return rs;
  }

  private async sync(key: string): Promise<void> {
    const [ns, name] = splitKey(key);
    let rs: KubeObject;
    try {
      rs = await this.registry.get(REPLICASET, ns, name);
    } catch (err) {
      if (err instanceof ApiError && err.status.code === 404) {
        this.expectations.delete(key);
        return;
      }
      throw err;
    }
    const needsSync = this.expectations.satisfied(key);
    const claim = claimPods(rs, this.pods.list(ns));
    for (const pod of claim.adopt) await this.setController(rs, pod, true);
    for (const pod of claim.release) await this.setController(rs, pod, false);
    let failure: { reason: string; message: string; time: string } | undefined;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(key, rs, claim.owned);
      } catch (err) {
        const creating = (rs.spec?.replicas ?? 0) > claim.owned.length;
        failure = { reason: creating ? 'FailedCreate' : 'FailedDelete', message: (err as Error).message, time: this.timestamp() };
        await this.writeStatus(rs, claim.owned, failure);
        throw err;
      }
    }
    await this.writeStatus(rs, claim.owned, failure);
    // minReadySeconds: come back when the next ready pod turns available
    const minReady = rs.spec?.minReadySeconds ?? 0;
    if (minReady > 0) {
      const waits = claim.owned.map((p) => msUntilAvailable(p, minReady, this.now())).filter((ms) => ms > 0);
      if (waits.length > 0) this.queue.addAfter(key, Math.min(...waits) + 50);
    }
  }

  private async manageReplicas(key: string, rs: KubeObject, owned: KubeObject[]): Promise<void> {
    const diff = replicaDiff(rs.spec?.replicas ?? 0, owned.length);
    if (diff > 0) {
      this.expectations.expect(key, diff, 0);
      const created = await this.slowStartCreate(key, rs, diff);
      if (created < diff) throw new Error(`created ${created} of ${diff} pods`);
    } else if (diff < 0) {
      const victims = podsToDelete(owned, -diff);
      this.expectations.expect(key, 0, victims.length);
      const results = await Promise.allSettled(
        victims.map((p) => this.registry.delete(POD, p.metadata.namespace ?? '', p.metadata.name!, { preconditions: { uid: p.metadata.uid } })),
      );
      let failed: Error | undefined;
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') {
          void this.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${victims[i].metadata.name}`);
          return;
        }
        // the pod is gone anyway, or never will be: no event will come for it
        this.expectations.deletionObserved(key);
        const gone = r.reason instanceof ApiError && r.reason.status.code === 404;
        if (!gone) failed = r.reason as Error;
      });
      if (failed) {
        void this.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${failed.message}`);
        throw failed;
      }
    }
  }

  /**
   * slowStartBatch: creates in batches of 1, 2, 4, ... so a template that cannot
   * be created fails once, not `diff` times. Returns how many were created.
   */
  private async slowStartCreate(key: string, rs: KubeObject, count: number): Promise<number> {
    let created = 0;
    let batch = 1;
    while (created < count) {
      const n = Math.min(batch, count - created);
      const results = await Promise.allSettled(Array.from({ length: n }, () => this.createPod(rs)));
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      created += ok;
      const err = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (err) {
        // the pods never created will never be observed
        for (let i = created; i < count; i++) this.expectations.creationObserved(key);
        void this.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${(err.reason as Error).message}`);
        return created;
      }
      batch *= 2;
    }
    return created;
  }

  private async createPod(rs: KubeObject): Promise<void> {
    const tpl = rs.spec?.template ?? {};
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...(tpl.metadata?.labels ?? {}) },
        ownerReferences: [newControllerRef(rs, REPLICASET)],
      },
      spec: structuredClone(tpl.spec ?? {}),
    };
    if (tpl.metadata?.annotations) pod.metadata.annotations = { ...tpl.metadata.annotations };
    if (tpl.metadata?.finalizers) pod.metadata.finalizers = [...tpl.metadata.finalizers];
    const { object } = await this.registry.create(POD, rs.metadata.namespace ?? '', pod);
    void this.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${object.metadata.name}`);
  }

  /** adopt (add our controller ref) or release (remove it), pinned to the pod version seen */
  private async setController(rs: KubeObject, pod: KubeObject, adopt: boolean): Promise<void> {
    const others = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid);
    const refs = adopt ? [...others, newControllerRef(rs, REPLICASET)] : others;
    try {
      await this.registry.patch(POD, pod.metadata.namespace ?? '', pod.metadata.name!, 'merge', {
        metadata: { ownerReferences: refs.length ? refs : null, resourceVersion: pod.metadata.resourceVersion },
      });
    } catch (err) {
      // gone or changed since: the next sync sees the new state
      if (err instanceof ApiError && (err.status.code === 404 || err.status.code === 409)) return;
      throw err;
    }
  }

  private async writeStatus(rs: KubeObject, owned: KubeObject[], failure?: { reason: string; message: string; time: string }): Promise<void> {
    const status = replicaSetStatus(rs, owned, this.now(), failure);
    if (jsonEqual(status, rs.status ?? {})) return;
    const next = structuredClone(rs) as KubeObject;
    next.status = status;
    delete next.metadata.resourceVersion;
    try {
      await this.registry.update(REPLICASET, rs.metadata.namespace ?? '', rs.metadata.name!, next, { subresource: 'status' });
    } catch (err) {
      if (err instanceof ApiError && err.status.code === 404) return;
      throw err;
    }
  }

  private timestamp(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}
