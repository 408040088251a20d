// The pull path end to end: Debian's docker-registry on 127.0.0.1 (plain
// HTTP, temp storage), the test image pushed over the OCI distribution API,
// and the real ctr adapter + pod worker pulling from it. Loopback only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { removeContainerdNamespace } from '../../helpers/image.js';
import { randomSuffix } from '../../helpers/netns.js';
import { startRegistry, type TestRegistry } from '../../helpers/oci-push.js';
import { CtrRuntime } from '../../../agent/runtime/ctr.js';
import { PodWorker } from '../../../agent/pods/worker.js';
import type { PodStatus } from '../../../agent/pods/status.js';
import type { PodEvent } from '../../../agent/pods/events.js';
import type { PullProgress } from '../../../agent/runtime/types.js';
import type { KubeObject } from '../../../shared/api/object.js';
import { drainWorker, until } from '../pods/worker-fixture.js';

async function rejectsWith(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error & { code?: string }) => {
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    // One readable line, no ANSI noise from ctr's progress table.
    assert.doesNotMatch(e.message, /\x1b|\n/);
    return true;
  });
}

describe('image pull from a loopback registry (ctr)', () => {
  const ns = `edgeplane-pull-${randomSuffix()}`;
  let registry: TestRegistry;
  let dir: string;
  let rt: CtrRuntime;
  let ref: string;

  before(async () => {
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'ep-pull-'));
    rt = new CtrRuntime({ namespace: ns, stateDir: join(dir, 'state') });
    ref = await registry.pushTestImage('edgeplane/busybox', 'v1');
  });

  after(async () => {
    try {
      await registry?.destroy();
    } finally {
      await removeContainerdNamespace(ns);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('IfNotPresent pulls once, with progress, then uses the local image', async () => {
    assert.equal(await rt.imageExists(ref), false);
    const progress: PullProgress[] = [];
    await rt.ensureImage(ref, 'IfNotPresent', (p) => progress.push(p));
    assert.ok(progress.length > 0, 'progress callback called');
    assert.ok(progress.some((p) => p.message.includes(ref) || /sha256|done|resolv/i.test(p.message)), JSON.stringify(progress));
    assert.equal(await rt.imageExists(ref), true);

    // Present: no second pull, so it works without the registry.
    await registry.stop();
    try {
      const again: PullProgress[] = [];
      await rt.ensureImage(ref, 'IfNotPresent', (p) => again.push(p));
      assert.deepEqual(again, []);
      // Always goes back to the registry even though the image is present.
      await rejectsWith(rt.ensureImage(ref, 'Always'), 'ErrImagePull', new RegExp(`pulling ${ref}: .*(connect|refused|dial)`));
    } finally {
      await registry.pushTestImage('edgeplane/busybox', 'v1'); // restarts it
    }
    const always: PullProgress[] = [];
    await rt.ensureImage(ref, 'Always', (p) => always.push(p));
    assert.ok(always.length > 0, 'Always re-resolved the image');
  });

  it('runs a container from the pulled image', async () => {
    const id = `pulled-${randomSuffix()}`;
    await rt.createContainer({ id, image: ref, command: ['echo', 'from-registry'], netns: 'host' });
    try {
      await rt.startContainer(id);
      await until('exit', async () => (await rt.containerStatus(id)).state === 'exited');
      let out = '';
      for await (const l of rt.logs(id)) out += l;
      assert.match(out, /from-registry/);
    } finally {
      await rt.removeContainer(id);
    }
  });

  it('Never with a missing image fails with ErrImageNeverPull', async () => {
    await rejectsWith(rt.ensureImage(`${registry.host}/edgeplane/busybox:never`, 'Never'), 'ErrImageNeverPull', /not present/);
  });

  it('a missing tag fails with ErrImagePull and says not found', async () => {
    await rejectsWith(rt.ensureImage(`${registry.host}/edgeplane/busybox:nope`, 'IfNotPresent'), 'ErrImagePull', /not found/);
  });

  it('a stopped registry fails with ErrImagePull and says the connection failed', async () => {
    await registry.stop();
    try {
      await rejectsWith(rt.ensureImage(`${registry.host}/edgeplane/other:v1`, 'IfNotPresent'), 'ErrImagePull', /connect|refused|dial/);
    } finally {
      await registry.pushTestImage('edgeplane/busybox', 'v1');
    }
  });
});

describe('pod worker pulling from a loopback registry', () => {
  const ns = `edgeplane-pullpod-${randomSuffix()}`;
  let registry: TestRegistry;
  let dir: string;
  let rt: CtrRuntime;
  let worker: PodWorker;
  const uid = randomUUID();
  const events: PodEvent[] = [];
  const history: PodStatus[] = [];

  before(async () => {
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'ep-pullpod-'));
    rt = new CtrRuntime({ namespace: ns, stateDir: join(dir, 'state') });
    worker = new PodWorker({
      runtime: rt,
      dataDir: join(dir, 'data'),
      nodeName: 'node-a',
      hostIP: '127.0.0.1',
      resyncMs: 300,
      restartBackoff: { baseMs: 500, maxMs: 4000 },
      pullBackoff: { baseMs: 500, maxMs: 2000 },
      failureRetryMs: 500,
      onStatus: (key, s) => {
        if (key === 'default/pulled') history.push(s);
      },
      onEvent: (e) => events.push(e),
    });
    await worker.start();
  });

  after(async () => {
    try {
      await drainWorker(worker, rt);
    } finally {
      await registry?.destroy();
      await removeContainerdNamespace(ns);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows ErrImagePull then ImagePullBackOff until the image is pushed, then runs', async () => {
    const image = `${registry.host}/edgeplane/late:v1`;
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pulled', namespace: 'default', uid },
      spec: {
        nodeName: 'node-a',
        hostNetwork: true,
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 1,
        containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }],
      },
    };
    worker.setDesired([pod]);
    const reasons = () => history.map((s) => s.containerStatuses[0]?.state.waiting?.reason).filter(Boolean);
    await until('ErrImagePull', () => reasons().includes('ErrImagePull'));
    const backoff = await until('ImagePullBackOff', () =>
      history.find((s) => s.containerStatuses[0]?.state.waiting?.reason === 'ImagePullBackOff'));
    assert.match(backoff.containerStatuses[0]!.state.waiting!.message!, /Back-off pulling image .*not found/);
    assert.equal(backoff.phase, 'Pending');
    const order = reasons();
    assert.ok(order.indexOf('ErrImagePull') < order.indexOf('ImagePullBackOff'), order.join(','));

    const mine = () => events.filter((e) => e.pod.uid === uid);
    await until('BackOff event', () => mine().some((e) => e.reason === 'BackOff'));
    const pulling = mine().find((e) => e.reason === 'Pulling');
    assert.equal(pulling?.type, 'Normal');
    assert.equal(pulling?.container, 'main');
    const failed = mine().find((e) => e.reason === 'Failed');
    assert.equal(failed?.type, 'Warning');
    assert.match(failed!.message, /Failed to pull image .*not found/);
    assert.match(mine().find((e) => e.reason === 'BackOff')!.message, /Back-off pulling image/);

    await registry.pushTestImage('edgeplane/late', 'v1');
    const running = await until('Running', () => {
      const s = worker.status('default/pulled');
      return s?.phase === 'Running' && s.containerStatuses[0]?.state.running ? s : undefined;
    });
    assert.equal(running.containerStatuses[0]!.image, image);
    assert.ok(mine().some((e) => e.reason === 'Pulled' && /Successfully pulled/.test(e.message)));
  });
});
