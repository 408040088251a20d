// Pod usage from real containers: the pod worker runs a pod on real
// containerd (ctr + runc) in a containerd namespace of its own, and the
// sampler reads the container's cgroup (v1 or v2, whichever this host has)
// from the pid the worker's relist observed. hostNetwork: no network set up.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { importTestImage, removeContainerdNamespace } from '../../helpers/image.js';
import { randomSuffix } from '../../helpers/netns.js';
import { CtrRuntime } from '../../../agent/runtime/ctr.js';
import { PodWorker } from '../../../agent/pods/worker.js';
import { PodUsageSampler } from '../../../agent/metrics/pod-usage.js';
import type { KubeObject } from '../../../shared/api/object.js';
import { drainWorker, until } from '../pods/worker-fixture.js';

describe('pod usage from the cgroups of real containers', () => {
  const ns = `edgeplane-test-${randomSuffix()}`;
  let dir: string;
  let rt: CtrRuntime;
  let worker: PodWorker;
  let image: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ep-usage-'));
    rt = new CtrRuntime({ namespace: ns, stateDir: join(dir, 'state') });
    image = await importTestImage(ns);
    worker = new PodWorker({ runtime: rt, dataDir: join(dir, 'data'), nodeName: 'node-a', resyncMs: 300, onStatus: () => undefined });
    await worker.start();
  });

  after(async () => {
    try {
      await drainWorker(worker, rt);
    } finally {
      await removeContainerdNamespace(ns);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a running pod has non-zero memory and a CPU rate from its second sample', async (t) => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'busy', namespace: 'default', uid: randomUUID() },
      spec: {
        restartPolicy: 'Always',
        hostNetwork: true,
        terminationGracePeriodSeconds: 1,
        nodeName: 'node-a',
        // a little CPU at start (a short shell loop), then idle
        containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; exec sleep 3600'] }],
      },
    };
    worker.setDesired([pod]);
    const running = await until('the container running with a pid', () => {
      const rc = worker.runningContainers();
      return rc.length === 1 ? rc : undefined;
    });
    assert.equal(running[0]!.name, 'main');
    assert.equal(running[0]!.podName, 'busy');
    assert.ok(running[0]!.pid > 0);

    const sampler = new PodUsageSampler();
    const reading = await sampler.read(running[0]!.id, running[0]!.pid);
    assert.ok(reading, 'the cgroup of the container is readable');
    assert.ok(reading.memoryWorkingSetBytes > 0, `working set ${reading.memoryWorkingSetBytes}`);
    assert.ok(reading.cpu.usageNs > 0, `cpu ${reading.cpu.usageNs} ns`);

    const first = await sampler.sample(running);
    assert.deepEqual(first.pods, []);
    await sleep(200);
    const second = await sampler.sample(worker.runningContainers());
    assert.equal(second.pods.length, 1);
    const [c] = second.pods[0]!.containers;
    assert.equal(c!.name, 'main');
    assert.ok(c!.memoryWorkingSetBytes > 0);
    assert.ok(c!.cpuNanoCores >= 0);
    t.diagnostic(`working set ${c!.memoryWorkingSetBytes} B, cpu ${c!.cpuNanoCores} nanocores over ${second.windowMs} ms`);
  });
});
