import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, type PatchType } from '../../../../server/api/patch/index.js';
import { deepFreeze, pod } from './fixtures.js';

const patches: Array<[PatchType, unknown]> = [
  ['json', [
    { op: 'add', path: '/metadata/labels/x', value: { deep: ['v'] } },
    { op: 'remove', path: '/spec/containers/1' },
    { op: 'replace', path: '/status/phase', value: 'Succeeded' },
  ]],
  ['merge', { metadata: { labels: { app: null, x: { deep: ['v'] } } }, spec: { containers: [{ name: 'n' }] } }],
  ['strategic', {
    metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example.com/one'], labels: { x: 'y' } },
    spec: {
      '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }],
      containers: [{ name: 'nginx', image: 'nginx:2', env: [{ name: 'A', $patch: 'delete' }] }],
      volumes: [{ $patch: 'replace' }],
    },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  }],
];

for (const [type, patch] of patches) {
  test(`${type} patch: deep-frozen inputs are untouched and the result is fully mutable`, () => {
    const original = deepFreeze(pod());
    const frozenPatch = deepFreeze(structuredClone(patch));
    const out = applyPatch('Pod', original, type, frozenPatch);
    assert.deepEqual(original, pod());
    assert.deepEqual(frozenPatch, patch);
    assert.notEqual(out, original);
    // No frozen object of either input leaks into the result.
    const visit = (v: unknown): void => {
      if (typeof v !== 'object' || v === null) return;
      assert.equal(Object.isFrozen(v), false);
      for (const child of Object.values(v)) visit(child);
    };
    visit(out);
    out.metadata.resourceVersion = '42';
    assert.equal(out.metadata.resourceVersion, '42');
  });
}

test('a __proto__ key in a merge or strategic patch changes no prototype', () => {
  for (const type of ['merge', 'strategic'] as const) {
    const patch = JSON.parse('{"metadata":{"__proto__":{"polluted":true},"labels":{"__proto__":{"x":1}}}}');
    const out = applyPatch('Pod', pod(), type, patch);
    assert.equal(Object.getPrototypeOf(out.metadata), Object.prototype, type);
    assert.equal(Object.getPrototypeOf(out.metadata.labels), Object.prototype, type);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, type);
    assert.deepEqual(out.metadata.labels, pod().metadata.labels, type);
  }
});
