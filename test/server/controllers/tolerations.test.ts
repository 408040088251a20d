// Taint/toleration matching and node selector/affinity matching: table-driven.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findUntoleratedTaint, tolerationMs, toleratesTaint, type Taint, type Toleration } from '../../../server/controllers/tolerations.js';
import { podMatchesNode } from '../../../server/controllers/node-match.js';
import type { KubeObject } from '../../../shared/api/object.js';

const taint = (key: string, effect: Taint['effect'], value?: string): Taint => ({ key, effect, ...(value !== undefined ? { value } : {}) });

describe('toleratesTaint', () => {
  const cases: Array<[string, Toleration, Taint, boolean]> = [
    ['Equal with same value', { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, taint('k', 'NoSchedule', 'v'), true],
    ['Equal is the default operator', { key: 'k', value: 'v', effect: 'NoSchedule' }, taint('k', 'NoSchedule', 'v'), true],
    ['Equal with another value', { key: 'k', operator: 'Equal', value: 'w', effect: 'NoSchedule' }, taint('k', 'NoSchedule', 'v'), false],
    ['Equal without value matches an empty value', { key: 'k', operator: 'Equal', effect: 'NoSchedule' }, taint('k', 'NoSchedule'), true],
    ['Exists ignores the value', { key: 'k', operator: 'Exists', effect: 'NoSchedule' }, taint('k', 'NoSchedule', 'v'), true],
    ['other key', { key: 'j', operator: 'Exists' }, taint('k', 'NoSchedule'), false],
    ['empty effect matches every effect', { key: 'k', operator: 'Exists' }, taint('k', 'NoExecute'), true],
    ['effect must match when set', { key: 'k', operator: 'Exists', effect: 'NoSchedule' }, taint('k', 'NoExecute'), false],
    ['empty key + Exists tolerates everything', { operator: 'Exists' }, taint('anything', 'NoExecute', 'x'), true],
    ['empty key + Exists + effect', { operator: 'Exists', effect: 'NoSchedule' }, taint('anything', 'NoExecute'), false],
    ['PreferNoSchedule', { key: 'k', operator: 'Exists', effect: 'PreferNoSchedule' }, taint('k', 'PreferNoSchedule'), true],
  ];
  for (const [name, tol, t, want] of cases) it(name, () => assert.equal(toleratesTaint(tol, t), want));
});

describe('tolerationMs (getMinTolerationTime)', () => {
  const t = taint('node.kubernetes.io/unreachable', 'NoExecute');
  const cases: Array<[string, Toleration[], number | undefined]> = [
    ['no toleration: evict now', [], 0],
    ['non-matching toleration: evict now', [{ key: 'other', operator: 'Exists' }], 0],
    ['matching without seconds: forever', [{ key: t.key, operator: 'Exists', effect: 'NoExecute' }], undefined],
    ['matching with seconds', [{ key: t.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }], 30_000],
    [
      'the smallest bound of several wins',
      [
        { key: t.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
        { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
      ],
      5_000,
    ],
    [
      'an unbounded one does not override a bounded one',
      [{ operator: 'Exists' }, { key: t.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 7 }],
      7_000,
    ],
    ['negative seconds: now', [{ key: t.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: -1 }], 0],
  ];
  for (const [name, tols, want] of cases) it(name, () => assert.equal(tolerationMs(tols, t), want));
});

describe('findUntoleratedTaint', () => {
  it('reports the first untolerated taint of the given effects', () => {
    const taints = [taint('a', 'PreferNoSchedule'), taint('b', 'NoSchedule'), taint('c', 'NoExecute')];
    assert.equal(findUntoleratedTaint(taints, [], ['NoSchedule', 'NoExecute'])?.key, 'b');
    assert.equal(findUntoleratedTaint(taints, [{ key: 'b', operator: 'Exists' }], ['NoSchedule', 'NoExecute'])?.key, 'c');
    assert.equal(findUntoleratedTaint(taints, [], ['NoExecute'])?.key, 'c');
    assert.equal(findUntoleratedTaint(taints, [{ operator: 'Exists' }], ['NoSchedule', 'NoExecute']), undefined);
  });
});

describe('podMatchesNode', () => {
  const node = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels } });
  const n = node('edge-1', { 'kubernetes.io/arch': 'arm64', zone: 'a', cores: '4' });
  const req = (...terms: any[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
  const cases: Array<[string, any, boolean]> = [
    ['no constraints', {}, true],
    ['nodeSelector match', { nodeSelector: { zone: 'a' } }, true],
    ['nodeSelector mismatch', { nodeSelector: { zone: 'b' } }, false],
    ['nodeSelector missing label', { nodeSelector: { gpu: 'yes' } }, false],
    ['In', req({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }), true],
    ['NotIn', req({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }), false],
    ['NotIn on a missing label', req({ matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['x'] }] }), true],
    ['Exists', req({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }), true],
    ['DoesNotExist', req({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }), false],
    ['Gt', req({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['2'] }] }), true],
    ['Lt', req({ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['2'] }] }), false],
    ['Gt on a non-integer label', req({ matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['2'] }] }), false],
    ['terms are ORed', req({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }), true],
    ['expressions are ANDed', req({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'gpu', operator: 'Exists' }] }), false],
    ['matchFields metadata.name', req({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['edge-1'] }] }), true],
    ['matchFields other node', req({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['edge-2'] }] }), false],
    ['an empty term matches nothing', req({}), false],
    ['no terms match nothing', req(), false],
  ];
  for (const [name, spec, want] of cases) it(name, () => assert.equal(podMatchesNode(spec, n), want));
});
