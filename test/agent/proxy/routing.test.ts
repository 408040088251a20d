// ServiceRouting (proxy + host-gw routes) and the --cleanup entry point, in a test netns.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanupServiceRouting, ServiceRouting } from '../../../agent/proxy/routing.js';
import { NftCli } from '../../../agent/proxy/nft.js';
import { ROUTE_PROTO } from '../../../agent/routes/routes.js';
import { createTestNode, type TestNode } from '../../helpers/netns.js';
import { doc, ep, svc } from './fixtures.js';

describe('service routing facade and cleanup', () => {
  let node: TestNode;
  before(async () => {
    node = await createTestNode();
    for (const argv of [
      ['ip', 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb'],
      ['ip', 'addr', 'add', '192.0.2.1/24', 'dev', 'va'],
      ['ip', 'link', 'set', 'va', 'up'],
      ['ip', 'link', 'set', 'vb', 'up'],
      // the pod bridge (made by the CNI bridge plugin on a real node): the service CIDR is routed onto it
      ['ip', 'link', 'add', 'ep0', 'type', 'bridge'],
      ['ip', 'addr', 'add', '10.42.1.1/24', 'dev', 'ep0'],
      ['ip', 'link', 'set', 'ep0', 'up'],
    ]) {
      assert.equal((await node.exec(argv)).exitCode, 0);
    }
  });
  after(async () => {
    await node.destroy();
  });

  it('applies rules and routes; cleanup removes both without any state', async () => {
    const r = new ServiceRouting({ node: { name: 'a', ips: ['192.0.2.1'], podCIDR: '10.42.1.0/24' }, netns: node.name });
    const cs = {
      ...doc([svc('web', '10.43.0.20', { endpoints: [ep('10.42.2.5', 80)] })]),
      nodes: [
        { name: 'a', ip: '192.0.2.1', podCIDR: '10.42.1.0/24' },
        { name: 'b', ip: '192.0.2.2', podCIDR: '10.42.2.0/24' },
      ],
    };
    const res = await r.apply(cs);
    assert.equal(res.proxy.mode, 'full');
    assert.deepEqual(res.routes.errors, []);
    const nft = new NftCli({ netns: node.name });
    assert.match((await nft.listTable('ip', 'edgeplane'))!, /10\.43\.0\.20 \. 80 \. 0 : 10\.42\.2\.5 \. 80/);
    assert.match((await node.exec(['ip', 'route', 'show', 'proto', String(ROUTE_PROTO)])).stdout, /10\.42\.2\.0\/24 via 192\.0\.2\.2/);
    assert.match((await node.exec(['ip', 'route', 'show', 'proto', String(ROUTE_PROTO)])).stdout, /10\.43\.0\.0\/16 dev ep0/);


    // An endpoint-only change does not re-read the routes: a route removed by hand stays
    // missing until the node list changes or the periodic re-check runs.
    assert.equal((await node.exec(['ip', 'route', 'del', '10.42.2.0/24', 'proto', String(ROUTE_PROTO)])).exitCode, 0);
    const moved = { ...cs, services: doc([svc('web', '10.43.0.20', { endpoints: [ep('10.42.2.6', 80)] })]).services };
    const res2 = await r.apply(moved);
    assert.equal(res2.proxy.mode, 'incremental');
    assert.equal(res2.routes.skipped, true);
    assert.match((await nft.listTable('ip', 'edgeplane'))!, /10\.43\.0\.20 \. 80 \. 0 : 10\.42\.2\.6 \. 80/);
    assert.doesNotMatch((await node.exec(['ip', 'route', 'show', 'proto', String(ROUTE_PROTO)])).stdout, /10\.42\.2\.0/);
    const again = await r.resyncRoutes();
    assert.deepEqual(again?.plan.replace, [{ dst: '10.42.2.0/24', via: '192.0.2.2' }]);
    assert.match((await node.exec(['ip', 'route', 'show', 'proto', String(ROUTE_PROTO)])).stdout, /10\.42\.2\.0\/24 via 192\.0\.2\.2/);
    // a changed node list syncs routes again at once
    const res3 = await r.apply({ ...moved, nodes: [...moved.nodes, { name: 'c', ip: '192.0.2.3', podCIDR: '10.42.3.0/24' }] });
    assert.equal(res3.routes.skipped, undefined);
    assert.deepEqual(res3.routes.plan.replace, [{ dst: '10.42.3.0/24', via: '192.0.2.3' }]);

    const c = await cleanupServiceRouting({ netns: node.name });
    assert.equal(c.table, true);
    assert.equal(c.routes.plan.delete.length, 3, 'two pod CIDR routes and the service CIDR route');
    assert.equal(await nft.listTable('ip', 'edgeplane'), undefined);
    assert.doesNotMatch((await node.exec(['ip', 'route', 'show', 'proto', String(ROUTE_PROTO)])).stdout, /10\.42\.2\.0/);
  });
});
