import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, PatchError } from '../../../../server/api/patch/index.js';
import { EdgeplaneError } from '../../../../shared/errors.js';
import { pod } from './fixtures.js';

test('json patch: add, replace, remove, test, move and copy apply in order', () => {
  const out = applyPatch('Pod', pod(), 'json', [
    { op: 'test', path: '/spec/containers/0/name', value: 'nginx' },
    { op: 'add', path: '/metadata/labels/release', value: 'canary' },
    { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.25' },
    { op: 'remove', path: '/metadata/annotations/note' },
    { op: 'add', path: '/spec/containers/0/env/-', value: { name: 'C', value: '3' } },
    { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copied' },
    { op: 'move', from: '/metadata/labels/tier', path: '/metadata/labels/layer' },
  ]);
  assert.deepEqual(out.metadata.labels, { app: 'web', release: 'canary', copied: 'web', layer: 'frontend' });
  assert.deepEqual(out.metadata.annotations, {});
  assert.equal(out.spec.containers[0].image, 'nginx:1.25');
  assert.deepEqual(out.spec.containers[0].env.map((e: { name: string }) => e.name), ['A', 'B', 'C']);
});

test('json patch: a raw string body is parsed', () => {
  const out = applyPatch('Pod', pod(), 'json', '[{"op":"replace","path":"/spec/containers/1/image","value":"busybox:1.37"}]');
  assert.equal(out.spec.containers[1].image, 'busybox:1.37');
});

test('json patch: invalid patches are PatchErrors', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['failed test', [{ op: 'test', path: '/metadata/name', value: 'other' }], /test operation failed/],
    ['test fails after earlier ops', [{ op: 'add', path: '/metadata/labels/x', value: '1' }, { op: 'test', path: '/metadata/labels/x', value: '2' }], /test operation failed \(operation 1/],
    ['unknown op', [{ op: 'frobnicate', path: '/metadata/name' }], /invalid json patch/],
    ['missing value', [{ op: 'add', path: '/metadata/labels/x' }], /invalid json patch/],
    ['remove missing key', [{ op: 'remove', path: '/metadata/labels/nope' }], /invalid json patch/],
    ['replace missing key', [{ op: 'replace', path: '/spec/nope/deeper', value: 1 }], /invalid json patch/],
    ['add under missing parent', [{ op: 'add', path: '/spec/a/b', value: 1 }], /invalid json patch/],
    ['array index out of bounds', [{ op: 'add', path: '/spec/containers/9', value: {} }], /invalid json patch/],
    ['not an array', { op: 'add', path: '/x', value: 1 }, /must be an array/],
    ['leaves a non-object', [{ op: 'replace', path: '', value: 5 }], /must leave an object/],
    ['removes metadata', [{ op: 'remove', path: '/metadata' }], /must not remove metadata/],
    ['touches __proto__', [{ op: 'add', path: '/__proto__/polluted', value: 1 }], /json patch/],
    ['malformed JSON text', '[{"op":', /not valid JSON/],
  ];
  for (const [name, patch, message] of cases) {
    assert.throws(
      () => applyPatch('Pod', pod(), 'json', patch),
      (err: unknown) => err instanceof PatchError && err instanceof EdgeplaneError && err.code === 'BadPatch' && message.test(err.message),
      name,
    );
  }
});

test('json patch: a failed patch leaves nothing half-applied', () => {
  const original = pod();
  const before = structuredClone(original);
  assert.throws(() =>
    applyPatch('Pod', original, 'json', [
      { op: 'add', path: '/metadata/labels/x', value: '1' },
      { op: 'test', path: '/metadata/name', value: 'nope' },
    ]),
  );
  assert.deepEqual(original, before);
});
