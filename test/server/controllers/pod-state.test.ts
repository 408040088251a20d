// MarkPodsNotReady as a pure function: table-driven.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { podReadyForNode } from '../../../server/controllers/pod-state.js';

describe('MarkPodsNotReady (podReadyForNode)', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const pod = (ready: string, extra: Record<string, unknown> = {}, phase = 'Running') =>
    ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      status: { phase, conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: ready, ...extra }] },
    }) as any;
  const cases: Array<{ name: string; pod: any; nodeReady: boolean; want?: Record<string, unknown> }> = [
    { name: 'node not ready: a ready pod is marked', pod: pod('True'), nodeReady: false, want: { status: 'False', reason: 'NodeNotReady', message: 'Node is not ready' } },
    { name: 'node not ready: an unready pod is left as the agent said', pod: pod('False', { reason: 'ContainersNotReady' }), nodeReady: false },
    { name: 'node not ready: already marked', pod: pod('False', { reason: 'NodeNotReady' }), nodeReady: false },
    { name: 'node not ready: a finished pod is left alone', pod: pod('True', {}, 'Succeeded'), nodeReady: false },
    { name: 'node ready: our mark is undone', pod: pod('False', { reason: 'NodeNotReady', message: 'Node is not ready' }), nodeReady: true, want: { status: 'True' } },
    { name: 'node ready: the agent said not ready', pod: pod('False', { reason: 'ContainersNotReady' }), nodeReady: true },
    { name: 'node ready: a ready pod', pod: pod('True'), nodeReady: true },
    { name: 'no Ready condition yet', pod: { metadata: { name: 'p' }, status: { phase: 'Pending' } }, nodeReady: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = podReadyForNode(c.pod, c.nodeReady, now) as any;
      if (!c.want) return assert.equal(got, undefined);
      const ready = got.conditions.find((x: any) => x.type === 'Ready');
      assert.deepEqual(ready, { type: 'Ready', ...c.want, lastTransitionTime: now.toISOString() } as Record<string, unknown>);
      assert.deepEqual(got.conditions[0], { type: 'PodScheduled', status: 'True' }, 'other conditions untouched');
      assert.equal(c.pod.status.conditions[1].status === ready.status, false, 'input not mutated');
    });
  }
});
