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

    const c = await cleanupServiceRouting({ netns: node.name });
    assert.equal(c.table, true);
    assert.equal(c.routes.plan.delete.length, 1);
    assert.equal(await nft.listTable('ip', 'edgeplane'), undefined);
    assert.equal((await node.exec(['ip', 'route', 'show', 'proto', String(ROUTE_PROTO)])).stdout.trim(), '');
  });
});
