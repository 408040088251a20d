// Probes through the pod worker on real containerd (ctr), runc and CNI, in a
// node network namespace the test creates: readiness drives the container's
// ready flag and the pod's Ready/ContainersReady conditions; a failed
// liveness probe restarts the container (restartCount, lastState, events).
// Exec probes: the pods' IPs live inside the test node namespace, which the
// test process (root namespace) must not and cannot reach.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { importTestImage, removeContainerdNamespace } from '../../helpers/image.js';
import { createTestNode, randomSuffix, type TestNode } from '../../helpers/netns.js';
import { eventually } from '../../helpers/server.js';
import { CtrRuntime } from '../../../agent/runtime/ctr.js';
import { CniNetwork } from '../../../agent/network/cni.js';
import { podNetworkConfig } from '../../../agent/network/cni-config.js';
import { deleteNetns } from '../../../agent/network/netns.js';
import { PodWorker } from '../../../agent/pods/worker.js';
import { sandboxName } from '../../../agent/pods/labels.js';
import { statusChanged, type PodStatus } from '../../../agent/pods/status.js';
import type { PodEvent } from '../../../agent/pods/events.js';
import type { KubeObject } from '../../../shared/api/object.js';

const SUBNET = '10.42.17.0/24';
// ctr exec is two processes on a busy 2-core machine: probe timeouts are generous, periods short.
const EXEC = { periodSeconds: 1, timeoutSeconds: 15 };

describe('probes in the pod worker on real containerd', () => {
  const ns = `edgeplane-test-${randomSuffix()}`;
  let node: TestNode;
  let dir: string;
  let rt: CtrRuntime;
  let worker: PodWorker;
  let image: string;
  const desired = new Map<string, KubeObject>();
  const uids: string[] = [];
  const history = new Map<string, PodStatus[]>();
  const events: PodEvent[] = [];

  function makePod(name: string, spec: Record<string, unknown>): KubeObject {
    const uid = randomUUID();
    uids.push(uid);
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', uid },
      spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 1, nodeName: 'node-a', ...spec },
    };
  }
  function apply(p: KubeObject): void {
    desired.set(p.metadata.name!, p);
    worker.setDesired([...desired.values()]);
  }
  const statusOf = (name: string) => worker.status(`default/${name}`);
  const cond = (name: string, type: string) => statusOf(name)?.conditions.find((c) => c.type === type)?.status;
  const idOf = (name: string) => statusOf(name)!.containerStatuses[0]!.containerID!.replace('containerd://', '');

  before(async () => {
    node = await createTestNode();
    dir = await mkdtemp(join(tmpdir(), 'ep-probes-'));
    rt = new CtrRuntime({ namespace: ns, stateDir: join(dir, 'state') });
    image = await importTestImage(ns);
    worker = new PodWorker({
      runtime: rt,
      network: new CniNetwork({
        network: podNetworkConfig({ podCidr: SUBNET, ipamDataDir: join(dir, 'ipam') }),
        cacheDir: join(dir, 'cni'),
        nodeNetns: node.name,
      }),
      dataDir: join(dir, 'data'),
      nodeName: 'node-a',
      hostIP: node.nodeIp,
      resyncMs: 500,
      restartBackoff: { baseMs: 500, maxMs: 2000 },
      onStatus: (key, s) => history.set(key, [...(history.get(key) ?? []), s]),
      onEvent: (e) => events.push(e),
    });
    await worker.start();
  });

  after(async () => {
    try {
      worker.setDesired([]);
      await eventually(async () => {
        await worker.syncNow();
        return (await rt.listContainers()).length === 0;
      }, 'cleanup', 30_000).catch(() => undefined);
      await worker.stop();
    } finally {
      await removeContainerdNamespace(ns);
      for (const uid of uids) await deleteNetns(sandboxName(uid)).catch(() => undefined);
      await node.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('readiness: not Ready until `grep -q yes /tmp/ready` passes, Ready after, not Ready again when it fails', async () => {
    apply(
      makePod('ready', {
        containers: [{ name: 'app', image, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'], readinessProbe: { exec: { command: ['grep', '-q', 'yes', '/tmp/ready'] }, ...EXEC, failureThreshold: 1 } }],
      }),
    );
    await eventually(async () => statusOf('ready')?.phase === 'Running', 'Running', 60_000);
    const s = statusOf('ready')!;
    assert.deepEqual([s.containerStatuses[0]!.ready, s.containerStatuses[0]!.started], [false, true], 'running but not ready');
    assert.equal(cond('ready', 'Ready'), 'False');
    assert.equal(cond('ready', 'ContainersReady'), 'False');

    // not ready before any result; wait for a real failure before making the probe pass
    const failed = () => events.some((e) => e.pod.name === 'ready' && e.reason === 'Unhealthy' && /^Readiness probe failed: grep: \/tmp\/ready: No such file or directory/.test(e.message));
    await eventually(async () => failed(), 'a failed readiness probe', 60_000);
    await rt.exec(idOf('ready'), ['sh', '-c', 'echo yes > /tmp/ready']);
    await eventually(async () => cond('ready', 'Ready') === 'True', 'Ready', 60_000);
    assert.equal(cond('ready', 'ContainersReady'), 'True');
    assert.equal(statusOf('ready')!.containerStatuses[0]!.ready, true);

    await rt.exec(idOf('ready'), ['sh', '-c', 'echo no > /tmp/ready']);
    await eventually(async () => cond('ready', 'Ready') === 'False', 'not Ready again', 60_000);
    assert.equal(statusOf('ready')!.containerStatuses[0]!.restartCount, 0, 'readiness never restarts');
    assert.ok(failed());

    // Published only when changed: no two consecutive statuses are the same.
    const h = history.get('default/ready')!;
    for (let i = 1; i < h.length; i++) assert.ok(statusChanged(h[i - 1], h[i]!), `status ${i} repeats ${i - 1}`);
  });

  it('liveness: a failed probe restarts the container (restartCount, lastState, Unhealthy and Killing events)', async () => {
    apply(
      makePod('live', {
        containers: [{ name: 'app', image, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'], livenessProbe: { exec: { command: ['sh', '-c', 'if [ -f /tmp/sick ]; then echo sick; exit 1; fi'] }, ...EXEC, failureThreshold: 1 } }],
      }),
    );
    await eventually(async () => statusOf('live')?.phase === 'Running' && cond('live', 'Ready') === 'True', 'Running and Ready', 60_000);
    const first = idOf('live');
    await rt.exec(first, ['touch', '/tmp/sick']);
    // The new container has a fresh filesystem: healthy again, so it stays up.
    await eventually(async () => {
      const c = statusOf('live')?.containerStatuses[0];
      return !!c && c.restartCount === 1 && !!c.state.running && c.ready;
    }, 'restarted once and running', 90_000);
    const c = statusOf('live')!.containerStatuses[0]!;
    assert.notEqual(idOf('live'), first);
    assert.equal(c.lastState.terminated?.containerID, `containerd://${first}`);
    assert.notEqual(c.lastState.terminated?.exitCode, 0, 'killed');
    const mine = events.filter((e) => e.pod.name === 'live');
    assert.ok(mine.some((e) => e.type === 'Warning' && e.reason === 'Unhealthy' && e.message === 'Liveness probe failed: sick' && e.container === 'app'), JSON.stringify(mine));
    assert.ok(mine.some((e) => e.type === 'Normal' && e.reason === 'Killing' && e.message === 'Container app failed liveness probe, will be restarted'));
    desired.delete('live');
    worker.setDesired([...desired.values()]);
  });

  it('startup: not started (nor ready) while the startup probe fails; failing for good restarts the container', async () => {
    apply(
      makePod('start', {
        containers: [{ name: 'app', image, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'], startupProbe: { exec: { command: ['test', '-f', '/tmp/started'] }, ...EXEC, failureThreshold: 2 } }],
      }),
    );
    await eventually(async () => statusOf('start')?.phase === 'Running', 'Running', 60_000);
    const c0 = statusOf('start')!.containerStatuses[0]!;
    assert.deepEqual([c0.started, c0.ready], [false, false]);
    await eventually(async () => (statusOf('start')?.containerStatuses[0]?.restartCount ?? 0) >= 1, 'restarted after the startup probe failed', 90_000);
    const mine = events.filter((e) => e.pod.name === 'start');
    assert.ok(mine.some((e) => e.reason === 'Unhealthy' && e.message.startsWith('Startup probe failed')), JSON.stringify(mine));
    assert.ok(mine.some((e) => e.reason === 'Killing' && e.message === 'Container app failed startup probe, will be restarted'));
    assert.ok(!(history.get('default/start') ?? []).some((h) => h.containerStatuses[0]?.started), 'never reported started');
  });
});
