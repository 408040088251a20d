import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pod, podKey, withStore } from './fixtures.js';

test('1,000 concurrent creates share a few fsyncs', async () => {
  const { store, dispose } = await withStore();
  try {
    const before = store.stats();
    const created = await Promise.all(Array.from({ length: 1000 }, (_, i) => store.create(podKey(`p${i}`), pod(`p${i}`))));
    const after = store.stats();
    assert.equal(created.length, 1000);
    assert.equal(new Set(created.map((o) => o.metadata.resourceVersion)).size, 1000);
    assert.equal(after.writes - before.writes, 1000);
    assert.equal(after.revision, 1001);
    const fsyncs = after.fsyncs - before.fsyncs;
    const commits = after.commits - before.commits;
    assert.ok(fsyncs <= 10, `fsyncs: ${fsyncs}`);
    assert.ok(commits <= 10, `commits: ${commits}`);
    assert.equal((await store.list('pods')).items.length, 1000);
  } finally {
    await dispose();
  }
});

test('writers that arrive while an fsync is in flight are batched into the next one', async () => {
  const { store, dispose } = await withStore();
  try {
    // 50 independent writers, each doing 20 sequential creates: 1,000 writes.
    const before = store.stats();
    await Promise.all(
      Array.from({ length: 50 }, async (_, w) => {
        for (let i = 0; i < 20; i++) await store.create(podKey(`w${w}-${i}`), pod(`w${w}-${i}`));
      }),
    );
    const after = store.stats();
    assert.equal(after.writes - before.writes, 1000);
    const commits = after.commits - before.commits;
    assert.ok(commits < 500, `commits: ${commits} (expected well under one per write)`);
    assert.equal(after.fsyncs - before.fsyncs, commits, 'one fsync per commit');
  } finally {
    await dispose();
  }
});
