// The Deployment strategies on a SyncContext (deployment/rolling.go,
// recreate.go, sync.go): rolling update, recreate, the scale-only sync used
// while paused or when only spec.replicas changed, and history cleanup.
// Each returns the status to write.

import type { KubeObject } from '../../../shared/api/object.js';
import type { SyncContext } from './context.js';
import { newRSReplicas, proportionalScale, scaleDownOld } from './math.js';
import { calculateStatus, rolloutStatus, type DeploymentStatus } from './status.js';
import { byCreationObj, countsOf, DESIRED_REPLICAS_ANNOTATION, intAnnotation, isActive, revisionOf, rolloutParams } from './util.js';

export async function rolloutRolling(ctx: SyncContext): Promise<DeploymentStatus> {
  const { d } = ctx;
  const p = rolloutParams(d);
  let { newRS, olds } = await ctx.syncRevision(true);
  newRS = newRS!;
  // reconcileNewReplicaSet
  const newSize = newRS.spec?.replicas ?? 0;
  let target = newSize;
  if (newSize > p.replicas) target = p.replicas;
  else if (newSize < p.replicas) target = newRSReplicas(p, ctx.all().map(countsOf), countsOf(newRS));
  if (await ctx.scaleAndRecord(newRS, target)) return rolloutStatus(d, ctx.all(), ctx.rs.get(newRS.metadata.name!), ctx.nowMs);
  // reconcileOldReplicaSets
  const sizes = scaleDownOld(p, olds.filter(isActive).map(countsOf), countsOf(newRS));
  let scaled = false;
  for (const old of olds) {
    const size = sizes.get(old.metadata.name!);
    if (size !== undefined && (await ctx.scaleAndRecord(old, size))) scaled = true;
  }
  if (scaled) return rolloutStatus(d, ctx.all(), newRS, ctx.nowMs);
  if (complete(d)) await cleanup(ctx, ctx.olds(newRS));
  return rolloutStatus(d, ctx.all(), newRS, ctx.nowMs);
}

/**
 * Recreate: every old pod goes first; only when none is left (not even one
 * still terminating) is the new ReplicaSet created or scaled up.
 */
export async function rolloutRecreate(ctx: SyncContext, podsOf: () => Promise<KubeObject[]>): Promise<DeploymentStatus> {
  const { d } = ctx;
  let { newRS, olds } = await ctx.syncRevision(false);
  let scaledDown = false;
  for (const old of olds.filter(isActive)) if (await ctx.scaleAndRecord(old, 0)) scaledDown = true;
  if (scaledDown) return rolloutStatus(d, ctx.all(), newRS, ctx.nowMs);
  if (await oldPodsRunning(ctx, newRS, olds, podsOf)) return rolloutStatus(d, ctx.all(), newRS, ctx.nowMs);
  if (!newRS) ({ newRS, olds } = await ctx.syncRevision(true));
  await ctx.scaleAndRecord(newRS!, ctx.replicas);
  newRS = ctx.rs.get(newRS!.metadata.name!);
  if (complete(d)) await cleanup(ctx, ctx.olds(newRS));
  return rolloutStatus(d, ctx.all(), newRS, ctx.nowMs);
}

async function oldPodsRunning(ctx: SyncContext, newRS: KubeObject | undefined, olds: KubeObject[], podsOf: () => Promise<KubeObject[]>): Promise<boolean> {
  if (olds.some((r) => (r.status?.replicas ?? 0) > 0)) return true;
  const oldUids = new Set(olds.map((r) => r.metadata.uid));
  for (const pod of await podsOf()) {
    const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
    if (!owner || !oldUids.has(owner.uid) || owner.uid === newRS?.metadata.uid) continue;
    const phase = pod.status?.phase;
    if (phase === 'Failed' || phase === 'Succeeded') continue;
    return true;
  }
  return false;
}

/** isScalingEvent: an active RS was sized for a different spec.replicas */
export async function isScalingEvent(ctx: SyncContext): Promise<boolean> {
  const { newRS, olds } = await ctx.syncRevision(false);
  for (const rs of [...olds, newRS].filter(isActive)) {
    const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
    if (desired !== undefined && desired !== ctx.replicas) return true;
  }
  return false;
}

/** sync: scaling only (paused, or spec.replicas changed); history cleanup while paused */
export async function syncScale(ctx: SyncContext): Promise<DeploymentStatus> {
  const { d } = ctx;
  const { newRS, olds } = await ctx.syncRevision(false);
  await scale(ctx, newRS, olds);
  if (d.spec?.paused) await cleanup(ctx, ctx.olds(newRS ? ctx.rs.get(newRS.metadata.name!) : undefined));
  const latestNew = newRS ? ctx.rs.get(newRS.metadata.name!) : undefined;
  return calculateStatus(d, ctx.all(), latestNew, ctx.now);
}

async function scale(ctx: SyncContext, newRS: KubeObject | undefined, olds: KubeObject[]): Promise<void> {
  const { d } = ctx;
  const p = rolloutParams(d);
  const active = [...olds, ...(newRS ? [newRS] : [])].filter(isActive);
  // FindActiveOrLatest: one active RS (or none: the newest) takes the whole count
  let activeOrLatest: KubeObject | undefined;
  if (active.length === 1) activeOrLatest = active[0];
  else if (active.length === 0 && (newRS || olds.length > 0)) activeOrLatest = newRS ?? [...olds].sort(byCreationObj).at(-1);
  if (activeOrLatest) {
    // also when only the desired-replicas annotation is stale, or it would
    // look like a scaling event forever
    if (!(await ctx.scaleAndRecord(activeOrLatest, ctx.replicas)) && intAnnotation(activeOrLatest, DESIRED_REPLICAS_ANNOTATION) !== ctx.replicas) {
      await ctx.scale(activeOrLatest, ctx.replicas);
    }
    return;
  }
  // IsSaturated: the new RS runs everything, the old ones go to 0
  if (
    newRS &&
    (newRS.spec?.replicas ?? 0) === ctx.replicas &&
    intAnnotation(newRS, DESIRED_REPLICAS_ANNOTATION) === ctx.replicas &&
    (newRS.status?.availableReplicas ?? 0) === ctx.replicas
  ) {
    for (const old of olds.filter(isActive)) await ctx.scaleAndRecord(old, 0);
    return;
  }
  if (p.maxSurge === undefined) return;
  const sizes = proportionalScale(p, active.map(countsOf), d.status?.replicas ?? 0);
  for (const rs of active) await ctx.scale(rs, sizes.get(rs.metadata.name!) ?? rs.spec.replicas);
}

/** cleanupDeployment: old RSes beyond revisionHistoryLimit, oldest revision first, only when empty */
export async function cleanup(ctx: SyncContext, olds: KubeObject[]): Promise<void> {
  const limit = ctx.d.spec?.revisionHistoryLimit;
  if (typeof limit !== 'number') return;
  const cleanable = olds.filter((r) => !r.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreationObj(a, b));
  for (const rs of cleanable.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec?.replicas ?? 0) !== 0) continue;
    if ((rs.metadata.generation ?? 1) > (rs.status?.observedGeneration ?? 0)) continue;
    await ctx.deleteRS(rs);
  }
}

function complete(d: KubeObject): boolean {
  const s: DeploymentStatus = d.status ?? {};
  const r = d.spec?.replicas ?? 1;
  return s.updatedReplicas === r && s.replicas === r && s.availableReplicas === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1);
}
