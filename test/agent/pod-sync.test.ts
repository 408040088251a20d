// The whole loop on real components: a Pod created through the API registry
// reaches the agent over MQTT (desired set), the pod worker runs it on real
// containerd with a CNI network inside a test node netns (no route out), and
// its status travels back over MQTT into the store.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '../../agent/agent.js';
import { PodStatusRelay, workerInput } from '../../agent/pod-sync.js';
import { PodWorker } from '../../agent/pods/worker.js';
import { CtrRuntime } from '../../agent/runtime/ctr.js';
import { CniNetwork } from '../../agent/network/cni.js';
import { podNetworkConfig } from '../../agent/network/cni-config.js';
import { deleteNetns } from '../../agent/network/netns.js';
import { sandboxName } from '../../agent/pods/labels.js';
import type { DesiredSet } from '../../shared/mqtt/messages.js';
import type { KubeObject } from '../../shared/api/object.js';
import { importTestImage, removeContainerdNamespace } from '../helpers/image.js';
import { createTestNode, randomSuffix, type TestNode } from '../helpers/netns.js';
import { NODE, POD, startFixture, waitFor, type Fixture } from '../server/broker/fixture.js';

describe('workerInput and PodStatusRelay', () => {
  const pod = (name: string, uid: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid }, spec: {} }) as KubeObject;

  it('turns a desired set into pods and a ConfigMap/Secret lookup', () => {
    const set: DesiredSet = {
      nodeName: 'n',
      revision: 3,
      pods: [pod('a', 'u1')],
      configMaps: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' }, data: { k: 'v' } } as KubeObject],
      secrets: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' } } as KubeObject],
    };
    const { pods, refs } = workerInput(set);
    assert.equal(pods.length, 1);
    assert.ok(refs instanceof Map && refs.size === 2);
  });

  it('reports only desired pods, by uid, and resends the latest on attach/flush', () => {
    const sent: string[] = [];
    const relay = new PodStatusRelay();
    relay.desired([pod('a', 'u1')]);
    relay.status('default/a', { phase: 'Pending' }); // not attached yet: kept
    relay.status('default/zzz', { phase: 'Running' }); // not desired: dropped
    relay.attach((ns, name, r) => sent.push(`${ns}/${name}:${r.uid}:${(r.status as any).phase}`));
    assert.deepEqual(sent, ['default/a:u1:Pending']);
    relay.status('default/a', { phase: 'Running' });
    relay.flush();
    assert.deepEqual(sent, ['default/a:u1:Pending', 'default/a:u1:Running', 'default/a:u1:Running']);
    // a new incarnation (other uid) forgets the old report
    relay.desired([pod('a', 'u2')]);
    sent.length = 0;
    relay.flush();
    assert.deepEqual(sent, []);
  });
});

describe('pod loop: API → MQTT → agent → containerd → status → API', () => {
  let f: Fixture;
  let node: TestNode;
  let dir: string;
  let agent: RunningAgent;
  let worker: PodWorker;
  let rt: CtrRuntime;
  let image: string;
  const ns = `edgeplane-test-${randomSuffix()}`;
  const uids: string[] = [];

  before(async () => {
    f = await startFixture();
    node = await createTestNode();
    dir = await mkdtemp(join(tmpdir(), 'ep-loop-'));
    rt = new CtrRuntime({ namespace: ns, stateDir: join(dir, 'state') });
    image = await importTestImage(ns);
    const relay = new PodStatusRelay();
    let latest: DesiredSet | undefined;
    const apply = (s: DesiredSet) => {
      const { pods, refs } = workerInput(s);
      for (const p of pods) if (p.metadata.uid && !uids.includes(p.metadata.uid)) uids.push(p.metadata.uid);
      relay.desired(pods);
      worker?.setDesired(pods, refs);
    };
    agent = await startAgent({
      server: `127.0.0.1:${f.mqttPort}`,
      token: f.joinToken,
      nodeName: 'loop-node',
      dataDir: join(dir, 'agent'),
      log: () => undefined,
      onDesired: (s) => {
        latest = s;
        apply(s);
      },
    });
    const n = await waitFor(async () => (await f.server.registry.get(NODE, '', 'loop-node').catch(() => undefined)) as any, 'node registered');
    const network = new CniNetwork({
      network: podNetworkConfig({ podCidr: n.spec.podCIDR, ipamDataDir: join(dir, 'ipam') }),
      cacheDir: join(dir, 'cni'),
      nodeNetns: node.name,
    });
    worker = new PodWorker({
      runtime: rt,
      network,
      dataDir: join(dir, 'pods'),
      nodeName: 'loop-node',
      hostIP: node.nodeIp,
      resyncMs: 300,
      onStatus: (key, s) => relay.status(key, s),
    });
    await worker.start();
    if (latest) apply(latest);
    relay.attach((namespace, pod, r) => agent.session.publishPodStatus(namespace, pod, r));
    agent.session.on('connect', () => relay.flush());
  });

  after(async () => {
    try {
      worker?.setDesired([]);
      await waitFor(async () => {
        await worker.syncNow();
        return (await rt.listContainers()).length === 0;
      }, 'cleanup', 30_000).catch(() => undefined);
      await worker?.stop();
      await agent?.close();
      await f?.dispose();
    } finally {
      await removeContainerdNamespace(ns);
      for (const uid of uids) await deleteNetns(sandboxName(uid)).catch(() => undefined);
      await node?.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs a pod bound to the node and reports it Running with its pod IP; deleting it removes the containers', async () => {
    await f.server.registry.create(POD, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'loop' },
      spec: { nodeName: 'loop-node', terminationGracePeriodSeconds: 2, containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
    });
    const running = await waitFor(
      async () => {
        const p = (await f.server.registry.get(POD, 'default', 'loop')) as any;
        return p.status?.phase === 'Running' && p.status.containerStatuses?.[0]?.ready ? p : undefined;
      },
      'pod Running in the store',
      60_000,
      200,
    );
    assert.match(running.status.podIP, /^10\.42\.\d+\.\d+$/);
    assert.equal(running.status.hostIP, node.nodeIp);
    assert.match(running.status.containerStatuses[0].containerID, /^containerd:\/\//);
    assert.equal((await rt.listContainers()).length, 1);

    await f.server.registry.delete(POD, 'default', 'loop');
    await waitFor(async () => (await rt.listContainers()).length === 0, 'containers removed after delete', 30_000, 200);
  });
});
