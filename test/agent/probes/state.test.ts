// The probe state machine, table-driven with a fake clock: thresholds,
// initial values, startup gating, initial delay, hold after a liveness failure.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initialState, observe, skipReason, type ProbeState } from '../../../agent/probes/state.js';
import { probeConfig, type ProbeKind, type ProbeResult, type ProbeSpec } from '../../../agent/probes/types.js';

const T0 = Date.UTC(2026, 0, 1);
const handler = { exec: { command: ['true'] } };

function runAll(kind: ProbeKind, spec: ProbeSpec, results: ProbeResult[]) {
  const cfg = probeConfig(kind, { ...handler, ...spec });
  let s: ProbeState = initialState(kind);
  const published: Array<string | undefined> = [];
  const changes: number[] = [];
  results.forEach((r, i) => {
    const o = observe(kind, cfg, s, r);
    s = o.state;
    published.push(s.result);
    if (o.changed) changes.push(i);
  });
  return { published, changes, state: s };
}

describe('probe defaults', () => {
  it('applies Kubernetes defaults and forces successThreshold 1 for liveness/startup', () => {
    assert.deepEqual(probeConfig('readiness', handler), {
      handler,
      initialDelayMs: 0,
      periodMs: 10_000,
      timeoutMs: 1000,
      successThreshold: 1,
      failureThreshold: 3,
    });
    const c = probeConfig('liveness', { ...handler, periodSeconds: 1, timeoutSeconds: 2, successThreshold: 5, failureThreshold: 1, initialDelaySeconds: 3, terminationGracePeriodSeconds: 4 });
    assert.equal(c.successThreshold, 1);
    assert.deepEqual([c.periodMs, c.timeoutMs, c.failureThreshold, c.initialDelayMs, c.terminationGracePeriodSeconds], [1000, 2000, 1, 3000, 4]);
    assert.equal(probeConfig('readiness', { ...handler, successThreshold: 2 }).successThreshold, 2);
    // Zero means unset, as in Go.
    assert.equal(probeConfig('readiness', { ...handler, periodSeconds: 0, failureThreshold: 0 }).periodMs, 10_000);
  });
});

describe('probe thresholds', () => {
  const S = 'success', F = 'failure', U = 'unknown';
  const cases: Array<{ name: string; kind: ProbeKind; spec?: ProbeSpec; runs: ProbeResult[]; published: Array<string | undefined>; changes: number[] }> = [
    { name: 'readiness starts not ready, one success makes it ready', kind: 'readiness', runs: [S], published: [S], changes: [0] },
    { name: 'readiness needs failureThreshold failures in a row to turn unready', kind: 'readiness', runs: [S, F, F, F, F], published: [S, S, S, F, F], changes: [0, 3] },
    { name: 'a success in between resets the failure count', kind: 'readiness', runs: [S, F, F, S, F, F, F], published: [S, S, S, S, S, S, F], changes: [0, 6] },
    { name: 'successThreshold 2 for readiness', kind: 'readiness', spec: { successThreshold: 2 }, runs: [S, F, S, S], published: [F, F, F, S], changes: [3] },
    { name: 'unknown runs are thrown away and do not break a run of failures', kind: 'readiness', spec: { failureThreshold: 2 }, runs: [S, F, U, F], published: [S, S, S, F], changes: [0, 3] },
    { name: 'first failures of readiness publish no change (already failure)', kind: 'readiness', runs: [F, F, F], published: [F, F, F], changes: [] },
    { name: 'liveness starts alive; repeated successes publish nothing', kind: 'liveness', runs: [S, S, S], published: [S, S, S], changes: [] },
    { name: 'liveness fails after failureThreshold', kind: 'liveness', runs: [F, F, F], published: [S, S, F], changes: [2] },
    { name: 'liveness failureThreshold 1', kind: 'liveness', spec: { failureThreshold: 1 }, runs: [S, F], published: [S, F], changes: [1] },
    { name: 'startup is unknown until it succeeds', kind: 'startup', runs: [F, S], published: [undefined, S], changes: [1] },
    { name: 'startup fails for good after failureThreshold', kind: 'startup', spec: { failureThreshold: 2 }, runs: [F, F], published: [undefined, F], changes: [1] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = runAll(c.kind, c.spec ?? {}, c.runs);
      assert.deepEqual(r.published, c.published);
      assert.deepEqual(r.changes, c.changes);
    });
  }

  it('a liveness failure puts the probe on hold until the container is replaced', () => {
    const { state } = runAll('liveness', { failureThreshold: 1 }, ['failure']);
    assert.equal(state.onHold, true);
    const cfg = probeConfig('liveness', handler);
    assert.equal(skipReason('liveness', cfg, state, { now: T0 + 60_000, startedAt: T0, started: true }), 'onHold');
    // A readiness failure does not hold: readiness keeps probing to come back.
    const ready = runAll('readiness', { failureThreshold: 1 }, ['success', 'failure']);
    assert.equal(ready.state.onHold, false);
  });
});

describe('when to probe (fake clock)', () => {
  const started = T0;
  const cases: Array<{ name: string; kind: ProbeKind; spec?: ProbeSpec; now: number; started: boolean; want: string | undefined }> = [
    { name: 'liveness waits for the startup probe', kind: 'liveness', now: T0 + 5000, started: false, want: 'notStarted' },
    { name: 'readiness waits for the startup probe', kind: 'readiness', now: T0 + 5000, started: false, want: 'notStarted' },
    { name: 'startup probes until started', kind: 'startup', now: T0, started: false, want: undefined },
    { name: 'startup stops once started', kind: 'startup', now: T0 + 1000, started: true, want: 'startupDone' },
    { name: 'initialDelaySeconds holds the first probe', kind: 'readiness', spec: { initialDelaySeconds: 5 }, now: T0 + 4999, started: true, want: 'initialDelay' },
    { name: 'probing starts when the initial delay has passed', kind: 'readiness', spec: { initialDelaySeconds: 5 }, now: T0 + 5000, started: true, want: undefined },
    { name: 'no initial delay: probe at once', kind: 'liveness', now: T0, started: true, want: undefined },
    { name: 'startup honours the initial delay too', kind: 'startup', spec: { initialDelaySeconds: 2 }, now: T0 + 1000, started: false, want: 'initialDelay' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const cfg = probeConfig(c.kind, { ...handler, ...c.spec });
      assert.equal(skipReason(c.kind, cfg, initialState(c.kind), { now: c.now, startedAt: started, started: c.started }), c.want);
    });
  }
});
