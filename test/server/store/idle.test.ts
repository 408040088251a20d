import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { collect, pod, podKey, withStore } from './fixtures.js';

async function fingerprint(dir: string): Promise<string> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const s = await stat(join(dir, name));
    out.push(`${name} ${s.size} ${s.mtimeMs}`);
  }
  return out.join('\n');
}

test('an idle store writes nothing (no timers)', async () => {
  const { store, dataDir, dispose } = await withStore({ snapshotThresholdBytes: 2048 });
  try {
    const w = collect(store, { resource: 'pods', fromRevision: 1 });
    for (let i = 0; i < 30; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
    await store.update(podKey('p1'), pod('p1', 'default', { x: 1 }));
    await store.idle(); // let a snapshot triggered by the writes finish
    const dir = join(dataDir, 'store');
    const stats = store.stats();
    const files = await fingerprint(dir);
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(await fingerprint(dir), files);
    const later = store.stats();
    assert.equal(later.bytesWritten, stats.bytesWritten);
    assert.equal(later.fsyncs, stats.fsyncs);
    // reads and watches do not write either
    await store.list('pods');
    await store.get(podKey('p1'));
    w.close();
    assert.equal(store.stats().bytesWritten, stats.bytesWritten);
  } finally {
    await dispose();
  }
});
