import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { desiredRoutes, planRoutes, serviceRoute, type PodRoute } from '../../../agent/routes/plan.js';

const self = { name: 'a', podCIDR: '10.42.1.0/24' };
const n = (name: string, ip: string, podCIDR: string) => ({ name, ip, podCIDR });

describe('host-gw route planning', () => {
  it('desired: every other node, never self, skips bad entries, first claim of a CIDR wins', () => {
    const got = desiredRoutes(
      [
        n('c', '192.0.2.3', '10.42.3.0/24'),
        n('a', '192.0.2.1', '10.42.1.0/24'),
        n('b', '192.0.2.2', '10.42.2.0/24'),
        n('d', '', '10.42.4.0/24'),
        n('e', '192.0.2.5', ''),
        n('f', '192.0.2.6', '10.42.2.0/24'),
        n('g', '192.0.2.7', '10.42.1.0/24'),
      ],
      self,
    );
    assert.deepEqual(got, [
      { dst: '10.42.2.0/24', via: '192.0.2.2' },
      { dst: '10.42.3.0/24', via: '192.0.2.3' },
    ]);
  });

  it('service route: the service CIDR onto the pod bridge, only when both are known and valid', () => {
    assert.deepEqual(serviceRoute('10.43.0.0/16', 'ep0'), [{ dst: '10.43.0.0/16', dev: 'ep0' }]);
    assert.deepEqual(serviceRoute('', 'ep0'), []);
    assert.deepEqual(serviceRoute('10.43.0.0/16', undefined), []);
    assert.deepEqual(serviceRoute('not-a-cidr', 'ep0'), []);
  });

  const cases: Array<{ name: string; desired: PodRoute[]; observed: PodRoute[]; replace: string[]; del: string[] }> = [
    { name: 'nothing', desired: [], observed: [], replace: [], del: [] },
    { name: 'new node', desired: [{ dst: '10.42.2.0/24', via: '192.0.2.2' }], observed: [], replace: ['10.42.2.0/24'], del: [] },
    {
      name: 'in sync',
      desired: [{ dst: '10.42.2.0/24', via: '192.0.2.2' }],
      observed: [{ dst: '10.42.2.0/24', via: '192.0.2.2' }],
      replace: [],
      del: [],
    },
    {
      name: 'node changed IP',
      desired: [{ dst: '10.42.2.0/24', via: '192.0.2.9' }],
      observed: [{ dst: '10.42.2.0/24', via: '192.0.2.2' }],
      replace: ['10.42.2.0/24'],
      del: [],
    },
    { name: 'node left', desired: [], observed: [{ dst: '10.42.2.0/24', via: '192.0.2.2' }], replace: [], del: ['10.42.2.0/24'] },
    { name: 'service route in sync', desired: [{ dst: '10.43.0.0/16', dev: 'ep0' }], observed: [{ dst: '10.43.0.0/16', dev: 'ep0' }], replace: [], del: [] },
    { name: 'service route on another bridge', desired: [{ dst: '10.43.0.0/16', dev: 'ep1' }], observed: [{ dst: '10.43.0.0/16', dev: 'ep0' }], replace: ['10.43.0.0/16'], del: [] },
    { name: 'service CIDR changed', desired: [{ dst: '10.96.0.0/12', dev: 'ep0' }], observed: [{ dst: '10.43.0.0/16', dev: 'ep0' }], replace: ['10.96.0.0/12'], del: ['10.43.0.0/16'] },
  ];
  for (const c of cases) {
    it(`plan: ${c.name}`, () => {
      const p = planRoutes(c.desired, c.observed);
      assert.deepEqual(p.replace.map((r) => r.dst), c.replace);
      assert.deepEqual(p.delete.map((r) => r.dst), c.del);
    });
  }
});
