import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, PatchError } from '../../../../server/api/patch/index.js';
import { pod } from './fixtures.js';

test('strategic: invalid patches are PatchErrors with a clear message', () => {
  const cases: Array<[string, string, unknown, RegExp]> = [
    ['kind without a schema', 'Widget', { spec: {} }, /not supported for kind "Widget"/],
    ['not an object', 'Pod', [{ op: 'add' }], /must be a JSON object/],
    ['list element without its merge key', 'Pod', { spec: { containers: [{ image: 'x' }] } }, /does not contain declared merge key: name/],
    ['delete directive without merge key', 'Pod', { spec: { containers: [{ $patch: 'delete' }] } }, /merge key: name/],
    ['unknown $patch in a map', 'Pod', { metadata: { labels: { $patch: 'frobnicate' } } }, /unknown patch type/],
    ['unknown $patch in a list', 'Pod', { spec: { containers: [{ name: 'nginx', $patch: 'frobnicate' }] } }, /unknown patch type/],
    ['$setElementOrder not a list', 'Pod', { spec: { '$setElementOrder/containers': 'nginx' } }, /setElementOrder/],
    ['$setElementOrder without field', 'Pod', { spec: { '$setElementOrder/': [] } }, /setElementOrder/],
    [
      'patch list out of $setElementOrder order',
      'Pod',
      { spec: { '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }], containers: [{ name: 'sidecar' }, { name: 'nginx' }] } },
      /doesn't match \$setElementOrder/,
    ],
    ['$retainKeys not a list', 'Pod', { spec: { $retainKeys: 'x' } }, /retainKeys/],
    ['field set but not retained', 'Pod', { spec: { $retainKeys: ['containers'], nodeName: 'n1' } }, /nodeName is set but not listed/],
    ['$deleteFromPrimitiveList not a list', 'Pod', { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } }, /primitive list/],
    ['$deleteFromPrimitiveList on a replace list', 'Pod', { spec: { containers: [{ name: 'sidecar', '$deleteFromPrimitiveList/command': ['sleep'] }] } }, /not a list with patch strategy merge/],
    ['mixed element types', 'Pod', { metadata: { finalizers: [1] } }, /not identical/],
    ['malformed JSON body', 'Pod', '{"spec":', /not valid JSON/],
  ];
  for (const [name, kind, patch, message] of cases) {
    assert.throws(
      () => applyPatch(kind, pod(), 'strategic', patch),
      (err: unknown) => err instanceof PatchError && err.code === 'BadPatch' && message.test(err.message),
      name,
    );
  }
});
