// The Deployment controller (pkg/controller/deployment): owns ReplicaSets
// (adopting and releasing by selector and controller reference), rolls the
// template out with RollingUpdate or Recreate, scales proportionally when
// resized mid-rollout, tracks revisions, history and the Progressing and
// Available conditions, and honours spec.paused. Rollback needs nothing here:
// `rollout undo` puts an old template back and the RS with that template is
// found again and gets the next revision.

import { KINDS } from '../../../shared/api/kinds.js';
import type { KubeObject } from '../../../shared/api/object.js';
import { labelSelectorFromObject, matches } from '../../../shared/labels/selector.js';
import { ApiError } from '../../api/status.js';
import { EventRecorder } from '../../events/recorder.js';
import { jsonEqual } from '../../registry/deep-equal.js';
import type { Registry } from '../../registry/registry.js';
import { controllerOf, keyOf, newControllerRef, splitKey } from '../controller-ref.js';
import { ObjectCache } from '../object-cache.js';
import { WorkQueue } from '../workqueue.js';
import { DEPLOYMENT, REPLICASET, SyncContext } from './context.js';
import { isScalingEvent, rolloutRecreate, rolloutRolling, syncScale } from './rollout.js';
import { calculateStatus, hasProgressDeadline, msUntilDeadline, PROGRESSING, REASON, type DeploymentStatus } from './status.js';
import { getCondition, newCondition, REVISION_ANNOTATION, setCondition } from './util.js';

const POD = KINDS.find((k) => k.kind === 'Pod')!;

export interface DeploymentControllerOptions {
  log?: (msg: string) => void;
  now?: () => number;
}

export class DeploymentController {
  private readonly queue: WorkQueue;
  private readonly deployments: ObjectCache;
  private readonly replicaSets: ObjectCache;
  private readonly recorder: EventRecorder;
  private readonly now: () => number;
  /** progress-deadline wake-ups, apart from the queue's retry timers so neither delays the other */
  private readonly deadlines = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly registry: Registry,
    opts: DeploymentControllerOptions = {},
  ) {
    const log = opts.log ?? (() => undefined);
    this.now = opts.now ?? Date.now;
    this.recorder = new EventRecorder(registry, { component: 'deployment-controller', log });
    this.queue = new WorkQueue((key) => this.sync(key), {
      baseDelayMs: 200,
      maxDelayMs: 10_000,
      concurrency: 2,
      onError: (key, err) => log(`deployment ${key}: ${(err as Error).message}`),
    });
    this.deployments = new ObjectCache(registry, DEPLOYMENT, { onUpsert: (d) => this.queue.add(keyOf(d)) });
    this.replicaSets = new ObjectCache(registry, REPLICASET, {
      onUpsert: (rs, old) => {
        const oldRef = old ? controllerOf(old) : undefined;
        const ref = controllerOf(rs);
        if (oldRef && oldRef.uid !== ref?.uid) this.enqueueOwner(rs, oldRef.uid, oldRef.name);
        if (ref) return this.enqueueOwner(rs, ref.uid, ref.name);
        // an orphan: deployments that could adopt it
        for (const d of this.deployments.list(rs.metadata.namespace ?? '')) {
          if (matches(labelSelectorFromObject(d.spec?.selector), rs.metadata.labels ?? {})) this.queue.add(keyOf(d));
        }
      },
      onDelete: (rs) => {
        const ref = controllerOf(rs);
        if (ref) this.enqueueOwner(rs, ref.uid, ref.name);
      },
    });
  }

  async start(): Promise<void> {
    await this.deployments.start();
    await this.replicaSets.start();
  }

  stop(): void {
    for (const t of this.deadlines.values()) clearTimeout(t);
    this.deadlines.clear();
    this.deployments.stop();
    this.replicaSets.stop();
    this.queue.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private enqueueOwner(rs: KubeObject, uid: string, name: string): void {
    const d = this.deployments.get(rs.metadata.namespace ?? '', name);
    if (d && d.metadata.uid === uid) this.queue.add(keyOf(d));
  }

  private async sync(key: string): Promise<void> {
    const [ns, name] = splitKey(key);
    const stored = await this.registry.find(DEPLOYMENT, ns, name);
    if (!stored) return;
    const d = structuredClone(stored) as KubeObject;
    const owned = await this.claimReplicaSets(d);
    const ctx = new SyncContext(this.registry, this.recorder, d, owned, this.now());
    let status: DeploymentStatus;
    try {
      status = await this.decide(ctx);
    } catch (err) {
      // keep what was learnt (collisionCount, conditions) even when a step failed
      await this.writeBack(stored, d, d.status);
      throw err;
    }
    await this.writeBack(stored, d, status);
    const wait = msUntilDeadline(d, status, this.now());
    if (wait !== undefined) this.wakeAt(key, wait + 1000);
  }

  /** requeueStuckDeployment: sync again when the progress deadline passes */
  private wakeAt(key: string, ms: number): void {
    clearTimeout(this.deadlines.get(key));
    const t = setTimeout(() => {
      this.deadlines.delete(key);
      this.queue.add(key);
    }, ms);
    t.unref?.();
    this.deadlines.set(key, t);
  }

  private async decide(ctx: SyncContext): Promise<DeploymentStatus> {
    const { d } = ctx;
    if (d.metadata.deletionTimestamp) return calculateStatus(d, ctx.all(), ctx.findNew(), ctx.now);
    this.pausedConditions(ctx);
    if (d.spec?.paused || (await isScalingEvent(ctx))) return syncScale(ctx);
    if (d.spec?.strategy?.type === 'Recreate') {
      return rolloutRecreate(ctx, async () => (await this.registry.list(POD, d.metadata.namespace ?? '')).items);
    }
    return rolloutRolling(ctx);
  }

  /** checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed (a timeout stays) */
  private pausedConditions(ctx: SyncContext): void {
    const { d } = ctx;
    if (!hasProgressDeadline(d)) return;
    const cond = getCondition(d.status, PROGRESSING);
    if (cond?.reason === REASON.timedOut) return;
    const pausedCond = cond?.reason === REASON.paused;
    if (d.spec?.paused && !pausedCond) setCondition(d.status, newCondition(PROGRESSING, 'Unknown', REASON.paused, 'Deployment is paused', ctx.now));
    else if (!d.spec?.paused && pausedCond) setCondition(d.status, newCondition(PROGRESSING, 'Unknown', REASON.resumed, 'Deployment is resumed', ctx.now));
  }

  /**
   * getReplicaSetsForDeployment: the RSes this Deployment controls, after
   * adopting matching orphans and releasing ones that stopped matching.
   */
  private async claimReplicaSets(d: KubeObject): Promise<KubeObject[]> {
    const sel = labelSelectorFromObject(d.spec?.selector);
    const { items } = await this.registry.list(REPLICASET, d.metadata.namespace ?? '');
    const owned: KubeObject[] = [];
    for (const rs of items) {
      const ref = controllerOf(rs);
      const match = matches(sel, rs.metadata.labels ?? {});
      if (ref) {
        if (ref.uid !== d.metadata.uid) continue;
        if (match) owned.push(rs);
        else if (!rs.metadata.deletionTimestamp) await this.setController(d, rs, false);
        continue;
      }
      if (!match || d.metadata.deletionTimestamp || rs.metadata.deletionTimestamp) continue;
      const adopted = await this.setController(d, rs, true);
      if (adopted) owned.push(adopted);
    }
    return owned;
  }

  private async setController(d: KubeObject, rs: KubeObject, adopt: boolean): Promise<KubeObject | undefined> {
    const others = (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid);
    const refs = adopt ? [...others, newControllerRef(d, DEPLOYMENT)] : others;
    try {
      const { object } = await this.registry.patch(REPLICASET, rs.metadata.namespace ?? '', rs.metadata.name!, 'merge', {
        metadata: { ownerReferences: refs.length ? refs : null, resourceVersion: rs.metadata.resourceVersion },
      });
      return object;
    } catch (err) {
      if (err instanceof ApiError && (err.status.code === 404 || err.status.code === 409)) return undefined;
      throw err;
    }
  }

  /** the revision annotation through the main resource, the status through /status, each only when changed */
  private async writeBack(stored: KubeObject, d: KubeObject, status: DeploymentStatus): Promise<void> {
    const ns = stored.metadata.namespace ?? '';
    const name = stored.metadata.name!;
    const rev = d.metadata.annotations?.[REVISION_ANNOTATION];
    let current = stored;
    if (rev !== undefined && rev !== stored.metadata.annotations?.[REVISION_ANNOTATION]) {
      ({ object: current } = await this.registry.patch(DEPLOYMENT, ns, name, 'merge', {
        metadata: { annotations: { [REVISION_ANNOTATION]: rev }, resourceVersion: stored.metadata.resourceVersion },
      }));
    }
    if (jsonEqual(status, stored.status ?? {})) return;
    const next = structuredClone(current) as KubeObject;
    next.status = status;
    // pinned: a Deployment changed since we read it is synced again anyway
    try {
      await this.registry.update(DEPLOYMENT, ns, name, next, { subresource: 'status' });
    } catch (err) {
      if (err instanceof ApiError && err.status.code === 404) return;
      throw err;
    }
  }
}
