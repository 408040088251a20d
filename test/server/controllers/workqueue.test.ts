import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from '../../../server/controllers/workqueue.js';

describe('WorkQueue', () => {
  it('deduplicates waiting keys and reruns a key re-added while processing', async () => {
    const runs: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = new WorkQueue(async (k) => {
      runs.push(k);
      if (k === 'a' && runs.filter((x) => x === 'a').length === 1) await gate;
    });
    q.add('a');
    q.add('a'); // a is processing: marked dirty, runs once more afterwards
    q.add('b');
    q.add('b'); // b is waiting: deduplicated
    release();
    await q.idle();
    assert.deepEqual(runs.sort(), ['a', 'a', 'b']);
  });

  it('retries failures with growing backoff until success', async () => {
    const times: number[] = [];
    const errors: string[] = [];
    const q = new WorkQueue(
      async () => {
        times.push(Date.now());
        if (times.length < 4) throw new Error(`fail ${times.length}`);
      },
      { baseDelayMs: 10, maxDelayMs: 1000, onError: (_k, e) => errors.push((e as Error).message) },
    );
    q.add('k');
    await q.idle();
    assert.equal(times.length, 4);
    assert.deepEqual(errors, ['fail 1', 'fail 2', 'fail 3']);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // backoff doubles: each gap at least the scheduled delay (10, 20, 40 ms)
    assert.ok(gaps[0] >= 9 && gaps[1] >= 19 && gaps[2] >= 39, `gaps ${gaps}`);
  });

  it('stop() drops pending work and timers', async () => {
    let n = 0;
    const q = new WorkQueue(async () => {
      n++;
      throw new Error('x');
    }, { baseDelayMs: 50 });
    q.add('k');
    await new Promise((r) => setTimeout(r, 10));
    q.stop();
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(n, 1);
  });
});
