import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startFixture, connectClient, closed, subscribeRefused, waitFor, sleep, NODE, POD, SECRET, type Fixture } from './fixture.js';
import { HollowAgent, mqttConnected } from '../../helpers/hollow-agent.js';
import { topics } from '../../../shared/mqtt/topics.js';

let f: Fixture;
let a: HollowAgent;
let b: HollowAgent;
before(async () => {
  f = await startFixture();
  a = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: 'node-a' });
  b = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: 'node-b' });
  await b.reportStatus();
  await waitFor(async () => ((await f.server.registry.get(NODE, '', 'node-b')) as any).status?.nodeInfo, 'node-b status');
});
after(async () => {
  a.dispose();
  b.dispose();
  await f.dispose();
});

test('the dashboard credential reads online/status and publishes nothing (TCP and WebSocket)', async () => {
  const d = await connectClient(f.mqttPort, { clientId: 'dash-1', username: 'dashboard', password: f.dashboardPassword });
  const seen = new Map<string, string>();
  d.on('message', (t, p) => seen.set(t, p.toString()));
  assert.ok(!(await subscribeRefused(d, topics.allOnline)));
  assert.ok(!(await subscribeRefused(d, topics.allStatus)));
  for (const t of [topics.desired('node-b'), 'edgeplane/#', 'edgeplane/nodes/+/pods/#']) assert.ok(await subscribeRefused(d, t), `dashboard subscribe ${t}`);
  await waitFor(() => seen.get(topics.online('node-b')) === 'online' && seen.has(topics.status('node-b')), 'retained online + status');
  assert.equal(JSON.parse(seen.get(topics.status('node-b'))!).facts.boardModel, 'Raspberry Pi 4 Model B Rev 1.4');
  const gone = closed(d);
  d.publish(topics.online('node-b'), 'offline', { qos: 1, retain: true });
  await gone;
  d.end(true);

  // MQTT over WebSocket on the API port, as a browser dashboard connects
  const ca = await readFile(join(f.dataDir, 'tls', 'ca.crt'), 'utf8');
  const ws = mqtt.connect(`${f.server.url.replace('https', 'wss')}/mqtt`, {
    clientId: 'dash-ws',
    username: 'dashboard',
    password: f.dashboardPassword,
    protocolVersion: 4,
    reconnectPeriod: 0,
    ca,
    wsOptions: { ca },
  } as any);
  await mqttConnected(ws);
  const wsSeen = new Map<string, string>();
  ws.on('message', (t, p) => wsSeen.set(t, p.toString()));
  await ws.subscribeAsync(topics.allOnline, { qos: 1 });
  await waitFor(() => wsSeen.get(topics.online('node-b')) === 'online', 'online over websocket');
  await ws.endAsync();

  const anon = mqtt.connect(`${f.server.url.replace('https', 'wss')}/mqtt`, { clientId: 'anon-ws', protocolVersion: 4, reconnectPeriod: 0, ca, wsOptions: { ca } } as any);
  await assert.rejects(mqttConnected(anon));
  anon.end(true);
});

test('node A cannot publish as node B: disconnected, nothing reaches the store', async () => {
  const before = (await f.server.registry.get(NODE, '', 'node-b')) as any;
  const intruder = await connectClient(f.mqttPort, { clientId: 'edgeplane-node-node-a', username: 'node:node-a', password: a.credential.password });
  const gone = closed(intruder);
  const forged = b.report({ memoryPressure: true });
  intruder.publish(topics.status('node-b'), JSON.stringify(forged), { qos: 1 });
  await gone;
  intruder.end(true);
  // its own session was taken over by the intruder connection; that is A's own business.
  // B's Node must be untouched
  await sleep(200);
  const after = (await f.server.registry.get(NODE, '', 'node-b')) as any;
  assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
});

test('node A cannot read node B’s desired state (and so not its secrets)', async () => {
  await f.server.registry.create(SECRET, 'default', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b-secret' }, stringData: undefined, data: { pw: Buffer.from('hunter2').toString('base64') } });
  await f.server.registry.create(POD, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'on-b' },
    spec: { nodeName: 'node-b', containers: [{ name: 'c', image: 'busybox', env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'b-secret', key: 'pw' } } }] }] },
  });
  const set = await b.waitDesired((s) => s.pods.length === 1);
  assert.equal(set.secrets[0].metadata.name, 'b-secret');

  const spy = await connectClient(f.mqttPort, { clientId: 'edgeplane-node-node-a', username: 'node:node-a', password: a.credential.password });
  const got: string[] = [];
  spy.on('message', (t) => got.push(t));
  for (const t of [topics.desired('node-b'), 'edgeplane/desired/+', 'edgeplane/#', '#', topics.status('node-b')]) {
    assert.ok(await subscribeRefused(spy, t), `node-a subscribe ${t}`);
  }
  // its own desired topic and service data are fine
  assert.ok(!(await subscribeRefused(spy, topics.desired('node-a'))));
  assert.ok(!(await subscribeRefused(spy, topics.services)));
  await sleep(200);
  // the retained cluster service data is for every node
  assert.ok(got.every((t) => t === topics.desired('node-a') || t === topics.services), `received ${got}`);
  await spy.endAsync();
});

test('a node cannot overwrite its own desired set', async () => {
  const c = await connectClient(f.mqttPort, { clientId: 'edgeplane-node-node-b', username: 'node:node-b', password: b.credential.password });
  const gone = closed(c);
  c.publish(topics.desired('node-b'), JSON.stringify({ nodeName: 'node-b', revision: 1e9, pods: [], configMaps: [], secrets: [] }), { qos: 1, retain: true });
  await gone;
  c.end(true);
  const watcher = await connectClient(f.mqttPort, { clientId: 'edgeplane-node-node-b', username: 'node:node-b', password: b.credential.password });
  const msg = new Promise<Buffer>((r) => watcher.once('message', (_t, p) => r(p)));
  await watcher.subscribeAsync(topics.desired('node-b'), { qos: 1 });
  assert.equal(JSON.parse((await msg).toString()).pods.length, 1);
  await watcher.endAsync();
});
