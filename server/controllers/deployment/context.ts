// One sync of one Deployment: the working copy of the Deployment, its
// ReplicaSets, and the writes a sync makes (ReplicaSet scaling with events,
// ReplicaSet creation, revision bookkeeping). The strategies in rollout.ts
// drive it; controller.ts creates it and writes the Deployment at the end.

import { KINDS } from '../../../shared/api/kinds.js';
import type { KubeObject } from '../../../shared/api/object.js';
import { ApiError } from '../../api/status.js';
import type { EventRecorder } from '../../events/recorder.js';
import type { Registry } from '../../registry/registry.js';
import { controllerOf, newControllerRef } from '../controller-ref.js';
import { computeHash, POD_TEMPLATE_HASH_LABEL } from './hash.js';
import { maxSurge as maxSurgeOf, newRSReplicas } from './math.js';
import { hasProgressDeadline, PROGRESSING, REASON } from './status.js';
import {
  byCreationObj,
  countsOf,
  copiedAnnotations,
  DESIRED_REPLICAS_ANNOTATION,
  equalIgnoreHash,
  getCondition,
  MAX_REPLICAS_ANNOTATION,
  newCondition,
  REVISION_ANNOTATION,
  revisionOf,
  rolloutParams,
  setCondition,
} from './util.js';
import { iso } from './status.js';

export const DEPLOYMENT = KINDS.find((k) => k.kind === 'Deployment')!;
export const REPLICASET = KINDS.find((k) => k.kind === 'ReplicaSet')!;

export class SyncContext {
  /** the ReplicaSets this Deployment controls, by name, as last written */
  readonly rs = new Map<string, KubeObject>();

  constructor(
    private readonly registry: Registry,
    private readonly recorder: EventRecorder,
    /** working copy: annotations and status are written back by the controller */
    readonly d: KubeObject,
    owned: KubeObject[],
    readonly nowMs: number,
  ) {
    for (const r of owned) this.rs.set(r.metadata.name!, r);
    d.status ??= {};
  }

  get now(): string {
    return iso(this.nowMs);
  }

  get replicas(): number {
    return this.d.spec?.replicas ?? 1;
  }

  all(): KubeObject[] {
    return [...this.rs.values()].sort(byCreationObj);
  }

  /** FindNewReplicaSet: the oldest RS whose template equals the Deployment's (ignoring the hash label) */
  findNew(): KubeObject | undefined {
    return this.all().find((r) => equalIgnoreHash(r.spec?.template, this.d.spec?.template));
  }

  olds(newRS: KubeObject | undefined): KubeObject[] {
    return this.all().filter((r) => r !== newRS);
  }

  /**
   * getAllReplicaSetsAndSyncRevision: the new RS (created when asked and
   * missing) with its revision, desired/max annotations and minReadySeconds
   * brought up to date, and the Deployment's revision annotation set to it.
   */
  async syncRevision(create: boolean): Promise<{ newRS: KubeObject | undefined; olds: KubeObject[] }> {
    let newRS = this.findNew();
    const olds = this.olds(newRS);
    const maxOld = Math.max(0, ...olds.map(revisionOf));
    const newRevision = String(maxOld + 1);
    if (newRS) {
      const next = structuredClone(newRS) as KubeObject;
      this.setNewRSAnnotations(next, newRevision, true);
      const minReady = this.d.spec?.minReadySeconds ?? 0;
      if ((next.spec.minReadySeconds ?? 0) !== minReady) next.spec.minReadySeconds = minReady;
      newRS = await this.writeRS(newRS, next);
      this.setRevision(newRS.metadata.annotations?.[REVISION_ANNOTATION]);
      if (hasProgressDeadline(this.d) && !getCondition(this.d.status, PROGRESSING)) {
        setCondition(this.d.status, newCondition(PROGRESSING, 'True', REASON.foundNewRS, `Found new replica set "${newRS.metadata.name}"`, this.now));
      }
      return { newRS, olds };
    }
    if (!create) return { newRS: undefined, olds };
    newRS = await this.createNewRS(olds, newRevision);
    return { newRS, olds: this.olds(newRS) };
  }

  private setRevision(rev: string | undefined): void {
    if (!rev) return;
    const ann = (this.d.metadata.annotations ??= {});
    if (ann[REVISION_ANNOTATION] !== rev) ann[REVISION_ANNOTATION] = rev;
  }

  /** SetNewReplicaSetAnnotations: the Deployment's annotations, a revision bump, desired/max replicas */
  private setNewRSAnnotations(rs: KubeObject, newRevision: string, exists: boolean): void {
    const ann = (rs.metadata.annotations ??= {});
    Object.assign(ann, copiedAnnotations(this.d));
    if (revisionOf(rs) < Number(newRevision)) ann[REVISION_ANNOTATION] = newRevision;
    // an existing RS keeps the size it was given: a mismatch is how a scaling event is seen
    if (!exists) {
      ann[DESIRED_REPLICAS_ANNOTATION] = String(this.replicas);
      ann[MAX_REPLICAS_ANNOTATION] = String(this.replicas + maxSurgeOf(rolloutParams(this.d)));
    }
  }

  private async createNewRS(olds: KubeObject[], newRevision: string): Promise<KubeObject> {
    const d = this.d;
    const collisionCount: number | undefined = d.status.collisionCount;
    const hash = computeHash(d.spec.template, collisionCount);
    const template = structuredClone(d.spec.template);
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const selector = structuredClone(d.spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const p = rolloutParams(d);
    const replicas = newRSReplicas(p, olds.map(countsOf), { name: '', replicas: 0, available: 0, created: 0 });
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...(template.metadata.labels as Record<string, string>) },
        ownerReferences: [newControllerRef(d, DEPLOYMENT)],
        annotations: {},
      },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
    };
    this.setNewRSAnnotations(rs, newRevision, false);
    rs.spec.replicas = replicas;
    let created: KubeObject;
    try {
      created = (await this.registry.create(REPLICASET, d.metadata.namespace ?? '', rs)).object;
    } catch (err) {
      if (!(err instanceof ApiError && err.status.code === 409)) throw err;
      // The name is taken. Ours with the same template (our cache was behind): use it.
      // Anything else is a hash collision: bump collisionCount and retry with a new name.
      const existing = await this.registry.get(REPLICASET, d.metadata.namespace ?? '', rs.metadata.name!);
      if (controllerOf(existing)?.uid === d.metadata.uid && equalIgnoreHash(existing.spec?.template, d.spec.template)) {
        this.rs.set(existing.metadata.name!, existing);
        return existing;
      }
      d.status.collisionCount = (collisionCount ?? 0) + 1;
      throw new Error(`found a hash collision for deployment "${d.metadata.name}" - bumping collisionCount (${collisionCount ?? 0}->${d.status.collisionCount}) to resolve it`);
    }
    this.rs.set(created.metadata.name!, created);
    if (replicas > 0) void this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} to ${replicas}`);
    this.setRevision(newRevision);
    if (hasProgressDeadline(d)) {
      setCondition(d.status, newCondition(PROGRESSING, 'True', REASON.newRSCreated, `Created new replica set "${created.metadata.name}"`, this.now));
    }
    return created;
  }

  /** scaleReplicaSetAndRecordEvent: nothing when the size is already right */
  async scaleAndRecord(rs: KubeObject, size: number): Promise<boolean> {
    if ((rs.spec?.replicas ?? 0) === size) return false;
    await this.scale(rs, size);
    return true;
  }

  /** scaleReplicaSet: size and the desired/max annotations; an event when the size changed */
  async scale(rs: KubeObject, size: number): Promise<KubeObject> {
    const cur = this.rs.get(rs.metadata.name!) ?? rs;
    const next = structuredClone(cur) as KubeObject;
    const old = next.spec.replicas ?? 0;
    next.spec.replicas = size;
    const ann = (next.metadata.annotations ??= {});
    ann[DESIRED_REPLICAS_ANNOTATION] = String(this.replicas);
    ann[MAX_REPLICAS_ANNOTATION] = String(this.replicas + maxSurgeOf(rolloutParams(this.d)));
    const written = await this.writeRS(cur, next);
    if (old !== size) {
      const op = size > old ? 'up' : 'down';
      void this.recorder.event(this.d, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} to ${size}`);
    }
    return written;
  }

  /** update a ReplicaSet if anything changed, pinned to the version we read */
  private async writeRS(cur: KubeObject, next: KubeObject): Promise<KubeObject> {
    if (JSON.stringify(cur) === JSON.stringify(next)) return cur;
    const { object } = await this.registry.update(REPLICASET, cur.metadata.namespace ?? '', cur.metadata.name!, next);
    this.rs.set(object.metadata.name!, object);
    return object;
  }

  async deleteRS(rs: KubeObject): Promise<void> {
    try {
      await this.registry.delete(REPLICASET, rs.metadata.namespace ?? '', rs.metadata.name!, { preconditions: { uid: rs.metadata.uid, resourceVersion: rs.metadata.resourceVersion } });
    } catch (err) {
      if (!(err instanceof ApiError && err.status.code === 404)) throw err;
    }
    this.rs.delete(rs.metadata.name!);
  }
}
