// Backoff of unschedulable pods (kube-scheduler: 1 s doubling to 10 s).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, UnschedulablePods } from '../../../server/scheduler/queue-state.js';
import { needsScheduling } from '../../../server/scheduler/scheduler.js';
import { pod } from './fakes.js';

describe('unschedulable backoff', () => {
  const cases: Array<[number, number]> = [
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10_000],
    [20, 10_000],
  ];
  for (const [attempts, want] of cases) it(`attempt ${attempts} → ${want} ms`, () => assert.equal(backoffMs(attempts), want));

  it('tracks attempts, the first failure and what is due', () => {
    const u = new UnschedulablePods();
    u.failed('a', 1, 1000);
    const e = u.failed('a', 1, 5000);
    assert.deepEqual(e, { attempts: 2, backoffUntil: 7000, generation: 1, since: 1000 });
    u.failed('b', 1, 6000);
    assert.deepEqual(u.due(6500), [
      ['a', 500],
      ['b', 500],
    ]);
    assert.deepEqual(u.due(8000), [
      ['a', 0],
      ['b', 0],
    ]);
    u.delete('a');
    assert.equal(u.size, 1);
  });
});

describe('which pods are ours', () => {
  const cases: Array<[string, any, boolean]> = [
    ['pending', pod(), true],
    ['bound', pod({ nodeName: 'n' }), false],
    ['another scheduler', { ...pod(), spec: { ...pod().spec, schedulerName: 'other' } }, false],
    ['default-scheduler by name', { ...pod(), spec: { ...pod().spec, schedulerName: 'default-scheduler' } }, true],
    ['being deleted', { ...pod(), metadata: { ...pod().metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }, false],
    ['failed', { ...pod(), status: { phase: 'Failed' } }, false],
    ['succeeded', { ...pod(), status: { phase: 'Succeeded' } }, false],
  ];
  for (const [name, p, want] of cases) it(name, () => assert.equal(needsScheduling(p), want));
});
