// Crash safety with a real process: a child writes as fast as it can and is
// SIGKILLed at a random moment; the parent reopens the store and checks that it
// loads and that every acknowledged write is there. The same data dir is reused
// across iterations, so damage from one crash would surface in the next.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openJsonStore } from '../../../server/store/index.js';
import { podKey, removeDir, tempDataDir } from './fixtures.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'crash-child.js');

interface Acked {
  created: Set<string>;
  deleted: Set<string>;
  /** deletes issued, acknowledged or not */
  deleting: Set<string>;
  counter: number;
}

async function runAndKill(dataDir: string, tag: string, threshold: number, acked: Acked): Promise<void> {
  const child = spawn(process.execPath, [CHILD, dataDir, tag, String(threshold)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EDGEPLANE_STORE_CRASH_CHILD: '1' },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = once(child, 'exit');
  // Kill at a random moment after the store is open and writing.
  const ready = new Promise<void>((resolve) => {
    const check = () => (out.includes('READY') ? resolve() : setTimeout(check, 1));
    check();
  });
  await Promise.race([ready, exited]);
  await new Promise((r) => setTimeout(r, 20 + Math.random() * 400));
  child.kill('SIGKILL');
  const [code, signal] = await exited;
  assert.equal(signal, 'SIGKILL', `child exited by itself (code ${code}): ${err}`);
  const lines = out.split('\n');
  lines.pop(); // an unterminated last line was not fully printed
  for (const line of lines) {
    const [kind, arg] = line.split(' ');
    if (kind === 'C') acked.created.add(arg);
    else if (kind === 'D') acked.deleted.add(arg);
    else if (kind === 'X') acked.deleting.add(arg);
    else if (kind === 'U') acked.counter = Math.max(acked.counter, Number(arg));
  }
}

async function verify(dataDir: string, acked: Acked): Promise<void> {
  const store = await openJsonStore({ dataDir });
  try {
    for (const name of acked.created) {
      const obj = await store.get(podKey(name, 'crash'));
      if (acked.deleted.has(name)) assert.equal(obj, undefined, `acknowledged delete of ${name} lost`);
      else if (!acked.deleting.has(name)) assert.ok(obj, `acknowledged create of ${name} lost`);
    }
    const counter = await store.get(podKey('counter', 'crash'));
    if (acked.counter > 0) assert.ok(counter && counter.spec.value >= acked.counter, `counter ${counter?.spec.value} < acked ${acked.counter}`);
    const list = await store.list('pods', 'crash');
    for (const o of list.items) assert.ok(Number(o.metadata.resourceVersion) <= store.revision());
  } finally {
    await store.close();
  }
}

for (const [label, threshold] of [
  ['default snapshot threshold (journal replay)', 64 * 1024 * 1024],
  ['tiny snapshot threshold (kills during snapshot writing)', 8 * 1024],
] as const) {
  test(`SIGKILL at random moments never loses an acknowledged write: ${label}`, async (t) => {
    const dataDir = await tempDataDir();
    const acked: Acked = { created: new Set(), deleted: new Set(), deleting: new Set(), counter: 0 };
    let midSnapshot = 0;
    try {
      for (let i = 0; i < 6; i++) {
        await runAndKill(dataDir, `it${i}`, threshold, acked);
        if (existsSync(join(dataDir, 'store', 'snapshot.json.tmp'))) midSnapshot++;
        await verify(dataDir, acked);
      }
      assert.ok(acked.created.size > 100, `only ${acked.created.size} writes acknowledged`);
      t.diagnostic(`${acked.created.size} acknowledged creates; ${midSnapshot} of 6 kills hit a snapshot being written`);
    } finally {
      await removeDir(dataDir);
    }
  });
}
