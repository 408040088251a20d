// The endpoints controller in the in-process server: real store, registry,
// informers and work queue; pod status written through /status as the
// broker's pod-status ingest does.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, waitFor, sleep, POD, type Fixture } from '../broker/fixture.js';
import { KINDS } from '../../../shared/api/kinds.js';
import type { KubeObject } from '../../../shared/api/object.js';

const SERVICE = KINDS.find((k) => k.kind === 'Service')!;
const ENDPOINTS = KINDS.find((k) => k.kind === 'Endpoints')!;

let f: Fixture;
before(async () => {
  f = await startFixture();
});
after(async () => {
  await f.dispose();
});

async function getEp(name: string): Promise<KubeObject | undefined> {
  try {
    return await f.server.registry.get(ENDPOINTS, 'default', name);
  } catch {
    return undefined;
  }
}

async function mkPod(name: string, labels: Record<string, string>, ports: unknown[] = []): Promise<void> {
  await f.server.registry.create(POD, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox', ports }] },
  });
}

async function setStatus(name: string, ip: string | undefined, ready: boolean): Promise<void> {
  const p = structuredClone(await f.server.registry.get(POD, 'default', name)) as KubeObject;
  p.status = {
    phase: 'Running',
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
  };
  await f.server.registry.update(POD, 'default', name, p, { subresource: 'status' });
}

const ips = (ep: KubeObject | undefined, field: 'addresses' | 'notReadyAddresses'): string[] =>
  ((ep?.subsets ?? []) as any[]).flatMap((s: any) => (s[field] ?? []).map((a: any) => a.ip)).sort();

test('a selector service gets Endpoints that follow pod readiness, IPs, labels and deletion', async () => {
  const r = f.server.registry;
  await mkPod('web-1', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]);
  await mkPod('web-2', { app: 'web' }, [{ name: 'http', containerPort: 8081 }]);
  await r.create(SERVICE, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', labels: { team: 'a' } },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
  // pods without IPs: an Endpoints object with no subsets
  let ep: any = await waitFor(() => getEp('web'), 'endpoints web');
  assert.equal(ep.subsets, undefined);
  assert.equal(ep.metadata.labels?.team, 'a');

  await setStatus('web-1', '10.42.0.11', true);
  await setStatus('web-2', '10.42.0.12', false);
  ep = await waitFor(async () => {
    const e = await getEp('web');
    return ips(e, 'addresses').length === 1 && ips(e, 'notReadyAddresses').length === 1 ? e : undefined;
  }, 'ready + not ready');
  assert.deepEqual(ips(ep, 'addresses'), ['10.42.0.11']);
  assert.deepEqual(ips(ep, 'notReadyAddresses'), ['10.42.0.12']);
  // named targetPort resolved per pod: two subsets
  const ports = ep.subsets.map((s: any) => s.ports[0].port).sort();
  assert.deepEqual(ports, [8080, 8081]);
  const a = ep.subsets.flatMap((s: any) => s.addresses ?? [])[0];
  assert.deepEqual(a.targetRef, { kind: 'Pod', namespace: 'default', name: 'web-1', uid: (await r.get(POD, 'default', 'web-1')).metadata.uid });
  assert.equal(a.nodeName, 'n1');

  // readiness flips
  await setStatus('web-2', '10.42.0.12', true);
  await waitFor(async () => ips(await getEp('web'), 'addresses').length === 2, 'both ready');

  // no write when nothing the endpoints show changed
  await sleep(200);
  const rv = (await getEp('web'))!.metadata.resourceVersion;
  const p1 = structuredClone(await r.get(POD, 'default', 'web-1')) as KubeObject;
  p1.metadata.annotations = { touched: 'yes' };
  await r.update(POD, 'default', 'web-1', p1);
  await sleep(300);
  assert.equal((await getEp('web'))!.metadata.resourceVersion, rv);

  // relabel: the pod leaves the service
  const p2 = structuredClone(await r.get(POD, 'default', 'web-2')) as KubeObject;
  p2.metadata.labels = { app: 'other' };
  await r.update(POD, 'default', 'web-2', p2);
  await waitFor(async () => JSON.stringify(ips(await getEp('web'), 'addresses')) === '["10.42.0.11"]', 'web-2 removed on relabel');

  // deletion (graceful: terminating pods leave at once)
  await r.delete(POD, 'default', 'web-1', { gracePeriodSeconds: 0 });
  await waitFor(async () => ips(await getEp('web'), 'addresses').length === 0, 'web-1 removed on delete');

  // a manual edit of managed Endpoints is put right
  const tampered = structuredClone(await getEp('web')) as KubeObject;
  tampered.subsets = [{ addresses: [{ ip: '10.42.9.9' }], ports: [{ port: 1 }] }];
  await r.update(ENDPOINTS, 'default', 'web', tampered);
  await waitFor(async () => (await getEp('web'))?.subsets === undefined, 'tampered endpoints restored');

  // the service goes: so do its Endpoints
  await r.delete(SERVICE, 'default', 'web');
  await waitFor(async () => (await getEp('web')) === undefined, 'endpoints deleted with the service');
});

test('services without a selector keep user-managed Endpoints', async () => {
  const r = f.server.registry;
  await r.create(ENDPOINTS, 'default', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'external' },
    subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 5432 }] }],
  });
  await r.create(SERVICE, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'external' }, spec: { ports: [{ port: 5432 }] } });
  await mkPod('stray', { app: 'external' });
  await setStatus('stray', '10.42.0.40', true);
  await sleep(300);
  const ep = await getEp('external');
  assert.deepEqual(ips(ep, 'addresses'), ['192.0.2.10']);
  await r.delete(SERVICE, 'default', 'external');
  await sleep(300);
  assert.ok(await getEp('external'), 'user-made Endpoints survive their Service');
});

test('Endpoints are rebuilt after a server restart', async () => {
  const r = f.server.registry;
  await mkPod('db-1', { app: 'db' });
  await setStatus('db-1', '10.42.0.50', true);
  await r.create(SERVICE, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] } });
  await waitFor(async () => ips(await getEp('db'), 'addresses').length === 1, 'db endpoints');
  await f.stop();
  // while the server is down nothing changes; on start the controller checks every service again
  f = await startFixture(f.dataDir);
  await f.server.registry.delete(ENDPOINTS, 'default', 'db');
  await waitFor(async () => ips(await getEp('db'), 'addresses').length === 1, 'db endpoints recreated after restart');
});
