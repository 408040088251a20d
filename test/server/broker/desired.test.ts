import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, waitFor, sleep, POD, CONFIGMAP, NODE, type Fixture } from './fixture.js';
import { HollowAgent } from '../../helpers/hollow-agent.js';
import { topics } from '../../../shared/mqtt/topics.js';
import { parseDesiredSet, type DesiredSet } from '../../../shared/mqtt/messages.js';

let f: Fixture;
let a: HollowAgent;
before(async () => {
  f = await startFixture();
  a = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: 'des-a' });
});
after(async () => {
  a.dispose();
  await f.dispose();
});

const pod = (name: string, node: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox', ...extra }] },
});

/** the agent reconnects with its stored credential: what it gets at once is the retained set */
async function retainedSet(agent: HollowAgent, brokerPort?: number): Promise<DesiredSet> {
  await agent.reconnect(brokerPort);
  return agent.waitDesired();
}

test('an empty retained set exists for a joined node', async () => {
  const s = await a.waitDesired();
  assert.deepEqual(s.pods, []);
});

test('pod create/delete updates the set; referenced ConfigMaps travel along; terminal pods are dropped', async () => {
  await f.server.registry.create(CONFIGMAP, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-cfg' }, data: { k: 'v' } });
  await f.server.registry.create(CONFIGMAP, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unrelated' }, data: { k: 'v' } });
  await f.server.registry.create(POD, 'default', pod('p1', 'des-a', { envFrom: [{ configMapRef: { name: 'app-cfg' } }] }));
  await f.server.registry.create(POD, 'default', pod('p-other', 'elsewhere'));
  let s = await a.waitDesired((s) => s.pods.length === 1);
  assert.equal(s.pods[0].metadata.name, 'p1');
  assert.deepEqual(s.configMaps.map((c) => c.metadata.name), ['app-cfg']);
  const rev1 = s.revision;

  // a ConfigMap change reaches the node
  const cm = structuredClone(await f.server.registry.get(CONFIGMAP, 'default', 'app-cfg')) as any;
  cm.data.k = 'v2';
  await f.server.registry.update(CONFIGMAP, 'default', 'app-cfg', cm);
  s = await a.waitDesired((s) => (s.configMaps[0] as any)?.data?.k === 'v2');
  assert.ok(s.revision > rev1);

  // retained: a new subscriber gets the whole set at once
  assert.equal((await retainedSet(a)).pods.length, 1);

  await f.server.registry.create(POD, 'default', pod('p2', 'des-a'));
  await a.waitDesired((s) => s.pods.length === 2);
  await f.server.registry.delete(POD, 'default', 'p1', { gracePeriodSeconds: 0 });
  s = await a.waitDesired((s) => s.pods.length === 1 && s.pods[0].metadata.name === 'p2');
  assert.deepEqual(s.configMaps, []);

  // a Succeeded pod is no longer desired
  const p2 = structuredClone(await f.server.registry.get(POD, 'default', 'p2')) as any;
  p2.status = { phase: 'Succeeded' };
  await f.server.registry.update(POD, 'default', 'p2', p2, { subresource: 'status' });
  await a.waitDesired((s) => s.pods.length === 0);
});

test('pod status reports reach Pod.status; unchanged reports and foreign nodes write nothing', async () => {
  await f.server.registry.create(POD, 'default', pod('run-me', 'des-a'));
  const s = await a.waitDesired((s) => s.pods.some((p) => p.metadata.name === 'run-me'));
  const p = s.pods.find((p) => p.metadata.name === 'run-me')!;
  await a.reportPod(p);
  const running = await waitFor(async () => {
    const cur = (await f.server.registry.get(POD, 'default', 'run-me')) as any;
    return cur.status?.phase === 'Running' && cur;
  }, 'pod Running');
  assert.equal(running.status.conditions.find((c: any) => c.type === 'Ready').status, 'True');
  await a.reportPod(p); // same content (timestamps are to the second)
  // another node claiming the pod is ignored
  const b = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: 'des-b' });
  await b.client.publishAsync(topics.podStatus('des-b', 'default', 'run-me'), JSON.stringify({ uid: p.metadata.uid, status: { phase: 'Failed' } }), { qos: 1 });
  await sleep(300);
  const after = (await f.server.registry.get(POD, 'default', 'run-me')) as any;
  assert.equal(after.status.phase, 'Running');
  assert.equal(after.metadata.resourceVersion, running.metadata.resourceVersion);
  b.dispose();
});

test('after a server restart every node’s set is republished and agents converge', async () => {
  // state at shutdown: des-a has run-me
  await f.stop();
  const dataDir = f.dataDir;
  const joinToken = f.joinToken;
  f = await startFixture(dataDir);
  assert.equal(f.joinToken, joinToken, 'join token survives restarts');
  // a pod deleted while agents were away must vanish from their set: delete before the node reconnects
  await f.server.registry.delete(POD, 'default', 'run-me', { gracePeriodSeconds: 0 });
  await f.server.registry.create(POD, 'default', pod('after-restart', 'des-a'));
  // the agent's stored credential still works after the restart; the set
  // converges once the publisher's batching window (100 ms) has passed
  let s = await retainedSet(a, f.mqttPort);
  for (let i = 0; i < 50 && s.pods.map((p) => p.metadata.name).join() !== 'after-restart'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    s = await retainedSet(a, f.mqttPort);
  }
  assert.deepEqual(s.pods.map((p) => p.metadata.name), ['after-restart']);
  // Node object survived; the pod CIDR is stable
  const n = (await f.server.registry.get(NODE, '', 'des-a')) as any;
  assert.equal(n.spec.podCIDR, a.credential.podCIDR);
});
