// The cluster services document over real MQTT: a node's credential may
// subscribe to it; it follows Services, Endpoints (from the endpoints
// controller) and Nodes; unchanged content is not republished; a restarted
// server publishes it again.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { MqttClient } from 'mqtt';
import { startFixture, waitFor, sleep, POD, connectClient, type Fixture } from './fixture.js';
import { HollowAgent } from '../../helpers/hollow-agent.js';
import { topics, nodeUser } from '../../../shared/mqtt/topics.js';
import { parseClusterServices, type ClusterServices } from '../../../shared/mqtt/cluster-services.js';
import { KINDS } from '../../../shared/api/kinds.js';
import type { KubeObject } from '../../../shared/api/object.js';

const SERVICE = KINDS.find((k) => k.kind === 'Service')!;

let f: Fixture;
let agent: HollowAgent;
let sub: MqttClient;
const docs: ClusterServices[] = [];

async function subscribe(): Promise<MqttClient> {
  // a second session with the node's own credential (the agent's services subscription)
  const c = await connectClient(f.mqttPort, {
    clientId: `edgeplane-node-svc-a`,
    username: agent.credential.username,
    password: agent.credential.password,
  });
  c.on('message', (topic, payload) => {
    if (topic !== topics.services) return;
    const d = parseClusterServices(payload);
    if (d) docs.push(d);
  });
  await c.subscribeAsync(topics.services, { qos: 1 });
  return c;
}

before(async () => {
  f = await startFixture();
  agent = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: 'svc-a' });
  agent.facts.addresses = [{ type: 'InternalIP', address: '192.0.2.21' }];
  await agent.reportStatus();
  // the hollow agent's own session is replaced by ours (same client id): keep only the subscriber
  sub = await subscribe();
});
after(async () => {
  sub?.end(true);
  agent.dispose();
  await f.dispose();
});

const latest = () => docs[docs.length - 1];
const until = (pred: (d: ClusterServices) => boolean, what: string): Promise<ClusterServices> =>
  waitFor(() => (latest() && pred(latest()) ? latest() : undefined), what) as Promise<ClusterServices>;

test('a node receives the retained document with the network settings and its route', async () => {
  const d = await until((d) => d.nodes.some((n) => n.name === 'svc-a' && n.ip === '192.0.2.21'), 'node route');
  assert.equal(d.serviceCIDR, '10.43.0.0/16');
  assert.equal(d.clusterDNS, '10.43.0.10');
  assert.equal(d.clusterDomain, 'cluster.local');
  assert.match(d.nodes.find((n) => n.name === 'svc-a')!.podCIDR, /^10\.42\.\d+\.0\/24$/);
});

test('services and their ready endpoints reach the node; unchanged content is not republished', async () => {
  const r = f.server.registry;
  await r.create(POD, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', labels: { app: 'web' } },
    spec: { nodeName: 'svc-a', containers: [{ name: 'c', image: 'busybox', ports: [{ name: 'http', containerPort: 8080 }] }] },
  });
  const p = structuredClone(await r.get(POD, 'default', 'web-1')) as KubeObject;
  p.status = { phase: 'Running', podIP: '10.42.0.7', conditions: [{ type: 'Ready', status: 'True' }] };
  await r.update(POD, 'default', 'web-1', p, { subresource: 'status' });
  const { object: svc } = await r.create(SERVICE, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
  const d = await until((d) => d.services.some((s) => s.name === 'web' && s.endpoints.length === 1), 'web with an endpoint');
  const web = d.services.find((s) => s.name === 'web')!;
  assert.equal(web.clusterIP, svc.spec.clusterIP);
  assert.equal(web.ports[0].nodePort, svc.spec.ports[0].nodePort);
  assert.deepEqual(web.endpoints, [{ ip: '10.42.0.7', ready: true, nodeName: 'svc-a', targetRef: { namespace: 'default', name: 'web-1' }, ports: { http: 8080 } }]);

  // an annotation changes nothing the document shows: no new message
  await f.server.broker.services.idle();
  await sleep(200);
  const count = docs.length;
  const s2 = structuredClone(await r.get(SERVICE, 'default', 'web')) as KubeObject;
  s2.metadata.annotations = { note: 'x' };
  await r.update(SERVICE, 'default', 'web', s2);
  await sleep(300);
  await f.server.broker.services.idle();
  assert.equal(docs.length, count);

  // not ready: still listed, marked not ready
  p.status.conditions = [{ type: 'Ready', status: 'False' }];
  delete p.metadata.resourceVersion;
  await r.update(POD, 'default', 'web-1', p, { subresource: 'status' });
  await until((d) => d.services.find((s) => s.name === 'web')?.endpoints[0]?.ready === false, 'endpoint not ready');

  await r.delete(SERVICE, 'default', 'web');
  await until((d) => !d.services.some((s) => s.name === 'web'), 'service removed');
});

test('a restarted server publishes the document again', async () => {
  const r = f.server.registry;
  await r.create(SERVICE, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kept' }, spec: { selector: { app: 'kept' }, ports: [{ port: 81 }] } });
  await until((d) => d.services.some((s) => s.name === 'kept'), 'kept');
  sub.end(true);
  await f.stop();
  f = await startFixture(f.dataDir);
  docs.length = 0;
  sub = await subscribe();
  const d = await until((d) => d.services.some((s) => s.name === 'kept'), 'kept after restart');
  assert.ok(d.nodes.some((n) => n.name === 'svc-a'));
});
