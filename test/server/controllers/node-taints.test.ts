// Node condition taints and the taint manager's eviction plan: table-driven.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planNodeTaints } from '../../../server/controllers/node-taints.js';
import { planEvictions } from '../../../server/controllers/taint-eviction.js';
import type { KubeObject } from '../../../shared/api/object.js';

const NOW = new Date('2026-01-01T00:10:00Z');
const T0 = '2026-01-01T00:00:00Z'; // 10 minutes before NOW

function node(ready: string | undefined, opts: { taints?: any[]; unschedulable?: boolean; memory?: boolean } = {}): KubeObject {
  const conditions = ready === undefined ? [] : [{ type: 'Ready', status: ready }];
  if (opts.memory) conditions.push({ type: 'MemoryPressure', status: 'True' });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1' },
    spec: { ...(opts.taints ? { taints: opts.taints } : {}), ...(opts.unschedulable ? { unschedulable: true } : {}) },
    status: { conditions },
  };
}

const keys = (ts: any[] | undefined) => ts?.map((t) => `${t.key}:${t.effect}`);

describe('planNodeTaints', () => {
  const cases: Array<[string, KubeObject, string[] | undefined]> = [
    ['ready node: nothing to do', node('True'), undefined],
    ['Ready=False → not-ready', node('False'), ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule']],
    ['Ready=Unknown → unreachable', node('Unknown'), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']],
    ['no Ready condition → unreachable', node(undefined), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']],
    ['cordoned → unschedulable', node('True', { unschedulable: true }), ['node.kubernetes.io/unschedulable:NoSchedule']],
    ['memory pressure', node('True', { memory: true }), ['node.kubernetes.io/memory-pressure:NoSchedule']],
    [
      'ready again: condition taints removed, user taints kept',
      node('True', { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: T0 }] }),
      ['dedicated:NoSchedule'],
    ],
    [
      'Unknown → False swaps unreachable for not-ready',
      node('False', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: T0 }, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] }),
      ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule'],
    ],
    [
      'already tainted: nothing to do',
      node('Unknown', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: T0 }, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] }),
      undefined,
    ],
    ['uncordoned: unschedulable taint removed', node('True', { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }), []],
  ];
  for (const [name, n, want] of cases) it(name, () => assert.deepEqual(keys(planNodeTaints(n, NOW)), want));

  it('NoExecute taints get timeAdded; existing ones keep theirs', () => {
    const added = planNodeTaints(node('Unknown'), NOW)!;
    assert.equal(added.find((t) => t.effect === 'NoExecute')!.timeAdded, '2026-01-01T00:10:00Z');
    assert.equal(added.find((t) => t.effect === 'NoSchedule')!.timeAdded, undefined);
    const kept = planNodeTaints(node('Unknown', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: T0 }] }), NOW)!;
    assert.equal(kept.find((t) => t.effect === 'NoExecute')!.timeAdded, T0);
  });
});

describe('planEvictions', () => {
  const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: T0 };
  const tainted = node('Unknown', { taints: [unreachable] });
  const pod = (name: string, tolerations?: any[], extra: any = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: name, ...(extra.metadata ?? {}) },
    spec: { nodeName: 'n1', ...(tolerations ? { tolerations } : {}) },
    status: { phase: extra.phase ?? 'Running' },
  });
  const tol = (s?: number) => ({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(s !== undefined ? { tolerationSeconds: s } : {}) });
  const cases: Array<[string, KubeObject, KubeObject, 'now' | 'never' | number]> = [
    ['no toleration: now', tainted, pod('a'), 'now'],
    ['tolerated forever', tainted, pod('a', [tol()]), 'never'],
    ['tolerationSeconds already elapsed since timeAdded', tainted, pod('a', [tol(300)]), 'now'],
    ['tolerationSeconds not yet elapsed', tainted, pod('a', [tol(900)]), Date.parse(T0) + 900_000],
    ['a NoSchedule taint never evicts', node('True', { taints: [{ key: 'x', effect: 'NoSchedule' }] }), pod('a'), 'never'],
    ['untainted node', node('True'), pod('a'), 'never'],
    ['terminating pod is left alone', tainted, pod('a', undefined, { metadata: { deletionTimestamp: T0 } }), 'never'],
    ['finished pod is left alone', tainted, pod('a', undefined, { phase: 'Succeeded' }), 'never'],
    ['empty-key Exists tolerates everything', tainted, pod('a', [{ operator: 'Exists' }]), 'never'],
  ];
  for (const [name, n, p, want] of cases) {
    it(name, () => {
      const plan = planEvictions(n, [p], NOW);
      if (want === 'now') assert.deepEqual([plan.now.length, plan.later.length], [1, 0]);
      else if (want === 'never') assert.deepEqual([plan.now.length, plan.later.length], [0, 0]);
      else assert.deepEqual(plan.later.map((l) => l.at), [want]);
    });
  }

  it('a taint without timeAdded counts from when it was first seen', () => {
    const n = node('Unknown', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] });
    const plan = planEvictions(n, [pod('a', [tol(60)])], NOW, () => NOW.getTime() - 1000);
    assert.deepEqual(plan.later.map((l) => l.at), [NOW.getTime() + 59_000]);
  });
});
