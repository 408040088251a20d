import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openJsonStore, StoreError, type JsonFileStore } from '../../../server/store/index.js';
import { pod, podKey, removeDir, tempDataDir } from './fixtures.js';

async function journals(dataDir: string): Promise<string[]> {
  return (await readdir(join(dataDir, 'store'))).filter((n) => n.startsWith('journal-')).sort();
}

async function dump(store: JsonFileStore): Promise<unknown> {
  return { revision: store.revision(), pods: (await store.list('pods')).items, nodes: (await store.list('nodes')).items };
}

/** Writes a mix of creates, updates and deletes; returns nothing, state is compared by dump(). */
async function workload(store: JsonFileStore, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await store.create(podKey(`p${i}`, `ns${i % 3}`), pod(`p${i}`, `ns${i % 3}`));
    if (i % 4 === 0) await store.update(podKey(`p${i}`, `ns${i % 3}`), pod(`p${i}`, `ns${i % 3}`, { updated: i }));
    if (i % 7 === 0) await store.delete(podKey(`p${i}`, `ns${i % 3}`));
  }
  await store.create({ resource: 'nodes', namespace: '', name: 'n1' }, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
}

const unavailable = (re: RegExp) => (err: unknown) => err instanceof StoreError && err.code === 'Unavailable' && re.test(err.message) && err.cause !== undefined;

test('clean close and reopen: same state and revision, nothing to replay', async () => {
  const dataDir = await tempDataDir();
  try {
    const a = await openJsonStore({ dataDir });
    await workload(a, 40);
    const before = await dump(a);
    await a.close();
    const b = await openJsonStore({ dataDir });
    assert.deepEqual(await dump(b), before);
    assert.equal(b.stats().replayedRecords, 0, 'close() snapshotted');
    assert.equal(b.stats().journalBytes, 0);
    await b.create(podKey('after'), pod('after'));
    assert.equal(b.revision(), (before as { revision: number }).revision + 1);
    await b.close();
  } finally {
    await removeDir(dataDir);
  }
});

test('snapshot after the threshold, then journal replay of the rest (no clean close)', async () => {
  const dataDir = await tempDataDir();
  try {
    const a = await openJsonStore({ dataDir, snapshotThresholdBytes: 4096 });
    await workload(a, 60);
    await a.idle();
    const st = a.stats();
    assert.ok(st.snapshots >= 2, `snapshots: ${st.snapshots}`);
    assert.ok(st.snapshotRevision > 1 && st.snapshotRevision <= st.revision);
    assert.ok((await journals(dataDir)).length <= 2, 'covered segments were deleted');
    const before = await dump(a);
    // Simulate a crash: copy the files as they are while the store is open, and open the copy.
    const copy = await tempDataDir();
    try {
      await cp(join(dataDir, 'store'), join(copy, 'store'), { recursive: true, filter: (src) => !src.endsWith('LOCK') });
      const b = await openJsonStore({ dataDir: copy, snapshotThresholdBytes: 4096 });
      assert.deepEqual(await dump(b), before);
      assert.equal(b.stats().replayedRecords, st.revision - b.stats().snapshotRevision);
      assert.ok(b.stats().replayedRecords > 0);
      await b.close();
    } finally {
      await removeDir(copy);
    }
    await a.close();
  } finally {
    await removeDir(dataDir);
  }
});

test('torn journal tail is cut off; every acknowledged record survives', async () => {
  const dataDir = await tempDataDir();
  try {
    const a = await openJsonStore({ dataDir });
    await workload(a, 20);
    const before = await dump(a);
    const [seg] = await journals(dataDir);
    const path = join(dataDir, 'store', seg);
    const size = (await readFile(path)).length;
    // Simulate a crash after this (no close): a half-written record at the tail.
    await crashClose(a);
    await appendFile(path, '123 deadbeef {"r":99,"op":"c","res":"pods","ns":"de');
    const b = await openJsonStore({ dataDir });
    assert.deepEqual(await dump(b), before);
    assert.equal((await readFile(path)).length, size, 'tail truncated');
    assert.match(b.repairs.join('\n'), /torn tail/);
    await b.create(podKey('next'), pod('next'));
    await b.close();
    const c = await openJsonStore({ dataDir });
    assert.ok(await c.get(podKey('next')));
    await c.close();
  } finally {
    await removeDir(dataDir);
  }
});

/** Leaves the journal as a crash would (no closing snapshot). */
async function crashClose(store: JsonFileStore): Promise<void> {
  const s = store as unknown as { journal: { close(): Promise<void> }; lock: { release(): Promise<void> } };
  await store.idle();
  await s.journal.close();
  await s.lock.release();
}

test('zero-filled tail (power loss after size update) is a torn tail', async () => {
  const dataDir = await tempDataDir();
  try {
    const a = await openJsonStore({ dataDir });
    await workload(a, 10);
    const before = await dump(a);
    await crashClose(a);
    const [seg] = await journals(dataDir);
    await appendFile(join(dataDir, 'store', seg), Buffer.alloc(4096));
    const b = await openJsonStore({ dataDir });
    assert.deepEqual(await dump(b), before);
    await b.close();
  } finally {
    await removeDir(dataDir);
  }
});

test('a damaged record followed by intact ones fails the open with a clear error', async () => {
  const dataDir = await tempDataDir();
  try {
    const a = await openJsonStore({ dataDir });
    await workload(a, 10);
    await crashClose(a);
    const [seg] = await journals(dataDir);
    const path = join(dataDir, 'store', seg);
    const buf = await readFile(path);
    const third = buf.indexOf('"name":"p2"'); // inside a record in the middle
    buf[third + 9] = 'X'.charCodeAt(0);
    await writeFile(path, buf);
    await assert.rejects(openJsonStore({ dataDir }), unavailable(/corrupt at byte \d+: checksum mismatch; an intact record follows/));
    // the lock was released by the failed open
    await assert.rejects(openJsonStore({ dataDir }), unavailable(/corrupt/));
  } finally {
    await removeDir(dataDir);
  }
});

test('damage in an older (fully synced) segment fails the open', async () => {
  const dataDir = await tempDataDir();
  try {
    const a = await openJsonStore({ dataDir, snapshotThresholdBytes: 1024 });
    // Make the snapshot fail so older segments are kept, then damage the first one.
    await mkdir(join(dataDir, 'store', 'snapshot.json.tmp')); // open(tmp, 'w') now fails with EISDIR
    await workload(a, 10);
    await a.idle();
    assert.match(a.stats().lastSnapshotError ?? '', /EISDIR/, 'snapshot failures are reported, not fatal');
    assert.equal(a.stats().failed, false);
    await crashClose(a);
    await rm(join(dataDir, 'store', 'snapshot.json.tmp'), { recursive: true });
    const segs = await journals(dataDir);
    assert.ok(segs.length >= 2, `segments: ${segs}`);
    const path = join(dataDir, 'store', segs[0]);
    const buf = await readFile(path);
    await writeFile(path, buf.subarray(0, buf.length - 5)); // torn, but not the newest segment
    await assert.rejects(openJsonStore({ dataDir }), unavailable(/not the newest segment/));
  } finally {
    await removeDir(dataDir);
  }
});

test('a missing segment (revision gap) fails the open', async () => {
  const dataDir = await tempDataDir();
  try {
    const a = await openJsonStore({ dataDir, snapshotThresholdBytes: 1024 });
    await mkdir(join(dataDir, 'store', 'snapshot.json.tmp'));
    await workload(a, 10);
    await crashClose(a);
    await rm(join(dataDir, 'store', 'snapshot.json.tmp'), { recursive: true });
    const segs = await journals(dataDir);
    await rm(join(dataDir, 'store', segs[1]));
    await assert.rejects(openJsonStore({ dataDir }), unavailable(/missing/));
  } finally {
    await removeDir(dataDir);
  }
});

test('a damaged snapshot fails the open with a clear error', async () => {
  const dataDir = await tempDataDir();
  try {
    const a = await openJsonStore({ dataDir });
    await workload(a, 5);
    await a.close();
    const path = join(dataDir, 'store', 'snapshot.json');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, text.length / 2));
    await assert.rejects(openJsonStore({ dataDir }), unavailable(/snapshot .* cannot be loaded/));
  } finally {
    await removeDir(dataDir);
  }
});

test('a second open of the same directory fails while the first holds the lock', async () => {
  const dataDir = await tempDataDir();
  try {
    const a = await openJsonStore({ dataDir });
    await assert.rejects(openJsonStore({ dataDir }), unavailable(/locked by another process \(pid \d+/));
    await a.close();
    const b = await openJsonStore({ dataDir }); // released on close
    await b.close();
    // a lock left by a dead process is stale and taken over
    await writeFile(join(dataDir, 'store', 'LOCK'), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const c = await openJsonStore({ dataDir });
    await c.close();
  } finally {
    await removeDir(dataDir);
  }
});

test('a failed fsync makes the store fail-stop with Unavailable', async () => {
  const dataDir = await tempDataDir();
  let failNext = false;
  try {
    const a = await openJsonStore({ dataDir, injectSyncError: () => (failNext ? new Error('EIO: injected') : undefined) });
    await a.create(podKey('a'), pod('a'));
    failNext = true;
    const results = await Promise.allSettled([a.create(podKey('b'), pod('b')), a.create(podKey('c'), pod('c'))]);
    for (const r of results) assert.ok(r.status === 'rejected' && unavailable(/refuses writes/)(r.reason));
    failNext = false;
    await assert.rejects(a.create(podKey('d'), pod('d')), unavailable(/refuses writes/));
    assert.equal(a.stats().failed, true);
    assert.ok(await a.get(podKey('a')), 'reads keep working');
    assert.equal(await a.get(podKey('b')), undefined, 'unacknowledged writes are not visible');
    await a.close();
  } finally {
    await removeDir(dataDir);
  }
});
