import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_OBJECT_BYTES, StoreError } from '../../../server/store/index.js';
import { pod, podKey, withStore } from './fixtures.js';

function code(c: string) {
  return (err: unknown) => err instanceof StoreError && err.code === c;
}

test('revisions start at 1, grow by one per write and become resourceVersion', async () => {
  const { store, dispose } = await withStore();
  try {
    assert.equal(store.revision(), 1);
    const a = await store.create(podKey('a'), pod('a'));
    assert.equal(a.metadata.resourceVersion, '2');
    assert.equal(store.revision(), 2);
    const a2 = await store.update(podKey('a'), { ...structuredClone(a), spec: { changed: true } }, '2');
    assert.equal(a2.metadata.resourceVersion, '3');
    const b = await store.create(podKey('b'), pod('b'));
    assert.equal(b.metadata.resourceVersion, '4');
    const gone = await store.delete(podKey('a'), '3');
    assert.equal(gone.metadata.resourceVersion, '5');
    assert.deepEqual(gone.spec, { changed: true });
    assert.equal(store.revision(), 5);
    assert.equal(await store.get(podKey('a')), undefined);
    // the store only sets resourceVersion; uid etc. come from the caller
    assert.equal((await store.get(podKey('b')))!.metadata.uid, 'uid-default-b');
  } finally {
    await dispose();
  }
});

test('create/update/delete preconditions: AlreadyExists, NotFound, Conflict', async () => {
  const { store, dispose } = await withStore();
  try {
    await store.create(podKey('a'), pod('a'));
    await assert.rejects(store.create(podKey('a'), pod('a')), code('AlreadyExists'));
    await assert.rejects(store.update(podKey('nope'), pod('nope')), code('NotFound'));
    await assert.rejects(store.delete(podKey('nope')), code('NotFound'));
    await store.update(podKey('a'), pod('a', 'default', { v: 2 }), '2');
    await assert.rejects(store.update(podKey('a'), pod('a'), '2'), code('Conflict'));
    await assert.rejects(store.delete(podKey('a'), '2'), code('Conflict'));
    // no expected version (or '') = unconditional, as in Kubernetes
    const u = await store.update(podKey('a'), pod('a', 'default', { v: 3 }), '');
    assert.equal(u.metadata.resourceVersion, '4');
    assert.equal(store.revision(), 4, 'failed writes do not use revisions');
    const err = await store.create(podKey('a'), pod('a')).catch((e: unknown) => e);
    assert.ok(err instanceof StoreError);
    assert.deepEqual(err.key, podKey('a'));
  } finally {
    await dispose();
  }
});

test('concurrent updates with the same expected resourceVersion: exactly one wins', async () => {
  const { store, dispose } = await withStore();
  try {
    await store.create(podKey('a'), pod('a'));
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.update(podKey('a'), pod('a', 'default', { i }), '2')));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.ok(code('Conflict')(r.reason));
    // and a create racing a create of the same key
    const creates = await Promise.allSettled([store.create(podKey('b'), pod('b')), store.create(podKey('b'), pod('b'))]);
    assert.deepEqual(creates.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    // a delete pending in the same batch makes a following create legal
    const [d, c] = await Promise.all([store.delete(podKey('b')), store.create(podKey('b'), pod('b', 'default', { again: true }))]);
    assert.ok(Number(c.metadata.resourceVersion) > Number(d.metadata.resourceVersion));
  } finally {
    await dispose();
  }
});

test('list is sorted by namespace/name, filters by namespace and reports its revision', async () => {
  const { store, dispose } = await withStore();
  try {
    const names = [
      ['b', 'x'],
      ['a', 'z'],
      ['a', 'y'],
      ['c', 'a'],
      ['a', 'a'],
      ['ab', 'a'],
    ];
    for (const [ns, name] of names) await store.create(podKey(name, ns), pod(name, ns));
    await store.create({ resource: 'nodes', namespace: '', name: 'n1' }, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    const all = await store.list('pods');
    assert.deepEqual(
      all.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
      ['a/a', 'a/y', 'a/z', 'ab/a', 'b/x', 'c/a'],
    );
    assert.equal(all.revision, store.revision());
    assert.deepEqual((await store.list('pods', 'a')).items.map((o) => o.metadata.name), ['a', 'y', 'z']);
    assert.deepEqual((await store.list('pods', 'ab')).items.map((o) => o.metadata.name), ['a']);
    assert.deepEqual((await store.list('pods', 'none')).items, []);
    assert.deepEqual((await store.list('pods', '')).items.length, 6);
    assert.deepEqual((await store.list('nodes')).items.map((o) => o.metadata.name), ['n1']);
    assert.deepEqual((await store.list('secrets')).items, []);
    // the list array is the caller's; sorting it does not disturb the store
    all.items.reverse();
    assert.equal((await store.list('pods')).items[0].metadata.namespace, 'a');
  } finally {
    await dispose();
  }
});

test('returned objects are deep-frozen and independent of the caller input', async () => {
  const { store, dispose } = await withStore();
  try {
    const input = pod('a');
    const created = await store.create(podKey('a'), input);
    assert.equal(input.metadata.resourceVersion, undefined, 'input not modified');
    input.spec.containers[0].image = 'changed';
    const got = (await store.get(podKey('a')))!;
    assert.equal(got.spec.containers[0].image, 'busybox:1.36');
    assert.equal(got, created, 'reads return the stored instance (no clone)');
    for (const o of [got, got.metadata, got.metadata.labels, got.spec, got.spec.containers, got.spec.containers[0]]) assert.ok(Object.isFrozen(o));
    assert.throws(() => {
      (got.metadata as { name: string }).name = 'x';
    }, TypeError);
    const listed = (await store.list('pods')).items[0];
    assert.ok(Object.isFrozen(listed.spec.containers[0].args));
  } finally {
    await dispose();
  }
});

test('an object over 1.5 MiB is rejected with TooLarge and uses no revision', async () => {
  const { store, dispose } = await withStore();
  try {
    const big = pod('big', 'default', { blob: 'x'.repeat(MAX_OBJECT_BYTES) });
    await assert.rejects(store.create(podKey('big'), big), code('TooLarge'));
    assert.equal(store.revision(), 1);
    const fits = pod('fits', 'default', { blob: 'x'.repeat(MAX_OBJECT_BYTES - 1000) });
    await store.create(podKey('fits'), fits);
    // multi-byte characters count as bytes, not UTF-16 units
    const wide = pod('wide', 'default', { blob: 'é'.repeat(MAX_OBJECT_BYTES / 2 + 10) });
    await assert.rejects(store.create(podKey('wide'), wide), code('TooLarge'));
  } finally {
    await dispose();
  }
});

test('writes after close fail with Unavailable; reads too', async () => {
  const { store, dispose } = await withStore();
  await store.create(podKey('a'), pod('a'));
  await dispose();
  await assert.rejects(store.create(podKey('b'), pod('b')), code('Unavailable'));
  await assert.rejects(store.get(podKey('a')), code('Unavailable'));
});
