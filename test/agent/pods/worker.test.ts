// The executor against a scripted fake runtime: what it emits on a failing
// pull, and that runtime errors never escape the loop.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EdgeplaneError } from '../../../shared/errors.js';
import { PodWorker } from '../../../agent/pods/worker.js';
import type { PodStatus } from '../../../agent/pods/status.js';
import type { PodEvent } from '../../../agent/pods/events.js';
import type { ContainerInfo, ContainerRuntime, ContainerSpec, ContainerStatus } from '../../../agent/runtime/types.js';
import { pod, T0 } from './fixtures.js';

class FakeRuntime implements ContainerRuntime {
  readonly name = 'fake';
  containers = new Map<string, { spec: ContainerSpec; status: ContainerStatus }>();
  pullFails = true;
  listFails = false;
  async version() { return '1.0'; }
  async imageExists() { return false; }
  async ensureImage(ref: string) {
    if (this.pullFails) throw new EdgeplaneError('ErrImagePull', `pulling ${ref}: not found`);
  }
  async createContainer(spec: ContainerSpec) {
    this.containers.set(spec.id, { spec, status: { id: spec.id, state: 'created' } });
  }
  async startContainer(id: string) {
    this.containers.get(id)!.status = { id, state: 'running', startedAt: new Date(T0) };
  }
  async stopContainer(id: string) {
    const c = this.containers.get(id);
    if (c) c.status = { id, state: 'exited', exitCode: 137 };
  }
  async removeContainer(id: string) { this.containers.delete(id); }
  async listContainers(sel: Record<string, string> = {}): Promise<ContainerInfo[]> {
    if (this.listFails) throw new EdgeplaneError('RuntimeError', 'containerd is down');
    return [...this.containers.values()]
      .filter((c) => Object.entries(sel).every(([k, v]) => c.spec.labels?.[k] === v))
      .map((c) => ({ id: c.spec.id, image: c.spec.image, labels: c.spec.labels ?? {} }));
  }
  async containerStatus(id: string) {
    const c = this.containers.get(id);
    if (!c) throw new EdgeplaneError('ContainerNotFound', id);
    return c.status;
  }
  async *logs() {}
  async exec() { return { exitCode: 0, stdout: '', stderr: '' }; }
}

describe('PodWorker (fake runtime)', () => {
  it('pull failure → ErrImagePull, then ImagePullBackOff, then Running once the pull works; errors never escape', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ep-worker-'));
    const rt = new FakeRuntime();
    let now = T0;
    const statuses: PodStatus[] = [];
    const events: PodEvent[] = [];
    const w = new PodWorker({
      runtime: rt,
      dataDir: dir,
      hostIP: '198.51.100.10',
      resyncMs: 3_600_000,
      now: () => now,
      onStatus: (_k, s) => statuses.push(s),
      onEvent: (e) => events.push(e),
    });
    try {
      await w.start();
      await w.syncNow();
      const p = pod({ hostNetwork: true });
      w.setDesired([p]);
      await w.syncNow(); // the sync that fails shows ErrImagePull ...
      await w.syncNow(); // ... the next one, still inside the back-off, ImagePullBackOff (kubelet)
      const reasons = () => statuses.map((s) => s.containerStatuses[0]!.state.waiting?.reason ?? s.phase);
      assert.ok(reasons().includes('ErrImagePull'), reasons().join());
      assert.equal(reasons().at(-1), 'ImagePullBackOff');
      assert.ok(events.some((e) => e.reason === 'Failed' && e.type === 'Warning' && /not found/.test(e.message)));

      rt.listFails = true;
      await w.syncNow(); // a failing relist becomes an event, not an exception
      assert.ok(events.some((e) => e.reason === 'FailedRelist'));
      rt.listFails = false;

      rt.pullFails = false;
      now += 10_000;
      await w.syncNow();
      const last = statuses.at(-1)!;
      assert.equal(last.phase, 'Running');
      assert.equal(last.podIP, '198.51.100.10', 'hostNetwork pods report the node IP');
      assert.ok(events.some((e) => e.reason === 'Pulling') && events.some((e) => e.reason === 'Started'));

      w.setDesired([]);
      await w.syncNow();
      assert.equal(rt.containers.size, 0);
    } finally {
      await w.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
