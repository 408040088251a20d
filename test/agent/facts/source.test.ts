import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { NodeFactsSource, staticFactsInWorker } from '../../../agent/facts/source.js';
import type { DynamicFacts } from '../../../agent/facts/metrics.js';

const threads = async () => (await readdir('/proc/self/task')).length;

const dynamic = (hostname = 'n1'): DynamicFacts => ({
  hostname,
  kernelVersion: '6.1.0',
  memoryBytes: 4 << 30,
  memoryAvailableBytes: 1 << 30,
  diskBytes: 32e9,
  diskAvailableBytes: 16e9,
  internalIPs: ['192.0.2.7'],
});

describe('node facts source', () => {
  it('collects the static facts in a worker thread that does not stay', async () => {
    await readFile('/proc/self/status'); // libuv's thread pool exists before the baseline
    const before = await threads();
    const s = await staticFactsInWorker();
    assert.equal(s.operatingSystem, 'linux');
    assert.notEqual(s.osImage, 'unknown');
    assert.ok(s.cpuCount >= 1);
    for (let i = 0; (await threads()) > before && i < 50; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok((await threads()) <= before, 'the worker thread has exited');
  });

  it('combines static facts (collected once) with the changing ones (every refresh)', async () => {
    let statics = 0;
    let host = 'n1';
    const src = new NodeFactsSource({
      intervalMs: 3_600_000,
      collectStatic: async () => (statics++, { operatingSystem: 'linux', osImage: 'Debian GNU/Linux 12', boardModel: 'Raspberry Pi 4 Model B Rev 1.4', cpuCount: 4 }),
      collectDynamic: async () => dynamic(host),
    });
    try {
      const c = await src.ready();
      assert.equal(c.facts.osImage, 'Debian GNU/Linux 12');
      assert.equal(c.facts.boardModel, 'Raspberry Pi 4 Model B Rev 1.4');
      assert.deepEqual(c.facts.addresses, [{ type: 'InternalIP', address: '192.0.2.7' }, { type: 'Hostname', address: 'n1' }]);
      assert.equal(c.metrics.memoryAvailableBytes, 1 << 30);
      host = 'n2';
      const updated = new Promise((r) => src.once('update', r));
      await src.refresh();
      await updated;
      assert.equal(src.latest()!.facts.hostname, 'n2');
      assert.equal(statics, 1);
    } finally {
      await src.close();
    }
  });

  it('reports with unknown static facts when their collection fails, and retries', async () => {
    let fail = true;
    const errors: Error[] = [];
    const src = new NodeFactsSource({
      intervalMs: 3_600_000,
      collectStatic: async () => {
        if (fail) throw new Error('boom');
        return { operatingSystem: 'linux', osImage: 'Alpine Linux 3.20', cpuCount: 2 };
      },
      collectDynamic: async () => dynamic(),
    });
    src.on('error', (e: Error) => errors.push(e));
    try {
      const c = await src.ready();
      assert.equal(c.facts.osImage, 'unknown');
      assert.equal(c.facts.hostname, 'n1');
      assert.equal(errors.length, 1);
      fail = false;
      assert.equal((await src.refresh()).facts.osImage, 'Alpine Linux 3.20');
    } finally {
      await src.close();
    }
  });
});
