// The pod worker on real containerd (ctr), runc and CNI plugins, inside a
// node network namespace the test creates (no route out). Short back-offs
// keep the crash-loop test quick.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { importTestImage, removeContainerdNamespace } from '../../helpers/image.js';
import { createTestNode, randomSuffix, type TestNode } from '../../helpers/netns.js';
import { CtrRuntime } from '../../../agent/runtime/ctr.js';
import { run } from '../../../agent/runtime/run.js';
import { CniNetwork } from '../../../agent/network/cni.js';
import { podNetworkConfig } from '../../../agent/network/cni-config.js';
import { deleteNetns, netnsExists } from '../../../agent/network/netns.js';
import { PodWorker } from '../../../agent/pods/worker.js';
import { sandboxName, LABEL_POD_UID } from '../../../agent/pods/labels.js';
import { refKey } from '../../../agent/pods/refs.js';
import type { PodStatus } from '../../../agent/pods/status.js';
import type { PodEvent } from '../../../agent/pods/events.js';
import type { KubeObject } from '../../../shared/api/object.js';
import { drainWorker, until } from './worker-fixture.js';

const SUBNET = '10.42.9.0/24';

describe('pod worker on real containerd + CNI', () => {
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
  const refs = new Map<string, KubeObject>([
    [refKey('ConfigMap', 'default', 'www'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'www', namespace: 'default' }, data: { 'index.html': 'hello-pod' } }],
    [refKey('Secret', 'default', 'creds'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'default' }, data: { token: Buffer.from('s3cret').toString('base64') } }],
  ]);

  function makePod(name: string, spec: Record<string, unknown>): KubeObject {
    const uid = randomUUID();
    uids.push(uid);
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', uid },
      spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 2, nodeName: 'node-a', ...spec },
    };
  }
  const c = (name: string, command: string[], extra: Record<string, unknown> = {}) => ({ name, image, imagePullPolicy: 'IfNotPresent', command, ...extra });
  function apply(...pods: KubeObject[]): void {
    for (const p of pods) desired.set(p.metadata.name!, p);
    worker.setDesired([...desired.values()], refs);
  }
  function remove(name: string): void {
    desired.delete(name);
    worker.setDesired([...desired.values()], refs);
  }
  const statusOf = (name: string) => worker.status(`default/${name}`);
  const allocated = async () =>
    (await readdir(join(dir, 'ipam', 'edgeplane')).catch(() => [] as string[])).filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f));
  const veths = async () => (await node.exec(['ip', '-o', 'link', 'show', 'type', 'veth'])).stdout.trim();

  before(async () => {
    node = await createTestNode();
    dir = await mkdtemp(join(tmpdir(), 'ep-pods-'));
    rt = new CtrRuntime({ namespace: ns, stateDir: join(dir, 'state') });
    image = await importTestImage(ns);
    const network = new CniNetwork({
      network: podNetworkConfig({ podCidr: SUBNET, ipamDataDir: join(dir, 'ipam') }),
      cacheDir: join(dir, 'cni'),
      nodeNetns: node.name,
    });
    worker = new PodWorker({
      runtime: rt,
      network,
      dataDir: join(dir, 'data'),
      nodeName: 'node-a',
      hostIP: node.nodeIp,
      resyncMs: 300,
      // ctr's event stream is up: settled pods are relisted only on its events (unsettled ones every 300 ms)
      eventResyncMs: 3_600_000,
      restartBackoff: { baseMs: 500, maxMs: 4000 },
      pullBackoff: { baseMs: 500, maxMs: 4000 },
      failureRetryMs: 500,
      onStatus: (key, s) => history.set(key, [...(history.get(key) ?? []), s]),
      onEvent: (e) => events.push(e),
    });
    await worker.start();
  });

  after(async () => {
    try {
      await drainWorker(worker, rt);
    } finally {
      await removeContainerdNamespace(ns);
      for (const uid of uids) await deleteNetns(sandboxName(uid)).catch(() => undefined);
      await node.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs a two-container pod sharing the netns, with a configMap volume and env from a secret', async () => {
    const pod = makePod('web', {
      volumes: [{ name: 'www', configMap: { name: 'www' } }],
      containers: [
        c('httpd', ['httpd', '-f', '-p', '80', '-h', '/www'], { volumeMounts: [{ name: 'www', mountPath: '/www' }] }),
        c('client', ['sleep', '3600'], { env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }] }),
      ],
    });
    apply(pod);
    const s = await until('web Running', () => (statusOf('web')?.phase === 'Running' && statusOf('web')!.conditions.find((x) => x.type === 'Ready')?.status === 'True' ? statusOf('web') : undefined));
    assert.match(s.podIP!, /^10\.42\.9\.\d+$/);
    assert.equal(s.hostIP, node.nodeIp);
    assert.ok(s.startTime);
    assert.deepEqual(s.containerStatuses.map((x) => [x.name, x.ready, x.restartCount, !!x.state.running]), [['httpd', true, 0, true], ['client', true, 0, true]]);

    const client = s.containerStatuses[1]!.containerID!.replace('containerd://', '');
    // The second container reaches the first over the pod's shared loopback.
    let last = {};
    const local = await until('httpd on localhost', async () => {
      const r = await rt.exec(client, ['wget', '-q', '-O', '-', 'http://127.0.0.1/index.html']);
      last = r;
      return r.exitCode === 0 ? r.stdout : undefined;
    }, 10_000).catch((e) => assert.fail(`${e.message}: ${JSON.stringify(last)}`));
    assert.equal(local, 'hello-pod');
    assert.equal((await rt.exec(client, ['sh', '-c', 'echo -n $TOKEN'])).stdout, 's3cret');
    // The pod IP is reachable from the node namespace.
    const fromNode = await until('pod IP from node', async () => {
      const r = await node.exec(['curl', '-s', '--max-time', '2', `http://${s.podIP}/index.html`]);
      return r.exitCode === 0 ? r.stdout : undefined;
    }, 10_000);
    assert.equal(fromNode, 'hello-pod');
    assert.ok(events.some((e) => e.pod.name === 'web' && e.reason === 'Started' && e.container === 'httpd'));
    assert.ok(events.some((e) => e.pod.name === 'web' && e.reason === 'Pulled'));
  });

  it('settled pods cost no relist; a container killed behind its back is seen through ctr events', async () => {
    const before = worker.relists;
    await sleep(1500); // five short periods
    assert.equal(worker.relists, before, 'no periodic relist while every pod is settled and the event stream is up');
    const client = statusOf('web')!.containerStatuses[1]!.containerID!.replace('containerd://', '');
    await run('ctr', ['-n', ns, 'tasks', 'kill', '-s', 'SIGKILL', client]);
    const s = await until('client restarted', () => {
      const st = statusOf('web');
      return st?.containerStatuses[1]?.restartCount === 1 && st.containerStatuses[1].state.running ? st : undefined;
    }, 20_000);
    assert.equal(s.containerStatuses[0]!.restartCount, 0);
    assert.ok(worker.relists > before);
  });

  it('deleting the pod removes its containers and releases netns, veth and IP', async () => {
    const pod = desired.get('web')!;
    const uid = pod.metadata.uid!;
    assert.equal(await netnsExists(sandboxName(uid)), true);
    remove('web');
    await until('web containers gone', async () => ((await rt.listContainers({ [LABEL_POD_UID]: uid })).length === 0 ? true : undefined));
    await until('web netns gone', async () => (!(await netnsExists(sandboxName(uid))) ? true : undefined));
    await until('IP released', async () => ((await allocated()).length === 0 ? true : undefined));
    assert.equal(await veths(), '', 'no veth left in the node');
    assert.ok(events.some((e) => e.pod.name === 'web' && e.reason === 'Killing'));
  });

  it('restarts a crashing container with back-off: restartCount grows, CrashLoopBackOff shown', async () => {
    apply(makePod('crash', { containers: [c('boom', ['sh', '-c', 'exit 3'])] }));
    const s = await until('crash loop', () => {
      const st = statusOf('crash');
      const cs = st?.containerStatuses[0];
      return cs && cs.restartCount >= 2 && (history.get('default/crash') ?? []).some((h) => h.containerStatuses[0]?.state.waiting?.reason === 'CrashLoopBackOff') ? st : undefined;
    });
    assert.equal(s.phase, 'Running');
    const seen = history.get('default/crash')!.map((h) => h.containerStatuses[0]!).find((x) => x.state.waiting?.reason === 'CrashLoopBackOff')!;
    assert.equal(seen.lastState.terminated?.exitCode, 3);
    assert.equal(seen.lastState.terminated?.reason, 'Error');
    assert.ok(events.some((e) => e.pod.name === 'crash' && e.reason === 'Started'));
    remove('crash');
  });

  it('runs the init container before the app container', async () => {
    apply(makePod('init', {
      volumes: [{ name: 'work', emptyDir: {} }],
      initContainers: [c('prepare', ['sh', '-c', 'echo ready > /work/flag'], { volumeMounts: [{ name: 'work', mountPath: '/work' }] })],
      containers: [c('app', ['sh', '-c', 'test -f /work/flag && exec sleep 3600'], { volumeMounts: [{ name: 'work', mountPath: '/work' }] })],
    }));
    const s = await until('init pod Running', () => (statusOf('init')?.phase === 'Running' ? statusOf('init') : undefined));
    assert.equal(s.initContainerStatuses?.[0]?.state.terminated?.reason, 'Completed');
    assert.equal(s.containerStatuses[0]!.restartCount, 0, 'the app found the init container\'s file at once');
    assert.equal(s.conditions.find((x) => x.type === 'Initialized')?.status, 'True');
    const pending = history.get('default/init')!.find((h) => h.phase === 'Pending' && h.containerStatuses[0]?.state.waiting?.reason === 'PodInitializing');
    assert.ok(pending, 'app waited in PodInitializing');
    remove('init');
  });

  it('restartPolicy Never and exit 0 → Succeeded', async () => {
    apply(makePod('job', { restartPolicy: 'Never', containers: [c('once', ['sh', '-c', 'echo done'])] }));
    const s = await until('job Succeeded', () => (statusOf('job')?.phase === 'Succeeded' ? statusOf('job') : undefined));
    assert.equal(s.containerStatuses[0]!.state.terminated?.reason, 'Completed');
    assert.equal(s.containerStatuses[0]!.restartCount, 0);
    const uid = desired.get('job')!.metadata.uid!;
    // kubelet releases a terminal pod's sandbox; the pod IP stays in its status.
    await until('job netns released', async () => (!(await netnsExists(sandboxName(uid))) ? true : undefined));
    await until('job IP released', async () => ((await allocated()).length === 0 ? true : undefined));
    assert.match(statusOf('job')!.podIP ?? '', /^10\.42\.9\.\d+$/);
    assert.equal(statusOf('job')!.phase, 'Succeeded');
    remove('job');
  });

  it('image pull failure: ErrImagePull, then ImagePullBackOff', async () => {
    // Loopback port 1: nothing listens, so the pull fails at once without leaving the host.
    apply(makePod('nopull', { containers: [{ name: 'x', image: '127.0.0.1:1/absent:1', imagePullPolicy: 'IfNotPresent', command: ['true'] }] }));
    await until('ImagePullBackOff', () => {
      const reasons = (history.get('default/nopull') ?? []).map((h) => h.containerStatuses[0]?.state.waiting?.reason);
      return reasons.includes('ErrImagePull') && reasons.includes('ImagePullBackOff') ? true : undefined;
    });
    assert.equal(statusOf('nopull')?.phase, 'Pending');
    assert.ok(events.some((e) => e.pod.name === 'nopull' && e.reason === 'Failed' && e.type === 'Warning'));
    remove('nopull');
  });

  it('removes a container in its namespace that belongs to no pod', async () => {
    const id = `stray-${randomSuffix()}`;
    await rt.createContainer({ id, image, command: ['sleep', '3600'] });
    await rt.startContainer(id);
    await until('orphan removed', async () => (!(await rt.listContainers()).some((x) => x.id === id) ? true : undefined));
  });

  it('leaves nothing behind once every pod is gone', async () => {
    await until('all containers gone', async () => ((await rt.listContainers()).length === 0 ? true : undefined)).catch(async (e) =>
      assert.fail(`${e.message}: ${JSON.stringify(await rt.listContainers())} ${JSON.stringify(events.filter((x) => x.type === 'Warning').slice(-5))}`));
    for (const uid of uids) await until(`netns ${uid} gone`, async () => (!(await netnsExists(sandboxName(uid))) ? true : undefined));
    assert.deepEqual(await allocated(), []);
    assert.equal(await veths(), '');
    assert.deepEqual(await readdir(join(dir, 'data', 'pods')).catch(() => []), []);
  });
});
