import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, type Fixture } from '../broker/fixture.js';
import { KINDS } from '../../../shared/api/kinds.js';
import { ApiError } from '../../../server/api/status.js';
import { OwnedRange, parseCidr4 } from '../../../server/registry/services/ranges.js';
import { ServiceAllocator } from '../../../server/registry/services/allocator.js';

const SERVICE = KINDS.find((k) => k.kind === 'Service')!;
const NAMESPACE = KINDS.find((k) => k.kind === 'Namespace')!;

const svc = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
});

async function rejected(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    return err;
  }
  assert.fail('expected an API error');
}

test('OwnedRange: dynamic band first, then the static band, reserved values skipped, release by owner only', () => {
  const r = new OwnedRange(1, 6, 3, new Set([2]));
  const got = [1, 2, 3, 4, 5].map((i) => r.next(`o${i}`));
  // 4..6 (dynamic) first, then 1 and 3 (static band, 2 reserved)
  assert.deepEqual(got.slice(0, 3).sort(), [4, 5, 6]);
  assert.deepEqual(got.slice(3).sort(), [1, 3]);
  assert.equal(r.next('o6'), undefined);
  r.release(4, 'someone-else');
  assert.equal(r.owner(4), got.indexOf(4) >= 0 ? `o${got.indexOf(4) + 1}` : undefined);
  assert.equal(r.claim(2, 'dns'), true, 'reserved values are claimable explicitly');
});

test('parseCidr4 normalises the network', () => {
  assert.deepEqual(parseCidr4('10.43.7.9/16'), { network: 0x0a2b0000, broadcast: 0x0a2bffff, text: '10.43.0.0/16' });
  assert.throws(() => parseCidr4('10.43.0.0/33'));
});

test('allocator: never hands out network, broadcast or the cluster DNS address', () => {
  const a = new ServiceAllocator(undefined, { serviceCIDR: '10.43.0.0/28' });
  const ips: string[] = [];
  for (let i = 0; i < 13; i++) {
    const s: any = { apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: 'default', uid: `u${i}` }, spec: { ports: [{ port: 80 }] } };
    a.allocateCreate(s);
    ips.push(s.spec.clusterIP);
  }
  assert.equal(new Set(ips).size, 13);
  for (const bad of ['10.43.0.0', '10.43.0.15', '10.43.0.10']) assert.ok(!ips.includes(bad), bad);
  const full: any = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', namespace: 'default', uid: 'ux' }, spec: {} };
  assert.throws(() => a.allocateCreate(full), /range is full/);
});

let f: Fixture;
before(async () => {
  f = await startFixture();
  await f.server.registry.create(NAMESPACE, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'alloc' } });
});
after(async () => {
  await f.dispose();
});

test('create allocates a ClusterIP from 10.43.0.0/16 with Kubernetes defaults; headless stays None', async () => {
  const r = f.server.registry;
  const { object } = await r.create(SERVICE, 'alloc', svc('web'));
  const ip: string = object.spec.clusterIP;
  assert.match(ip, /^10\.43\.\d+\.\d+$/);
  assert.notEqual(ip, '10.43.0.10');
  assert.deepEqual(object.spec.clusterIPs, [ip]);
  assert.deepEqual(object.spec.ipFamilies, ['IPv4']);
  assert.equal(object.spec.ipFamilyPolicy, 'SingleStack');
  const headless = (await r.create(SERVICE, 'alloc', svc('hl', { clusterIP: 'None' }))).object;
  assert.equal(headless.spec.clusterIP, 'None');
  assert.deepEqual(headless.spec.clusterIPs, ['None']);
});

test('explicit clusterIP is honoured; taken or out-of-range ones are 422 naming spec.clusterIP', async () => {
  const r = f.server.registry;
  const { object } = await r.create(SERVICE, 'alloc', svc('fixed', { clusterIP: '10.43.0.5' }));
  assert.equal(object.spec.clusterIP, '10.43.0.5');
  const taken = await rejected(r.create(SERVICE, 'alloc', svc('fixed2', { clusterIP: '10.43.0.5' })));
  assert.equal(taken.status.code, 422);
  assert.equal(taken.status.details?.causes?.[0]?.field, 'spec.clusterIP');
  assert.match(taken.status.message!, /spec\.clusterIP: Invalid value: "10\.43\.0\.5": provided IP is already allocated/);
  const out = await rejected(r.create(SERVICE, 'alloc', svc('outside', { clusterIP: '10.44.0.5' })));
  assert.equal(out.status.code, 422);
  assert.match(out.status.message!, /provided IP is not in the valid range\. The range of valid IPs is 10\.43\.0\.0\/16/);
  const dns = await rejected(r.create(SERVICE, 'alloc', svc('dns-thief', { clusterIP: '10.43.0.10' })));
  assert.match(dns.status.message!, /reserved for the cluster DNS service/);
  // kube-system/kube-dns may take it
  const kd = await r.create(SERVICE, 'kube-system', svc('kube-dns', { clusterIP: '10.43.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }));
  assert.equal(kd.object.spec.clusterIP, '10.43.0.10');
  await r.delete(SERVICE, 'kube-system', 'kube-dns');
  // a failed create left nothing behind; deleting frees the IP
  await r.delete(SERVICE, 'alloc', 'fixed');
  assert.equal((await r.create(SERVICE, 'alloc', svc('fixed2', { clusterIP: '10.43.0.5' }))).object.spec.clusterIP, '10.43.0.5');
});

test('clusterIP is kept by a PUT without it and is immutable', async () => {
  const r = f.server.registry;
  const { object } = await r.create(SERVICE, 'alloc', svc('keep'));
  const put = structuredClone(svc('keep', { ports: [{ port: 81 }] })) as any;
  const updated = (await r.update(SERVICE, 'alloc', 'keep', put)).object;
  assert.equal(updated.spec.clusterIP, object.spec.clusterIP);
  assert.equal(updated.spec.ports[0].port, 81);
  const change = structuredClone(updated) as any;
  change.spec.clusterIP = '10.43.0.77';
  change.spec.clusterIPs = ['10.43.0.77'];
  const err = await rejected(r.update(SERVICE, 'alloc', 'keep', change));
  assert.equal(err.status.code, 422);
  assert.match(err.status.message!, /spec\.clusterIP/);
});

test('NodePorts: allocated in 30000-32767, explicit honoured, conflicts 422, released on delete and on type change', async () => {
  const r = f.server.registry;
  const np = (await r.create(SERVICE, 'alloc', svc('np', { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, nodePort: 30080 }] }))).object;
  const auto = np.spec.ports[0].nodePort;
  assert.ok(auto >= 30000 && auto <= 32767, String(auto));
  assert.equal(np.spec.ports[1].nodePort, 30080);
  const clash = await rejected(r.create(SERVICE, 'alloc', svc('np2', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })));
  assert.equal(clash.status.code, 422);
  assert.match(clash.status.message!, /spec\.ports\[0\]\.nodePort: Invalid value: 30080: provided port is already allocated/);
  assert.equal(clash.status.details?.causes?.[0]?.field, 'spec.ports[0].nodePort');

  // PUT without nodePorts keeps them (patchAllocatedValues)
  const put = svc('np', { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] });
  const kept = (await r.update(SERVICE, 'alloc', 'np', put)).object;
  assert.deepEqual(kept.spec.ports.map((p: any) => p.nodePort), [auto, 30080]);

  // back to ClusterIP: the nodePorts are dropped and free again
  const back = structuredClone(kept) as any;
  back.spec.type = 'ClusterIP';
  delete back.spec.externalTrafficPolicy;
  const cip = (await r.update(SERVICE, 'alloc', 'np', back)).object;
  assert.ok(cip.spec.ports.every((p: any) => p.nodePort === undefined));
  const reuse = (await r.create(SERVICE, 'alloc', svc('np3', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).object;
  assert.equal(reuse.spec.ports[0].nodePort, 30080);
  await r.delete(SERVICE, 'alloc', 'np3');
  const again = (await r.create(SERVICE, 'alloc', svc('np4', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).object;
  assert.equal(again.spec.ports[0].nodePort, 30080);

  // ClusterIP → NodePort by merge patch: ports get nodePorts, the ClusterIP stays
  const before = (await r.create(SERVICE, 'alloc', svc('grow'))).object;
  const grown = (await r.patch(SERVICE, 'alloc', 'grow', 'merge', { spec: { type: 'NodePort' } })).object;
  assert.equal(grown.spec.clusterIP, before.spec.clusterIP);
  assert.ok(grown.spec.ports[0].nodePort >= 30000);

  // same port number over TCP and UDP shares one nodePort
  const dual = (
    await r.create(SERVICE, 'alloc', svc('dual', { type: 'NodePort', ports: [{ name: 't', port: 53, protocol: 'TCP' }, { name: 'u', port: 53, protocol: 'UDP' }] }))
  ).object;
  assert.equal(dual.spec.ports[0].nodePort, dual.spec.ports[1].nodePort);
});

test('concurrent creates never share a ClusterIP or NodePort; one explicit winner', async () => {
  const r = f.server.registry;
  const results = await Promise.allSettled(
    Array.from({ length: 40 }, (_, i) => r.create(SERVICE, 'alloc', svc(`race-${i}`, { type: 'NodePort' }))),
  );
  const objs = results.map((x) => (x.status === 'fulfilled' ? x.value.object : assert.fail(String((x as PromiseRejectedResult).reason))));
  assert.equal(new Set(objs.map((o) => o.spec.clusterIP)).size, 40);
  assert.equal(new Set(objs.map((o) => o.spec.ports[0].nodePort)).size, 40);
  const explicit = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => r.create(SERVICE, 'alloc', svc(`want-${i}`, { clusterIP: '10.43.1.1' }))));
  assert.equal(explicit.filter((x) => x.status === 'fulfilled').length, 1);
});

test('allocation state survives a server restart (rebuilt from the stored Services)', async () => {
  const r = f.server.registry;
  await r.create(SERVICE, 'alloc', svc('persist', { clusterIP: '10.43.2.2', type: 'NodePort', ports: [{ port: 80, nodePort: 31111 }] }));
  await f.stop();
  f = await startFixture(f.dataDir);
  const r2 = f.server.registry;
  const ipErr = await rejected(r2.create(SERVICE, 'alloc', svc('persist2', { clusterIP: '10.43.2.2' })));
  assert.match(ipErr.status.message!, /already allocated/);
  const portErr = await rejected(r2.create(SERVICE, 'alloc', svc('persist3', { type: 'NodePort', ports: [{ port: 80, nodePort: 31111 }] })));
  assert.match(portErr.status.message!, /provided port is already allocated/);
  await r2.delete(SERVICE, 'alloc', 'persist');
  assert.equal((await r2.create(SERVICE, 'alloc', svc('persist2', { clusterIP: '10.43.2.2' }))).object.spec.clusterIP, '10.43.2.2');
});
