import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import { startFixture, connectClient, closed, waitFor, sleep, NODE, type Fixture } from './fixture.js';
import { HollowAgent } from '../../helpers/hollow-agent.js';
import { topics } from '../../../shared/mqtt/topics.js';
import { BROKER_LIMITS } from '../../../server/broker/limits.js';

let f: Fixture;
let a: HollowAgent;
before(async () => {
  f = await startFixture();
  a = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: 'rob-a' });
  await a.reportStatus();
  await waitFor(async () => ((await f.server.registry.get(NODE, '', 'rob-a')) as any).status?.nodeInfo, 'rob-a status');
});
after(async () => {
  a.dispose();
  await f.dispose();
});

async function stillServes(): Promise<void> {
  const c = await connectClient(f.mqttPort, { clientId: 'probe-' + Math.random().toString(16).slice(2), username: 'dashboard', password: f.dashboardPassword });
  await c.endAsync();
  await f.server.registry.get(NODE, '', 'rob-a');
}

test('an oversized payload disconnects the client; the server keeps serving', async () => {
  const big = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: 'rob-big' });
  const gone = closed(big.client);
  big.client.publish(topics.status('rob-big'), Buffer.alloc(BROKER_LIMITS.maxPacketBytes + 1024, 'x'), { qos: 0 });
  await gone;
  big.dispose();
  assert.ok(f.logs.some((l) => /over \d+ bytes: disconnected/.test(l)), f.logs.join('\n'));
  await stillServes();
});

test('a huge announced packet before CONNECT is cut off without buffering it', async () => {
  const s = connect(f.mqttPort, '127.0.0.1');
  s.on('error', () => undefined);
  await once(s, 'connect');
  // PUBLISH fixed header announcing ~256 MiB (varint 0xff 0xff 0xff 0x7f)
  s.write(Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]));
  s.write(Buffer.alloc(64 * 1024, 1));
  await new Promise((r) => s.once('close', r));
  await stillServes();
});

test('garbage bytes and wrong protocol are dropped; the server keeps serving', async () => {
  const s = connect(f.mqttPort, '127.0.0.1');
  s.on('error', () => undefined);
  await once(s, 'connect');
  s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((r) => s.once('close', r));
  await stillServes();
});

test('malformed JSON and wrong shapes on a node’s own topics are ignored', async () => {
  const before = (await f.server.registry.get(NODE, '', 'rob-a')) as any;
  const c = a.client;
  await c.publishAsync(topics.status('rob-a'), '{not json', { qos: 1 });
  await c.publishAsync(topics.status('rob-a'), JSON.stringify({ nodeName: 'rob-a', facts: 42 }), { qos: 1 });
  await c.publishAsync(topics.status('rob-a'), JSON.stringify([1, 2, 3]), { qos: 1 });
  await c.publishAsync(topics.podStatus('rob-a', 'default', 'nope'), '\u0000\u0001', { qos: 1 });
  await c.publishAsync(topics.podStatus('rob-a', 'default', 'nope'), JSON.stringify({ uid: 'x', status: { phase: 'Running' } }), { qos: 1 });
  await sleep(200);
  assert.ok(a.client.connected);
  const after = (await f.server.registry.get(NODE, '', 'rob-a')) as any;
  assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
  await stillServes();
});

test('a node publishing to a topic outside the scheme is disconnected', async () => {
  const c = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: 'rob-c' });
  const gone = closed(c.client);
  c.client.publish('edgeplane/nodes/rob-c/whatever/deep/a/b/c/d/e', 'x', { qos: 1 });
  await gone;
  c.dispose();
  await stillServes();
});
