// host-gw routes for real, inside a namespace this test creates: the node has
// a veth on 192.0.2.0/24 (TEST-NET-1) where the "other nodes" would be.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HostGwRoutes, ROUTE_PROTO } from '../../../agent/routes/routes.js';
import { createTestNode, type TestNode } from '../../helpers/netns.js';

const n = (name: string, ip: string, podCIDR: string) => ({ name, ip, podCIDR });

describe('host-gw routes (in a test netns)', () => {
  let node: TestNode;
  const must = async (argv: string[]) => {
    const r = await node.exec(argv);
    assert.equal(r.exitCode, 0, r.stderr);
    return r.stdout;
  };
  before(async () => {
    node = await createTestNode();
    await must(['ip', 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb']);
    await must(['ip', 'addr', 'add', '192.0.2.1/24', 'dev', 'va']);
    await must(['ip', 'link', 'set', 'va', 'up']);
    await must(['ip', 'link', 'set', 'vb', 'up']);
    // someone else's route in the same range: never ours to touch
    await must(['ip', 'route', 'add', '10.42.9.0/24', 'via', '192.0.2.99', 'proto', 'static']);
  });
  after(async () => {
    await node.destroy();
  });

  // `show proto N` lists only our routes (and omits the proto column)
  const ours = async () => (await must(['ip', 'route', 'show', 'proto', String(ROUTE_PROTO)])).split('\n').map((l) => l.trim()).filter(Boolean).sort();

  it('installs routes to other nodes, follows nodes leaving, survives restart, cleans up', async () => {
    const r = new HostGwRoutes({ nodeName: 'a', podCIDR: '10.42.1.0/24', netns: node.name });
    const nodes = [n('a', '192.0.2.1', '10.42.1.0/24'), n('b', '192.0.2.2', '10.42.2.0/24'), n('c', '192.0.2.3', '10.42.3.0/24')];
    let res = await r.sync({ nodes });
    assert.deepEqual(res.errors, []);
    assert.deepEqual(await ours(), ['10.42.2.0/24 via 192.0.2.2 dev va', '10.42.3.0/24 via 192.0.2.3 dev va']);

    res = await r.sync({ nodes });
    assert.equal(res.plan.replace.length + res.plan.delete.length, 0, 'in sync: nothing to do');

    // node c leaves; b moves; a fresh executor (agent restart) finds the stale route by its proto
    const r2 = new HostGwRoutes({ nodeName: 'a', podCIDR: '10.42.1.0/24', netns: node.name });
    res = await r2.sync({ nodes: [nodes[0]!, n('b', '192.0.2.22', '10.42.2.0/24')] });
    assert.deepEqual(res.errors, []);
    assert.deepEqual(await ours(), ['10.42.2.0/24 via 192.0.2.22 dev va']);

    // an unreachable next hop is reported; the other routes are still applied
    res = await r2.sync({ nodes: [n('b', '192.0.2.22', '10.42.2.0/24'), n('d', '203.0.113.9', '10.42.4.0/24')] });
    assert.equal(res.errors.length, 1);
    assert.equal(res.errors[0]!.code, 'RouteReplaceFailed');
    assert.deepEqual(await ours(), ['10.42.2.0/24 via 192.0.2.22 dev va']);

    // the service CIDR onto the pod bridge: an error until the bridge exists, then installed
    const r3 = new HostGwRoutes({ nodeName: 'a', podCIDR: '10.42.1.0/24', bridge: 'ept0', netns: node.name });
    const withSvc = { nodes: [n('b', '192.0.2.22', '10.42.2.0/24')], serviceCIDR: '10.43.0.0/16' };
    res = await r3.sync(withSvc);
    assert.equal(res.errors.length, 1, 'no bridge yet');
    await must(['ip', 'link', 'add', 'ept0', 'type', 'bridge']);
    await must(['ip', 'addr', 'add', '10.42.1.1/24', 'dev', 'ept0']);
    await must(['ip', 'link', 'set', 'ept0', 'up']);
    res = await r3.sync(withSvc);
    assert.deepEqual(res.errors, []);
    assert.deepEqual(await ours(), ['10.42.2.0/24 via 192.0.2.22 dev va', '10.43.0.0/16 dev ept0 scope link']);
    assert.match(await must(['ip', 'route', 'get', '10.43.0.10']), /dev ept0 src 10\.42\.1\.1/, 'node traffic to a ClusterIP leaves from the bridge address');
    res = await r3.sync(withSvc);
    assert.equal(res.plan.replace.length + res.plan.delete.length, 0, 'service route in sync');

    await r2.cleanup();
    assert.deepEqual(await ours(), []);
    assert.match(await must(['ip', 'route', 'show', '10.42.9.0/24']), /via 192\.0\.2\.99/, 'foreign route untouched');
  });
});
