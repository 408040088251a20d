import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, waitFor, sleep, condition, NODE, type Fixture } from './fixture.js';
import { HollowAgent } from '../../helpers/hollow-agent.js';
import type { StoreEvent } from '../../../server/store/types.js';

let f: Fixture;
before(async () => {
  f = await startFixture();
});
after(async () => f.dispose());

/** wall-clock time at which node `name` was first stored with Ready != True after `since` */
function watchNotReady(name: string): { at: Promise<number>; close(): void } {
  let resolve!: (t: number) => void;
  const at = new Promise<number>((r) => (resolve = r));
  const w = f.server.store.watch({ resource: 'nodes', fromRevision: f.server.store.revision() }, (ev: StoreEvent) => {
    if (ev.object.metadata.name === name && condition(ev.object, 'Ready') === 'Unknown') resolve(Date.now());
  });
  return { at, close: () => w.close() };
}

async function readyNode(name: string, keepaliveS = 5): Promise<HollowAgent> {
  const a = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: name, keepaliveS });
  await a.reportStatus();
  await waitFor(async () => condition(await f.server.registry.get(NODE, '', name), 'Ready') === 'True', `${name} Ready`);
  // the node lifecycle controller then lifts the unreachable taint the node had until its first report
  await waitFor(async () => !(await f.server.registry.get(NODE, '', name)).spec?.taints, `${name} untainted`);
  return a;
}

test('Node gets Ready, facts, labels and board model from the status report', async () => {
  const a = await readyNode('live-facts');
  const n = (await f.server.registry.get(NODE, '', 'live-facts')) as any;
  assert.equal(n.metadata.labels['kubernetes.io/arch'], 'arm64');
  assert.equal(n.metadata.labels['kubernetes.io/os'], 'linux');
  assert.equal(n.metadata.annotations['edgeplane.io/board-model'], 'Raspberry Pi 4 Model B Rev 1.4');
  assert.equal(n.status.capacity.cpu, '4');
  assert.equal(n.status.capacity.memory, '4194304Ki');
  assert.equal(n.status.nodeInfo.containerRuntimeVersion, 'containerd://1.6.20');
  assert.equal(condition(n, 'MemoryPressure'), 'False');
  // pressure is meaningful: it is written
  await a.reportStatus({ memoryPressure: true });
  await waitFor(async () => condition(await f.server.registry.get(NODE, '', 'live-facts'), 'MemoryPressure') === 'True', 'MemoryPressure');
  await a.disconnect();
});

test('heartbeats that change only load, temperature and timestamps write nothing', async () => {
  const a = await readyNode('live-beat');
  const rv = ((await f.server.registry.get(NODE, '', 'live-beat')) as any).metadata.resourceVersion;
  const writesBefore = f.server.store.stats?.().writes;
  for (let i = 0; i < 20; i++) await a.reportStatus(); // random load/temperature, new timestamp each
  await sleep(300);
  const n = (await f.server.registry.get(NODE, '', 'live-beat')) as any;
  assert.equal(n.metadata.resourceVersion, rv);
  if (writesBefore !== undefined) assert.equal(f.server.store.stats!().writes, writesBefore);
  await a.disconnect();
});

test('clean disconnect → Ready Unknown promptly', async (t) => {
  const a = await readyNode('live-clean');
  const w = watchNotReady('live-clean');
  const dropped = Date.now();
  await a.disconnect();
  const at = await w.at;
  w.close();
  assert.ok(at >= dropped);
  t.diagnostic(`clean disconnect → NotReady: ${at - dropped} ms`);
  assert.equal(f.server.broker.lifecycle.isOnline('live-clean'), false);
});

test('crash (connection drops without DISCONNECT) → Ready Unknown promptly', async (t) => {
  const a = await readyNode('live-crash');
  const w = watchNotReady('live-crash');
  const dropped = Date.now();
  a.crash();
  const at = await w.at;
  w.close();
  a.dispose();
  t.diagnostic(`connection drop → NotReady: ${at - dropped} ms`);
  assert.ok(at >= dropped);
});

test('silent death is caught by keepalive (1.5 × keepalive)', async (t) => {
  const keepaliveS = 2;
  const a = await readyNode('live-silent', keepaliveS);
  const w = watchNotReady('live-silent');
  const died = Date.now();
  a.dieSilently();
  // before the keepalive window nothing may be concluded
  await sleep(500);
  assert.equal(condition(await f.server.registry.get(NODE, '', 'live-silent'), 'Ready'), 'True');
  const at = await w.at;
  w.close();
  a.dispose();
  t.diagnostic(`silent death → NotReady: ${at - died} ms (keepalive ${keepaliveS} s)`);
  assert.ok(at - died >= keepaliveS * 1000, 'not before the keepalive window');
});

test('a reconnect replaces the session: the old session ending does not mark the node NotReady', async () => {
  const a = await readyNode('live-re');
  // the same node connects again (agent restart before the broker noticed the old socket)
  const b = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: 'live-re', nodePassword: undefined }).catch((e) => e);
  // a different machine identity is refused; reuse the credential instead
  assert.equal(b.code, 'NodeIdentityMismatch');
  const { connectClient } = await import('./fixture.js');
  const c = await connectClient(f.mqttPort, { clientId: 'edgeplane-node-live-re', username: 'node:live-re', password: a.credential.password });
  await c.publishAsync('edgeplane/nodes/live-re/status', JSON.stringify(a.report()), { qos: 1, retain: true });
  await sleep(300);
  assert.equal(condition(await f.server.registry.get(NODE, '', 'live-re'), 'Ready'), 'True');
  await c.endAsync();
  a.dispose();
});
