import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startFixture, connectClient, closed, subscribeRefused, NODE, SECRET, type Fixture } from './fixture.js';
import { joinCluster } from '../../../agent/join.js';
import { HollowAgent } from '../../helpers/hollow-agent.js';
import { topics } from '../../../shared/mqtt/topics.js';

let f: Fixture;
before(async () => {
  f = await startFixture();
});
after(async () => f.dispose());

const url = () => `mqtt://127.0.0.1:${f.mqttPort}`;

test('join creates the Node with labels and a /24 pod CIDR; only digests are stored', async () => {
  const pw = randomBytes(24).toString('hex');
  const r = await joinCluster({ brokerUrl: url(), token: f.joinToken, nodeName: 'pi-a', nodePassword: pw, labels: { zone: 'shelf-1' } });
  assert.equal(r.username, 'node:pi-a');
  assert.match(r.podCIDR, /^10\.42\.\d+\.0\/24$/);
  const node = (await f.server.registry.get(NODE, '', 'pi-a')) as any;
  assert.equal(node.metadata.labels.zone, 'shelf-1');
  assert.equal(node.metadata.labels['kubernetes.io/hostname'], 'pi-a');
  assert.equal(node.spec.podCIDR, r.podCIDR);
  const secret = (await f.server.registry.get(SECRET, 'kube-system', 'edgeplane-node-pi-a')) as any;
  const stored = JSON.stringify(secret.data);
  assert.ok(!stored.includes(Buffer.from(r.password).toString('base64')) && !stored.includes(Buffer.from(pw).toString('base64')));

  // a second node gets another /24
  const r2 = await joinCluster({ brokerUrl: url(), token: f.joinToken, nodeName: 'pi-b', nodePassword: randomBytes(24).toString('hex') });
  assert.notEqual(r2.podCIDR, r.podCIDR);

  // re-join with the same machine identity: allowed, same CIDR, a fresh credential
  const again = await joinCluster({ brokerUrl: url(), token: f.joinToken, nodeName: 'pi-a', nodePassword: pw });
  assert.equal(again.podCIDR, r.podCIDR);
  assert.notEqual(again.password, r.password);
  // the new credential works, the old one no longer does
  const ok = await connectClient(f.mqttPort, { clientId: 'edgeplane-node-pi-a', username: 'node:pi-a', password: again.password });
  await ok.endAsync();
  await assert.rejects(connectClient(f.mqttPort, { clientId: 'edgeplane-node-pi-a', username: 'node:pi-a', password: r.password }));
});

test('another machine under an existing node name is refused with a clear error', async () => {
  await joinCluster({ brokerUrl: url(), token: f.joinToken, nodeName: 'pi-c', nodePassword: randomBytes(24).toString('hex') });
  await assert.rejects(
    joinCluster({ brokerUrl: url(), token: f.joinToken, nodeName: 'pi-c', nodePassword: randomBytes(24).toString('hex') }),
    (err: any) => err.code === 'NodeIdentityMismatch' && /already joined by another machine/.test(err.message),
  );
});

test('a wrong join token and anonymous connections are refused', async () => {
  await assert.rejects(
    joinCluster({ brokerUrl: url(), token: 'wrong', nodeName: 'pi-x', nodePassword: randomBytes(24).toString('hex'), timeoutMs: 5000 }),
    (err: any) => err.code === 'JoinUnauthorized',
  );
  await assert.rejects(connectClient(f.mqttPort, { clientId: 'anon' }), (err: any) => err.code === 5);
  await assert.rejects(connectClient(f.mqttPort, { clientId: 'anon2', username: 'dashboard', password: 'nope' }), (err: any) => err.code === 4);
});

test('the join token allows the join exchange and nothing else', async () => {
  const c = await connectClient(f.mqttPort, { clientId: 'edgeplane-join-probe', username: 'join', password: f.joinToken });
  // no status topics, no other client's reply topic, no desired state
  for (const t of [topics.allStatus, topics.desired('pi-a'), topics.joinReply('edgeplane-join-other'), '#']) {
    assert.ok(await subscribeRefused(c, t), `subscribe ${t}`);
  }
  // publishing anywhere but the join request topic disconnects the client
  const gone = closed(c);
  c.publish(topics.status('pi-a'), JSON.stringify({ evil: true }), { qos: 1 });
  await gone;
  c.end(true);
});

test('a join-token client cannot use a node client id, and a node cannot claim another node’s client id', async () => {
  await assert.rejects(connectClient(f.mqttPort, { clientId: 'edgeplane-node-pi-a', username: 'join', password: f.joinToken }), (e: any) => e.code === 4);
  const a = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: 'pi-d' });
  await assert.rejects(
    connectClient(f.mqttPort, { clientId: 'edgeplane-node-pi-a', username: 'node:pi-d', password: a.credential.password }),
    (e: any) => e.code === 4,
  );
  await a.disconnect();
});
