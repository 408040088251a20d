// Rollout arithmetic of the Deployment controller, pure and table-tested
// (pkg/controller/deployment/util/deployment_util.go). A ReplicaSet is reduced
// to the few numbers the math needs.

import { scaledValue, type IntOrString } from '../../../shared/api/intstr.js';

export interface RolloutParams {
  replicas: number;
  /** undefined for Recreate */
  maxSurge?: IntOrString;
  maxUnavailable?: IntOrString;
}

export interface RsCounts {
  name: string;
  /** spec.replicas */
  replicas: number;
  /** status.availableReplicas */
  available: number;
  /** ms since epoch; ties are broken by name */
  created: number;
  /** deployment.kubernetes.io/max-replicas, when present */
  maxReplicasAnnotation?: number;
}

/**
 * ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down; if both end
 * up 0 (e.g. 1% of 10 replicas) maxUnavailable becomes 1 so the rollout can move.
 */
export function resolveFenceposts(maxSurge: IntOrString, maxUnavailable: IntOrString, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function isRollingUpdate(p: RolloutParams): boolean {
  return p.maxSurge !== undefined || p.maxUnavailable !== undefined;
}

/** MaxSurge: 0 for Recreate */
export function maxSurge(p: RolloutParams): number {
  if (!isRollingUpdate(p)) return 0;
  return resolveFenceposts(p.maxSurge ?? '25%', p.maxUnavailable ?? '25%', p.replicas).surge;
}

/** MaxUnavailable: 0 for Recreate or 0 replicas, never more than replicas */
export function maxUnavailable(p: RolloutParams): number {
  if (!isRollingUpdate(p) || p.replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(p.maxSurge ?? '25%', p.maxUnavailable ?? '25%', p.replicas);
  return Math.min(unavailable, p.replicas);
}

export function sumReplicas(rss: RsCounts[]): number {
  return rss.reduce((n, r) => n + r.replicas, 0);
}

export function sumAvailable(rss: RsCounts[]): number {
  return rss.reduce((n, r) => n + r.available, 0);
}

/** NewRSNewReplicas for RollingUpdate: grow the new RS as far as maxSurge allows */
export function newRSReplicas(p: RolloutParams, all: RsCounts[], newRS: RsCounts): number {
  if (!isRollingUpdate(p)) return p.replicas;
  const current = sumReplicas(all);
  const maxTotal = p.replicas + maxSurge(p);
  if (current >= maxTotal) return newRS.replicas;
  const up = Math.min(maxTotal - current, p.replicas - newRS.replicas);
  return newRS.replicas + Math.max(0, up);
}

export function byCreation(a: RsCounts, b: RsCounts): number {
  return a.created - b.created || a.name.localeCompare(b.name);
}

/**
 * reconcileOldReplicaSets: the scale-downs of old ReplicaSets in one step.
 * First unhealthy replicas (spec - available) of old RSes, oldest first,
 * bounded by what may go; then available ones down to
 * `replicas - maxUnavailable` available in total. Returns new sizes by name.
 */
export function scaleDownOld(p: RolloutParams, oldRSs: RsCounts[], newRS: RsCounts): Map<string, number> {
  const out = new Map<string, number>();
  const oldCount = sumReplicas(oldRSs);
  if (oldCount === 0) return out;
  const all = [...oldRSs, newRS];
  const allCount = sumReplicas(all);
  const minAvailable = p.replicas - maxUnavailable(p);
  const newUnavailable = Math.max(0, newRS.replicas - newRS.available);
  const maxScaledDown = allCount - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return out;
  const olds = oldRSs.map((r) => ({ ...r })).sort(byCreation);
  // cleanupUnhealthyReplicas
  let cleaned = 0;
  for (const rs of olds) {
    if (cleaned >= maxScaledDown) break;
    if (rs.replicas === 0) continue;
    const unhealthy = rs.replicas - rs.available;
    if (unhealthy <= 0) continue;
    const n = Math.min(maxScaledDown - cleaned, unhealthy);
    rs.replicas -= n;
    cleaned += n;
    out.set(rs.name, rs.replicas);
  }
  // scaleDownOldReplicaSetsForRollingUpdate
  const available = sumAvailable([...olds, newRS]);
  if (available <= minAvailable) return out;
  const total = available - minAvailable;
  let done = 0;
  for (const rs of olds) {
    if (done >= total) break;
    if (rs.replicas === 0) continue;
    const n = Math.min(rs.replicas, total - done);
    rs.replicas -= n;
    done += n;
    out.set(rs.name, rs.replicas);
  }
  return out;
}

/** integer.RoundToInt32: halves away from zero */
function round(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * The proportional scaling of `scale()` when a Deployment is resized mid-rollout:
 * the `replicas + maxSurge - current` difference is spread over the active
 * ReplicaSets in proportion to their size (their share of the max-replicas
 * annotation), leftovers go to the largest (newest on ties when growing, oldest
 * when shrinking). `statusReplicas` is the fallback for RSes without the
 * annotation. Returns new sizes by name.
 */
export function proportionalScale(p: RolloutParams, active: RsCounts[], statusReplicas: number): Map<string, number> {
  const out = new Map<string, number>();
  const current = sumReplicas(active);
  const allowed = p.replicas > 0 ? p.replicas + maxSurge(p) : 0;
  const toAdd = allowed - current;
  const rss = [...active];
  if (toAdd > 0) rss.sort((a, b) => b.replicas - a.replicas || byCreation(b, a));
  else if (toAdd < 0) rss.sort((a, b) => b.replicas - a.replicas || byCreation(a, b));
  let added = 0;
  for (const rs of rss) {
    let proportion = 0;
    if (toAdd !== 0 && rs.replicas !== 0 && toAdd !== added) {
      let fraction: number;
      if (p.replicas === 0) fraction = -rs.replicas;
      else {
        const annotated = rs.maxReplicasAnnotation ?? statusReplicas;
        fraction = annotated > 0 ? round((rs.replicas * allowed) / annotated) - rs.replicas : 0;
      }
      const left = toAdd - added;
      proportion = toAdd > 0 ? Math.min(fraction, left) : Math.max(fraction, left);
    }
    out.set(rs.name, rs.replicas + proportion);
    added += proportion;
  }
  if (rss.length > 0 && toAdd !== 0) {
    const first = rss[0].name;
    out.set(first, Math.max(0, out.get(first)! + toAdd - added));
  }
  return out;
}
