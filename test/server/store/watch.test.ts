import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openJsonStore, StoreError, type StoreEvent } from '../../../server/store/index.js';
import { collect, pod, podKey, removeDir, settle, tempDataDir, until, withStore } from './fixtures.js';

const isExpired = (err: unknown) => err instanceof StoreError && err.code === 'Expired';

test('a watcher sees the exact revision sequence of interleaved writes', async () => {
  const { store, dispose } = await withStore();
  try {
    const all = collect(store, { resource: 'pods', fromRevision: store.revision() });
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      writes.push(store.create(podKey(`p${i}`, i % 2 ? 'odd' : 'even'), pod(`p${i}`)));
      if (i % 5 === 4) writes.push(store.create({ resource: 'services', namespace: 'even', name: `s${i}` }, pod(`s${i}`)));
    }
    await Promise.all(writes);
    for (let i = 0; i < 50; i += 3) await store.update(podKey(`p${i}`, i % 2 ? 'odd' : 'even'), pod(`p${i}`, 'x', { n: i }));
    const events = await all.waitFor(50 + 17);
    await settle();
    assert.equal(events.length, 67);
    for (let i = 1; i < events.length; i++) assert.ok(events[i].revision > events[i - 1].revision, 'strictly increasing');
    for (const e of events) assert.equal(e.object.metadata.resourceVersion, String(e.revision));
    // services interleave with pods in revision space: the pod sequence skips exactly their revisions
    const svcs = collect(store, { resource: 'services', fromRevision: 1 });
    const svcEvents = await svcs.waitFor(10);
    const revs = new Set([...events.map((e) => e.revision), ...svcEvents.map((e) => e.revision)]);
    assert.equal(revs.size, store.revision() - 1, 'pods + services cover every revision once');
    all.close();
    svcs.close();
  } finally {
    await dispose();
  }
});

test('watch from an older revision replays history, then continues live', async () => {
  const { store, dispose } = await withStore();
  try {
    for (let i = 0; i < 5; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
    const w = collect(store, { resource: 'pods', fromRevision: 3 });
    await store.create(podKey('live'), pod('live'));
    const events = await w.waitFor(4);
    assert.deepEqual(events.map((e) => e.revision), [4, 5, 6, 7]);
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'ADDED', 'ADDED', 'ADDED']);
    w.close();
  } finally {
    await dispose();
  }
});

test('Expired when history is compacted', async () => {
  const { store, dispose } = await withStore({ historySize: 3 });
  try {
    for (let i = 0; i < 6; i++) await store.create(podKey(`p${i}`), pod(`p${i}`)); // revisions 2..7, ring keeps 5,6,7
    assert.throws(() => store.watch({ resource: 'pods', fromRevision: 3 }, () => {}), isExpired);
    assert.throws(() => store.watch({ resource: 'pods', fromRevision: 1 }, () => {}), isExpired);
    const w = collect(store, { resource: 'pods', fromRevision: 4 });
    assert.deepEqual((await w.waitFor(3)).map((e) => e.revision), [5, 6, 7]);
    w.close();
  } finally {
    await dispose();
  }
});

test('after a restart only a watch from the current revision (or later) is possible', async () => {
  const dataDir = await tempDataDir();
  try {
    let store = await openJsonStore({ dataDir });
    for (let i = 0; i < 3; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
    await store.close();
    store = await openJsonStore({ dataDir });
    assert.equal(store.revision(), 4);
    assert.throws(() => store.watch({ resource: 'pods', fromRevision: 3 }, () => {}), isExpired);
    assert.throws(() => store.watch({ resource: 'pods', fromRevision: 0 }, () => {}), isExpired);
    const w = collect(store, { resource: 'pods', fromRevision: 4 });
    await store.create(podKey('next'), pod('next'));
    assert.deepEqual((await w.waitFor(1)).map((e) => e.revision), [5]);
    w.close();
    await store.close();
  } finally {
    await removeDir(dataDir);
  }
});

test('namespace filter; MODIFIED and DELETED carry prevObject', async () => {
  const { store, dispose } = await withStore();
  try {
    const ns = collect(store, { resource: 'pods', namespace: 'a', fromRevision: 1 });
    const any = collect(store, { resource: 'pods', namespace: '', fromRevision: 1 });
    await store.create(podKey('x', 'b'), pod('x', 'b'));
    const c = await store.create(podKey('x', 'a'), pod('x', 'a'));
    const u = await store.update(podKey('x', 'a'), pod('x', 'a', { v: 2 }), c.metadata.resourceVersion);
    const d = await store.delete(podKey('x', 'a'));
    const events: StoreEvent[] = await ns.waitFor(3);
    await any.waitFor(4);
    await settle();
    assert.equal(events.length, 3);
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
    assert.equal(events[0].prevObject, undefined);
    assert.equal(events[1].prevObject, c);
    assert.equal(events[1].object, u);
    assert.equal(events[2].prevObject, u);
    assert.equal(events[2].object.metadata.resourceVersion, String(events[2].revision));
    assert.equal(events[2].object.metadata.resourceVersion, d.metadata.resourceVersion);
    assert.deepEqual(events[2].object.spec, u.spec, 'DELETED carries the last state');
    assert.ok(Object.isFrozen(events[2].object.metadata));
    assert.equal(any.events.length, 4);
    ns.close();
    any.close();
  } finally {
    await dispose();
  }
});

test('delivery is asynchronous and close stops it', async () => {
  const { store, dispose } = await withStore();
  try {
    let seen = 0;
    const w = store.watch({ resource: 'pods', fromRevision: 1 }, () => seen++);
    const p = store.create(podKey('a'), pod('a'));
    assert.equal(seen, 0, 'not delivered inside the caller stack');
    await p;
    await until(() => seen === 1);
    w.close();
    w.close(); // idempotent
    await store.create(podKey('b'), pod('b'));
    await settle();
    assert.equal(seen, 1);
    assert.equal(store.stats().watchers, 0);
  } finally {
    await dispose();
  }
});

test('pause/resume and maxBacklog: a stuck watcher is closed with onError, writers never wait', async () => {
  const { store, dispose } = await withStore();
  try {
    const got: number[] = [];
    const w = store.watch({ resource: 'pods', fromRevision: 1 }, (e) => got.push(e.revision));
    w.pause!();
    await store.create(podKey('a'), pod('a'));
    await store.create(podKey('b'), pod('b'));
    await settle();
    assert.deepEqual(got, []);
    assert.equal(w.backlog!(), 2);
    w.resume!();
    await until(() => got.length === 2);
    assert.deepEqual(got, [2, 3]);
    w.close();

    let error: StoreError | undefined;
    const stuck = store.watch({ resource: 'pods', fromRevision: store.revision(), maxBacklog: 5, onError: (e) => (error = e) }, () => {});
    stuck.pause!();
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.create(podKey(`s${i}`), pod(`s${i}`))));
    await until(() => error !== undefined);
    assert.equal(error!.code, 'Unavailable');
    assert.match(error!.message, /undelivered/);
    assert.equal(store.stats().watchers, 0);
  } finally {
    await dispose();
  }
});

test('a throwing callback closes only its own watch', async () => {
  const { store, dispose } = await withStore();
  try {
    let error: StoreError | undefined;
    store.watch({ resource: 'pods', fromRevision: 1, onError: (e) => (error = e) }, () => {
      throw new Error('boom');
    });
    const ok = collect(store, { resource: 'pods', fromRevision: 1 });
    await store.create(podKey('a'), pod('a'));
    await store.create(podKey('b'), pod('b'));
    await ok.waitFor(2);
    await until(() => error !== undefined);
    assert.equal((error!.cause as Error).message, 'boom');
    assert.equal(store.stats().watchers, 1);
    ok.close();
  } finally {
    await dispose();
  }
});

test('closing the store ends its watches with onError', async () => {
  const { store, dispose } = await withStore();
  const w = collect(store, { resource: 'pods', fromRevision: 1 });
  await dispose();
  await until(() => w.errors.length === 1);
  assert.equal(w.errors[0].code, 'Unavailable');
});
