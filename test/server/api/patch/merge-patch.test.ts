import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, PatchError } from '../../../../server/api/patch/index.js';
import { deployment, pod } from './fixtures.js';

test('merge patch: kubectl label (set one label, null deletes another)', () => {
  // kubectl label pod web app=v2 tier-
  const out = applyPatch('Pod', pod(), 'merge', { metadata: { labels: { app: 'v2', tier: null } } });
  assert.deepEqual(out.metadata.labels, { app: 'v2' });
  assert.deepEqual(out.metadata.annotations, { note: 'x' });
});

test('merge patch: kubectl scale sets spec.replicas', () => {
  const out = applyPatch('Deployment', deployment(), 'merge', { spec: { replicas: 5 } });
  assert.equal(out.spec.replicas, 5);
  assert.equal(out.spec.template.spec.containers.length, 2);
});

const rfc7386Cases: Array<[string, unknown, (o: any) => void]> = [
  ['lists are replaced wholesale', { spec: { containers: [{ name: 'only', image: 'x' }] } }, (o) =>
    assert.deepEqual(o.spec.containers, [{ name: 'only', image: 'x' }])],
  ['null for an absent key is a no-op', { metadata: { labels: { missing: null } } }, (o) =>
    assert.deepEqual(o.metadata.labels, { app: 'web', tier: 'frontend' })],
  ['a new nested object drops its nulls', { spec: { dnsConfig: { nameservers: ['1.1.1.1'], searches: null } } }, (o) =>
    assert.deepEqual(o.spec.dnsConfig, { nameservers: ['1.1.1.1'] })],
  ['an object replaces a scalar', { metadata: { annotations: { note: { a: 1 } } } }, (o) =>
    assert.deepEqual(o.metadata.annotations.note, { a: 1 })],
  ['an empty patch changes nothing', {}, (o) => assert.deepEqual(o, pod())],
  ['null deletes a whole subtree', { status: null }, (o) => assert.equal('status' in o, false)],
];

for (const [name, patch, check] of rfc7386Cases) {
  test(`merge patch (RFC 7386): ${name}`, () => check(applyPatch('Pod', pod(), 'merge', patch)));
}

test('merge patch: kubectl rollout pause/resume', () => {
  const paused = applyPatch('Deployment', deployment(), 'merge', { spec: { paused: true } });
  assert.equal(paused.spec.paused, true);
  const resumed = applyPatch('Deployment', paused, 'merge', { spec: { paused: null } });
  assert.equal('paused' in resumed.spec, false);
});

test('merge patch: a non-object patch is a PatchError', () => {
  for (const patch of [[{ op: 'add' }], 'null', 5, null]) {
    assert.throws(() => applyPatch('Pod', pod(), 'merge', patch), PatchError, JSON.stringify(patch));
  }
});
