// End to end on real components: an `edgeplane server` process and two
// `edgeplane agent` processes, each agent in its own network namespace on a
// test LAN (TEST-NET-2 only, no route out), running pods on real containerd
// with CNI. Covers: pods start and are reachable on their IP, logs and exec
// through the API and edgectl, crash-loop backoff with --previous logs,
// deletion releasing everything, a dead agent seen as NotReady while its pods
// keep running, an agent restart while the server is down, and convergence
// after a server restart.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { api, EDGECTL_BIN, eventually } from '../helpers/server.js';
import { E2eCluster, PODS } from '../helpers/e2e-cluster.js';
import { TEST_IMAGE } from '../helpers/image.js';
import { containerId, sandboxName } from '../../agent/pods/labels.js';

const idPrefix = (uid: string) => containerId(uid, 'x', 0).slice(0, -4);

describe('two agents on real containerd in network namespaces', { timeout: 600_000 }, () => {
  let c: E2eCluster;
  const edgectl = (...args: string[]) => c.edgectl(...args);
  const getPod = (name: string) => c.getPod(name);
  const ready = (node: string) => c.nodeReady(node);
  const ctr = (ns: string, ...args: string[]) => c.ctr(ns, ...args);
  const runningTasks = (ns: string) => c.runningTasks(ns);
  const createPod = (name: string, node: string, container: Record<string, unknown>) => c.createPod(name, node, container);
  const running = (name: string) => c.running(name);

  before(async () => {
    c = await E2eCluster.start(['e2e-a', 'e2e-b']);
  });

  after(async () => {
    await c?.destroy();
  });

  it('both nodes join and become Ready with their --node-ip', async () => {
    try {
      await eventually(async () => (await ready('e2e-a')) === 'True' && (await ready('e2e-b')) === 'True', 'nodes Ready', 60_000);
    } catch (e) {
      for (const n of Object.values(c.nodes)) console.error(n.agent?.output());
      throw e;
    }
    const a = (await api(c.server, 'GET', '/api/v1/nodes/e2e-a')).body;
    assert.equal(a.status.addresses.find((x: any) => x.type === 'InternalIP').address, c.nodes['e2e-a']!.node.ip);
    assert.match(a.spec.podCIDR, /^10\.42\.\d+\.0\/24$/);
  });

  it('runs a pod reachable on its pod IP from its node', async () => {
    await createPod('web', 'e2e-a', { command: ['httpd', '-f', '-p', '8080', '-h', '/etc'] });
    await running('web');
    const p = await getPod('web');
    const cidr = (await api(c.server, 'GET', '/api/v1/nodes/e2e-a')).body.spec.podCIDR.split('.').slice(0, 3).join('.');
    assert.ok(p.status.podIP.startsWith(cidr + '.'), `${p.status.podIP} in ${cidr}`);
    assert.equal(p.status.hostIP, c.nodes['e2e-a']!.node.ip);
    let last = '';
    await eventually(async () => {
      const r = await c.nodes['e2e-a']!.node.httpGet(`http://${p.status.podIP}:8080/passwd`);
      last = r.error ?? r.body;
      return r.ok && r.body.includes('root:x:0:0');
    }, 'HTTP from the node to the pod IP').catch((e) => assert.fail(`${e.message}: ${last}`));
  });

  it('serves logs (tail, follow) through the API and edgectl', async () => {
    await createPod('talker', 'e2e-b', { command: ['sh', '-c', 'i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done'] });
    await running('talker');
    await eventually(async () => (await edgectl('logs', 'talker')).stdout.includes('line 3'), 'some log lines');
    const tail = await edgectl('logs', 'talker', '--tail', '2');
    assert.equal(tail.exitCode, 0, tail.stderr);
    assert.equal(tail.stdout.trim().split('\n').length, 2);
    const raw = await api(c.server, 'GET', `${PODS}/talker/log?tailLines=1`);
    assert.equal(raw.status, 200);
    assert.match(String(raw.body), /^line \d+\n$/);
    // follow: new lines keep arriving on one request
    const follow = execa(process.execPath, [EDGECTL_BIN, '--kubeconfig', c.server.kubeconfig, 'logs', '-f', '--tail', '1', 'talker'], { reject: false, stdin: 'ignore' });
    let out = '';
    follow.stdout!.on('data', (d) => (out += d));
    await eventually(async () => out.trim().split('\n').length >= 4, 'followed lines', 30_000);
    follow.kill('SIGINT');
    await follow;
    const nums = out.trim().split('\n').map((l) => Number(l.split(' ')[1]));
    for (let i = 1; i < nums.length; i++) assert.equal(nums[i], nums[i - 1]! + 1, `consecutive lines: ${out}`);
    // errors are Status objects with kubectl's wording
    const bad = await api(c.server, 'GET', `${PODS}/talker/log?container=nope`);
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /container nope is not valid for pod talker/);
    const badTail = await edgectl('logs', 'talker', '--tail', 'x');
    assert.notEqual(badTail.exitCode, 0);
  });

  it('execs commands with stdout, stderr and the exit code', async () => {
    const ok = await edgectl('exec', 'web', '--', 'cat', '/etc/group');
    assert.equal(ok.exitCode, 0, ok.stderr);
    assert.match(ok.stdout, /^root:x:0:/);
    const err = await edgectl('exec', 'web', '--', 'sh', '-c', 'echo oops >&2; exit 3');
    assert.equal(err.exitCode, 3);
    assert.match(err.stderr, /oops/);
    const missing = await edgectl('exec', 'nosuchpod', '--', 'true');
    assert.equal(missing.exitCode, 1);
    assert.match(missing.stderr, /pods "nosuchpod" not found/);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    // real kubectl speaks the same WebSocket protocol
    const kubectl = await execa('kubectl', ['--kubeconfig', c.server.kubeconfig, 'exec', 'web', '--', 'sh', '-c', 'echo from-kubectl; exit 4'], { reject: false, stdin: 'ignore', timeout: 60_000 });
    if (kubectl.exitCode !== undefined && !/ENOENT/.test(String(kubectl.stderr))) {
      assert.match(kubectl.stdout, /from-kubectl/);
      assert.equal(kubectl.exitCode, 4, kubectl.stderr);
    }
  });

  it('restarts a crashing container with backoff, keeps its previous logs and reports events', async () => {
    await createPod('crasher', 'e2e-a', { command: ['sh', '-c', 'echo boom $(date +%s%N); exit 3'] });
    await eventually(async () => {
      const c = (await getPod('crasher'))?.status?.containerStatuses?.[0];
      return c?.restartCount >= 1 && c.lastState?.terminated?.exitCode === 3 && c.state?.waiting?.reason === 'CrashLoopBackOff';
    }, 'CrashLoopBackOff with lastState', 90_000);
    const prev = await edgectl('logs', 'crasher', '--previous');
    assert.equal(prev.exitCode, 0, prev.stderr);
    assert.match(prev.stdout, /^boom \d+/);
    await eventually(async () => {
      const ev = (await api(c.server, 'GET', `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=crasher`)).body.items ?? [];
      return ev.some((e: any) => e.reason === 'BackOff' && e.source?.component === 'kubelet' && e.source?.host === 'e2e-a');
    }, 'BackOff event from the node', 30_000);
  });

  it('deleting a pod removes its containers and releases its network', async () => {
    const web = await getPod('web');
    const ns = c.nodes['e2e-a']!.ns;
    assert.ok((await ctr(ns, 'containers', 'ls', '-q')).stdout.includes(idPrefix(web.metadata.uid)));
    assert.equal((await api(c.server, 'DELETE', `${PODS}/web`)).status, 200);
    await eventually(async () => (await api(c.server, 'GET', `${PODS}/web`)).status === 404, 'web gone from the API', 30_000);
    await eventually(async () => {
      const list = (await ctr(ns, 'containers', 'ls')).stdout;
      return !list.includes(idPrefix(web.metadata.uid)) && !(await execa('ip', ['netns', 'list'])).stdout.includes(sandboxName(web.metadata.uid));
    }, 'containers and pod netns gone', 60_000);
    // host-local IPAM keeps one file per allocated IP: the pod's is gone
    const ipam = join(c.nodes['e2e-a']!.dir, 'ipam');
    const files = (await readdir(ipam, { recursive: true }).catch(() => [] as string[])).map(String);
    assert.ok(!files.some((f) => f.endsWith(web.status.podIP)), `IP ${web.status.podIP} released: ${files.join(',')}`);
  });

  it('a 3-replica Deployment spreads over both agents, rolls to a new image and rolls back', async () => {
    for (const n of Object.values(c.nodes)) {
      const r = await ctr(n.ns, 'images', 'tag', TEST_IMAGE, 'edgeplane.local/busybox:v2');
      assert.equal(r.exitCode, 0, r.stderr);
    }
    const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
    const r = await api(c.server, 'POST', DEPLOY, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'hello' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'hello' } },
        template: {
          metadata: { labels: { app: 'hello' } },
          spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: TEST_IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
        },
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const pods = async () => ((await api(c.server, 'GET', `${PODS}?labelSelector=app%3Dhello`)).body.items ?? []) as any[];
    const settled = async (image: string) => {
      const d = (await api(c.server, 'GET', `${DEPLOY}/hello`)).body;
      const ps = (await pods()).filter((p) => !p.metadata.deletionTimestamp);
      return (
        d.status?.observedGeneration === d.metadata.generation &&
        d.status?.updatedReplicas === 3 &&
        d.status?.availableReplicas === 3 &&
        ps.length === 3 &&
        ps.every((p) => p.spec.containers[0].image === image && p.status?.containerStatuses?.[0]?.ready)
      );
    };
    await eventually(() => settled(TEST_IMAGE), '3 replicas available', 120_000);
    const spread = new Set((await pods()).map((p) => p.spec.nodeName));
    assert.deepEqual([...spread].sort(), ['e2e-a', 'e2e-b'], 'the scheduler spreads the replicas over both nodes');
    for (const p of await pods()) c.uids.push(p.metadata.uid);
    // roll to the new image
    const patched = await api(c.server, 'PATCH', `${DEPLOY}/hello`, { spec: { template: { spec: { containers: [{ name: 'main', image: 'edgeplane.local/busybox:v2' }] } } } }, { contentType: 'application/strategic-merge-patch+json' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const status = await edgectl('rollout', 'status', 'deployment/hello', '--timeout', '120s');
    assert.equal(status.exitCode, 0, status.stdout + status.stderr);
    assert.match(status.stdout, /successfully rolled out/);
    await eventually(() => settled('edgeplane.local/busybox:v2'), 'rolled to v2', 120_000);
    for (const p of await pods()) c.uids.push(p.metadata.uid);
    // and back
    const undo = await edgectl('rollout', 'undo', 'deployment/hello');
    assert.equal(undo.exitCode, 0, undo.stderr);
    await eventually(() => settled(TEST_IMAGE), 'rolled back', 120_000);
    const history = await edgectl('rollout', 'history', 'deployment/hello');
    assert.match(history.stdout, /REVISION/);
    for (const p of await pods()) c.uids.push(p.metadata.uid);
    assert.equal((await api(c.server, 'DELETE', `${DEPLOY}/hello`)).status, 200);
    await eventually(async () => (await pods()).length === 0, 'deployment pods collected', 60_000);
    await eventually(async () => (await runningTasks(c.nodes['e2e-b']!.ns)).length === 1, 'only talker left on e2e-b', 60_000);
  });

  it('a killed agent is NotReady at once while its pods keep running', async () => {
    const ns = c.nodes['e2e-b']!.ns;
    const before = (await getPod('talker')).status.containerStatuses[0];
    await c.nodes['e2e-b']!.agent!.kill();
    await eventually(async () => (await ready('e2e-b')) !== 'True', 'e2e-b NotReady', 30_000);
    assert.equal((await runningTasks(ns)).length, 1, 'talker still running without its agent');
    // agent back while the server is down: pods come back from local state, untouched
    await c.server.stop();
    const agent = c.startAgent('e2e-b');
    await eventually(async () => /desired state from disk: 1 pod/.test(agent.output()), 'agent loaded its desired state', 30_000);
    await new Promise((r) => setTimeout(r, 3000)); // several relists without a server
    const tasks = await runningTasks(ns);
    assert.equal(tasks.length, 1, `exactly one running container: ${tasks.join('\n')}`);
    assert.ok(before.containerID.endsWith(tasks[0]!.split(/\s+/)[0]!), 'the same container, not restarted');
    // the server returns: the agent converges without restarting the healthy pod
    await c.startServer();
    await eventually(async () => (await ready('e2e-b')) === 'True', 'e2e-b Ready again', 60_000);
    const afterStatus = (await getPod('talker')).status.containerStatuses[0];
    assert.equal(afterStatus.containerID, before.containerID);
    assert.equal(afterStatus.restartCount, before.restartCount);
  });

  it('after a server restart, a pod deleted while its agent was away is removed (no stale pods)', async () => {
    const ns = c.nodes['e2e-a']!.ns;
    await createPod('stale', 'e2e-a', { command: ['sleep', '3600'] });
    await running('stale');
    await c.nodes['e2e-a']!.agent!.kill();
    assert.equal((await api(c.server, 'DELETE', `${PODS}/stale`)).status, 200);
    await c.server.stop();
    // alone, the agent keeps what it last knew (edge autonomy)
    const agent = c.startAgent('e2e-a');
    await eventually(async () => /desired state from disk/.test(agent.output()), 'agent up without the server', 30_000);
    const stalePods = async () => (await ctr(ns, 'containers', 'ls')).stdout.split('\n').filter((l) => l.length > 0).length - 1;
    assert.ok((await stalePods()) >= 1);
    await c.startServer();
    await eventually(async () => (await ready('e2e-a')) === 'True', 'e2e-a Ready again', 60_000);
    // converged: only the crasher's containers remain, nothing of `stale`
    await eventually(async () => {
      const pods = (await api(c.server, 'GET', `${PODS}?fieldSelector=spec.nodeName=e2e-a`)).body.items.map((p: any) => p.metadata.uid);
      const list = await ctr(ns, 'containers', 'ls');
      const lines = list.stdout.split('\n').slice(1).filter(Boolean);
      return lines.length > 0 && lines.every((l) => pods.some((u: string) => l.startsWith(idPrefix(u))));
    }, 'only desired pods remain', 60_000);
  });
});
