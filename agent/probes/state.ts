// The pure state machine of one probe of one container (kubelet's
// prober worker.doProbe without the I/O): whether to probe now, and how a
// run's result moves the published result through the thresholds.
import type { ProbeConfig, ProbeKind, ProbeResult } from './types.js';

export type Published = 'success' | 'failure';

export interface ProbeState {
  /** The published result; undefined while unknown (a startup probe before it succeeded or failed for good). */
  result: Published | undefined;
  /** Result of the last counted run and how many runs in a row gave it. */
  last?: Published;
  run: number;
  /** Liveness/startup after a failure: no more probing until the container is replaced. */
  onHold: boolean;
}

/**
 * kubelet's initial values: readiness starts as failure (not ready until a
 * probe passes), liveness as success (alive until proven otherwise), startup
 * unknown (not started).
 */
export function initialState(kind: ProbeKind): ProbeState {
  return { result: kind === 'readiness' ? 'failure' : kind === 'liveness' ? 'success' : undefined, run: 0, onHold: false };
}

export interface ProbeContext {
  now: number;
  /** When the container started running (ms). */
  startedAt: number;
  /** Whether the container has started: its startup probe succeeded, or it has none. */
  started: boolean;
}

export type SkipReason = 'onHold' | 'startupDone' | 'notStarted' | 'initialDelay';

/** Why this tick must not run the probe, or undefined to run it. */
export function skipReason(kind: ProbeKind, cfg: ProbeConfig, s: ProbeState, ctx: ProbeContext): SkipReason | undefined {
  if (s.onHold) return 'onHold';
  // A startup probe is done once the container started; liveness and readiness wait for that.
  if (kind === 'startup' && ctx.started) return 'startupDone';
  if (kind !== 'startup' && !ctx.started) return 'notStarted';
  if (ctx.now - ctx.startedAt < cfg.initialDelayMs) return 'initialDelay';
  return undefined;
}

/**
 * Counts one run's result. The published result changes only after
 * `successThreshold` successes or `failureThreshold` failures in a row; an
 * `unknown` run (prober error) is thrown away, as kubelet does.
 */
export function observe(kind: ProbeKind, cfg: ProbeConfig, s: ProbeState, r: ProbeResult): { state: ProbeState; changed: boolean } {
  if (r === 'unknown') return { state: s, changed: false };
  const next: ProbeState = { ...s };
  if (next.last === r) next.run++;
  else {
    next.last = r;
    next.run = 1;
  }
  if ((r === 'failure' && next.run < cfg.failureThreshold) || (r === 'success' && next.run < cfg.successThreshold)) {
    return { state: next, changed: false };
  }
  const changed = next.result !== r;
  next.result = r;
  if (kind !== 'readiness' && r === 'failure') {
    // The container is about to be killed; probing it further would only repeat the verdict.
    next.onHold = true;
    next.run = 0;
  }
  return { state: next, changed };
}
