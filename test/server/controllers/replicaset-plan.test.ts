// The ReplicaSet controller's pure decisions: claim, deletion order, status.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/object.js';
import { claimPods, podsToDelete, replicaDiff, replicaSetStatus } from '../../../server/controllers/replicaset-plan.js';

const rs: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'default', uid: 'rs-uid', generation: 2 },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'fe' } } } },
};

function pod(name: string, o: { labels?: Record<string, string>; owner?: string; node?: string; phase?: string; ready?: string; created?: string; restarts?: number; deleting?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: `uid-${name}`,
      labels: o.labels ?? { app: 'web', tier: 'fe' },
      creationTimestamp: o.created ?? '2026-01-01T00:00:00Z',
      ownerReferences: o.owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: o.owner, controller: true }] : undefined,
      deletionTimestamp: o.deleting ? '2026-01-01T00:00:00Z' : undefined,
    },
    spec: { nodeName: o.node },
    status: {
      phase: o.phase ?? 'Pending',
      conditions: o.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: o.ready }] : [],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  };
}

describe('claimPods', () => {
  it('keeps its own, adopts matching orphans, releases non-matching own pods, leaves others alone', () => {
    const r = claimPods(rs, [
      pod('mine', { owner: 'rs-uid' }),
      pod('orphan'),
      pod('orphan-other-labels', { labels: { app: 'db' } }),
      pod('stray', { owner: 'rs-uid', labels: { app: 'db' } }),
      pod('foreign', { owner: 'someone-else' }),
      pod('done', { owner: 'rs-uid', phase: 'Succeeded' }),
      pod('orphan-deleting', { deleting: true }),
    ]);
    assert.deepEqual(r.owned.map((p) => p.metadata.name), ['mine', 'orphan']);
    assert.deepEqual(r.adopt.map((p) => p.metadata.name), ['orphan']);
    assert.deepEqual(r.release.map((p) => p.metadata.name), ['stray']);
  });
  it('a ReplicaSet being deleted adopts nothing', () => {
    const deleting = { ...rs, metadata: { ...rs.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    assert.deepEqual(claimPods(deleting, [pod('orphan')]).adopt, []);
  });
});

describe('replicaDiff', () => {
  const cases: Array<[number, number, number]> = [
    [3, 0, 3],
    [3, 5, -2],
    [1000, 0, 500],
    [0, 1000, -500],
    [2, 2, 0],
  ];
  for (const [want, have, diff] of cases) it(`${want} wanted, ${have} active → ${diff}`, () => assert.equal(replicaDiff(want, have), diff));
});

describe('podsToDelete: the Kubernetes ActivePods order', () => {
  const cases: Array<[string, KubeObject[], number, string[]]> = [
    ['unscheduled before scheduled', [pod('bound', { node: 'n1' }), pod('unbound')], 1, ['unbound']],
    ['pending before running', [pod('running', { node: 'n', phase: 'Running' }), pod('pending', { node: 'n', phase: 'Pending' })], 1, ['pending']],
    [
      'not ready before ready',
      [pod('ready', { node: 'n', phase: 'Running', ready: '2026-01-01T00:00:00Z' }), pod('unready', { node: 'n', phase: 'Running' })],
      1,
      ['unready'],
    ],
    [
      'ready more recently before ready longer',
      [pod('long', { node: 'n', phase: 'Running', ready: '2026-01-01T00:00:00Z' }), pod('recent', { node: 'n', phase: 'Running', ready: '2026-01-02T00:00:00Z' })],
      1,
      ['recent'],
    ],
    [
      'more restarts first',
      [pod('calm', { node: 'n', phase: 'Running' }), pod('flappy', { node: 'n', phase: 'Running', restarts: 5 })],
      1,
      ['flappy'],
    ],
    [
      'newer before older',
      [pod('old', { created: '2026-01-01T00:00:00Z' }), pod('new', { created: '2026-01-03T00:00:00Z' }), pod('mid', { created: '2026-01-02T00:00:00Z' })],
      2,
      ['new', 'mid'],
    ],
    ['nothing to delete', [pod('a')], 0, []],
  ];
  for (const [name, pods, n, want] of cases) it(name, () => assert.deepEqual(podsToDelete(pods, n).map((p) => p.metadata.name), want));
});

describe('replicaSetStatus', () => {
  it('counts replicas, fully labeled, ready and available (minReadySeconds from the Ready transition)', () => {
    const now = Date.parse('2026-01-01T00:01:00Z');
    const r = { ...rs, spec: { ...rs.spec, minReadySeconds: 30 } };
    const s = replicaSetStatus(r, [
      pod('a', { ready: '2026-01-01T00:00:00Z' }),
      pod('b', { ready: '2026-01-01T00:00:45Z' }),
      pod('c', { labels: { app: 'web' } }),
    ], now);
    assert.deepEqual(s, { replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 2 });
  });
  it('ReplicaFailure is set on a failure and dropped after', () => {
    const failed = replicaSetStatus(rs, [], 0, { reason: 'FailedCreate', message: 'quota', time: '2026-01-01T00:00:00Z' });
    assert.equal((failed.conditions as any[])[0].reason, 'FailedCreate');
    const ok = replicaSetStatus({ ...rs, status: failed }, [], 0);
    assert.equal(ok.conditions, undefined);
  });
});
