// Real traffic through the rendered rules: TCP servers in two pod namespaces
// on a bridge, clients in the node, in a pod and in a client namespace (see
// topology.ts; nothing leaves the test's namespaces).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NftCli } from '../../../agent/proxy/nft.js';
import { ServiceProxy } from '../../../agent/proxy/proxy.js';
import type { ServiceEntry } from '../../../shared/mqtt/cluster-services.js';
import { createTopology, type Topology } from './topology.js';
import { doc, ep, NODE, svc } from './fixtures.js';

const N = 24; // P(one of two backends never chosen in 24 random picks) = 2^-23

describe('proxy traffic (ClusterIP, NodePort, affinity, reject, DNS)', () => {
  let topo: Topology;
  let proxy: ServiceProxy;
  let web: ServiceEntry;

  before(async () => {
    topo = await createTopology();
    for (const p of topo.pods) await topo.serve(p.ns, '0.0.0.0', 8080, p.ns);
    await topo.serve(topo.node.name, '10.42.3.1', 53, 'dns');
    await topo.serve(topo.pods[0]!.ns, '0.0.0.0', 8081, 'third');
    proxy = new ServiceProxy({ nft: new NftCli({ netns: topo.node.name }), node: { ...NODE, ips: [topo.node.nodeIp] } });
    web = svc('web', '10.43.0.20', {
      type: 'NodePort',
      ports: [{ name: 'http', protocol: 'TCP', port: 80, nodePort: 30080 }],
      endpoints: topo.pods.map((p) => ep(p.ip, { http: 8080 })),
    });
    const sticky = svc('sticky', '10.43.0.21', { sessionAffinity: 'ClientIP', endpoints: topo.pods.map((p) => ep(p.ip, 8080)) });
    const empty = svc('empty', '10.43.0.22', {
      type: 'NodePort',
      ports: [{ name: '', protocol: 'TCP', port: 80, nodePort: 30090 }],
      endpoints: [ep(topo.pods[0]!.ip, 8080, false)],
    });
    // three backends (pod 1 serves two ports): the numgen index must pick each about equally
    const three = svc('three', '10.43.0.23', {
      endpoints: [ep(topo.pods[0]!.ip, 8080), ep(topo.pods[0]!.ip, 8081), ep(topo.pods[1]!.ip, 8080)],
    });
    await proxy.update(doc([web, sticky, empty, three]));
  });
  after(async () => {
    await proxy?.cleanup().catch(() => undefined);
    await topo?.destroy();
  });

  const names = () => new Set(topo.pods.map((p) => p.ns));

  it('ClusterIP from the node reaches both backends', async () => {
    assert.deepEqual(new Set(await topo.connect(topo.node.name, '10.43.0.20', 80, N)), names());
  });

  it('ClusterIP from a pod reaches both backends (including itself: hairpin)', async () => {
    assert.deepEqual(new Set(await topo.connect(topo.pods[0]!.ns, '10.43.0.20', 80, N)), names());
  });

  it('NodePort on the node IP from the client namespace reaches both backends', async () => {
    assert.deepEqual(new Set(await topo.connect(topo.client, topo.node.nodeIp, 30080, N)), names());
  });

  it('load balancing is uniform: 300 connections over three backends, each gets 50..150', async () => {
    // expected 100 each, standard deviation 8.2: the bounds are 6 sigma away (false failure ~1e-9)
    const counts = new Map<string, number>();
    for (const r of await topo.connect(topo.node.name, '10.43.0.23', 80, 300)) counts.set(r, (counts.get(r) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort(), [...names(), 'third'].sort());
    for (const [k, n] of counts) assert.ok(n >= 50 && n <= 150, `${k}: ${n} of 300 (${JSON.stringify([...counts])})`);
  });

  it('ClientIP affinity keeps one client on one backend', async () => {
    const seen = new Set(await topo.connect(topo.pods[1]!.ns, '10.43.0.21', 80, 10));
    assert.equal(seen.size, 1);
    assert.ok(names().has([...seen][0]!));
  });

  it('a service without ready endpoints is refused at once (ClusterIP and NodePort)', async () => {
    assert.deepEqual(await topo.connect(topo.node.name, '10.43.0.22', 80, 2), ['E:ECONNREFUSED', 'E:ECONNREFUSED']);
    assert.deepEqual(await topo.connect(topo.pods[0]!.ns, '10.43.0.22', 80, 1), ['E:ECONNREFUSED']);
    assert.deepEqual(await topo.connect(topo.client, topo.node.nodeIp, 30090, 1), ['E:ECONNREFUSED']);
    // a port the ClusterIP does not serve is refused too
    assert.deepEqual(await topo.connect(topo.node.name, '10.43.0.20', 81, 1), ['E:ECONNREFUSED']);
  });

  it('cluster DNS address is DNATed to the node-local DNS server on the bridge gateway', async () => {
    assert.deepEqual(await topo.connect(topo.pods[0]!.ns, '10.43.0.10', 53, 1), ['dns']);
    assert.deepEqual(await topo.connect(topo.node.name, '10.43.0.10', 53, 1), ['dns']);
  });

  it('an endpoint turning unready stops receiving traffic after an incremental update', async () => {
    const [p1, p2] = topo.pods;
    const r = await proxy.update(doc([{ ...web, endpoints: [ep(p1!.ip, { http: 8080 }), ep(p2!.ip, { http: 8080 }, false)] }], 2));
    assert.equal(r.mode, 'incremental');
    assert.deepEqual(new Set(await topo.connect(topo.node.name, '10.43.0.20', 80, 10)), new Set([p1!.ns]));
  });
});
