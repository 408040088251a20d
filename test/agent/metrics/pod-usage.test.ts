// The sampler over a fake /proc and cgroup tree in a temp dir (cgroup v2
// layout): per-pod grouping, the first-sample gap, rates, forgetting
// containers that went away.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PodUsageSampler, type RunningContainer } from '../../../agent/metrics/pod-usage.js';

describe('PodUsageSampler', () => {
  let dir: string;
  let now = 0;
  const cg = (id: string) => join(dir, 'cgroup', 'ns', id);
  async function container(id: string, pid: number, usageUsec: number, current: number, inactive: number): Promise<void> {
    await mkdir(join(dir, 'proc', String(pid)), { recursive: true });
    await writeFile(join(dir, 'proc', String(pid), 'cgroup'), `0::/ns/${id}\n`);
    await mkdir(cg(id), { recursive: true });
    await writeFile(join(cg(id), 'cpu.stat'), `usage_usec ${usageUsec}\nuser_usec 0\n`);
    await writeFile(join(cg(id), 'memory.current'), `${current}\n`);
    await writeFile(join(cg(id), 'memory.stat'), `anon 1\ninactive_file ${inactive}\n`);
  }
  const rc = (pod: string, name: string, id: string, pid: number): RunningContainer => ({ podUid: `uid-${pod}`, podNamespace: 'default', podName: pod, name, id, pid });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ep-usage-'));
    await mkdir(join(dir, 'proc', 'self'), { recursive: true });
    await writeFile(join(dir, 'proc', 'self', 'mountinfo'), `35 24 0:30 / ${join(dir, 'cgroup')} rw - cgroup2 cgroup2 rw\n`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reports pods from the second sample on, one entry per container', async () => {
    const s = new PodUsageSampler({ procRoot: join(dir, 'proc'), now: () => now });
    await container('a1', 101, 1_000_000, 8 << 20, 2 << 20);
    await container('a2', 102, 0, 4 << 20, 0);
    await container('b1', 201, 500, 1 << 20, 0);
    const running = [rc('a', 'main', 'a1', 101), rc('a', 'side', 'a2', 102), rc('b', 'main', 'b1', 201)];
    now = 10_000;
    const first = await s.sample(running);
    assert.deepEqual(first.pods, []); // no rates yet
    now = 20_000;
    await container('a1', 101, 1_000_000 + 200_000, 8 << 20, 2 << 20); // 200 ms of CPU in 10 s = 20m
    await container('a2', 102, 10_000, 4 << 20, 0); // 1m
    const second = await s.sample(running);
    assert.equal(second.windowMs, 10_000);
    assert.equal(second.timestamp, 20_000);
    assert.deepEqual(second.pods, [
      {
        namespace: 'default',
        name: 'a',
        uid: 'uid-a',
        containers: [
          { name: 'main', cpuNanoCores: 20_000_000, memoryWorkingSetBytes: 6 << 20 },
          { name: 'side', cpuNanoCores: 1_000_000, memoryWorkingSetBytes: 4 << 20 },
        ],
      },
      { namespace: 'default', name: 'b', uid: 'uid-b', containers: [{ name: 'main', cpuNanoCores: 0, memoryWorkingSetBytes: 1 << 20 }] },
    ]);
  });

  it('a restarted container (new id) waits for its own second sample; a pod is never reported half', async () => {
    const s = new PodUsageSampler({ procRoot: join(dir, 'proc'), now: () => now });
    await container('c1', 301, 0, 1 << 20, 0);
    await container('c2', 302, 0, 1 << 20, 0);
    now = 0;
    await s.sample([rc('c', 'main', 'c1', 301), rc('c', 'side', 'c2', 302)]);
    now = 10_000;
    await container('c3', 303, 0, 1 << 20, 0); // side restarted: new id
    const r = await s.sample([rc('c', 'main', 'c1', 301), rc('c', 'side', 'c3', 303)]);
    assert.deepEqual(r.pods, []);
    now = 20_000;
    const r2 = await s.sample([rc('c', 'main', 'c1', 301), rc('c', 'side', 'c3', 303)]);
    assert.deepEqual(r2.pods.map((p) => p.containers.map((c) => c.name)), [['main', 'side']]);
  });

  it('an unreadable cgroup leaves its pod out instead of failing the sample', async () => {
    const s = new PodUsageSampler({ procRoot: join(dir, 'proc'), now: () => now });
    const running = [rc('d', 'main', 'gone', 999), rc('b', 'main', 'b1', 201)];
    now = 0;
    await s.sample(running);
    now = 10_000;
    const r = await s.sample(running);
    assert.deepEqual(r.pods.map((p) => p.name), ['b']);
  });
});
