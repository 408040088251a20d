// Rollout math, table-driven (cases follow deployment_util_test.go and
// sync_test.go of Kubernetes).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  maxSurge,
  maxUnavailable,
  newRSReplicas,
  proportionalScale,
  resolveFenceposts,
  scaleDownOld,
  type RolloutParams,
  type RsCounts,
} from '../../../../server/controllers/deployment/math.js';
import { computeHash } from '../../../../server/controllers/deployment/hash.js';

const rs = (name: string, replicas: number, available = replicas, created = 0, maxReplicasAnnotation?: number): RsCounts => ({
  name,
  replicas,
  available,
  created,
  maxReplicasAnnotation,
});

describe('resolveFenceposts: surge rounds up, unavailable rounds down', () => {
  const cases: Array<[string | number, string | number, number, number, number]> = [
    // maxSurge, maxUnavailable, desired, surge, unavailable
    ['25%', '25%', 4, 1, 1],
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 1, 1, 0],
    ['0%', '1%', 10, 0, 1], // both 0 after rounding: unavailable becomes 1
    [0, '1%', 10, 0, 1],
    ['50%', 0, 3, 2, 0],
    [2, 1, 5, 2, 1],
    ['100%', '100%', 7, 7, 7],
    ['10%', '10%', 0, 0, 1],
  ];
  for (const [s, u, desired, surge, unavailable] of cases) {
    it(`${s}/${u} of ${desired} → surge ${surge}, unavailable ${unavailable}`, () => {
      assert.deepEqual(resolveFenceposts(s, u, desired), { surge, unavailable });
    });
  }
});

describe('maxSurge / maxUnavailable of a Deployment', () => {
  const cases: Array<[string, RolloutParams, number, number]> = [
    ['recreate', { replicas: 5 }, 0, 0],
    ['defaults on 4', { replicas: 4, maxSurge: '25%', maxUnavailable: '25%' }, 1, 1],
    ['0 replicas: nothing unavailable', { replicas: 0, maxSurge: '25%', maxUnavailable: '25%' }, 0, 0],
    ['unavailable capped at replicas', { replicas: 2, maxSurge: 1, maxUnavailable: 5 }, 1, 2],
  ];
  for (const [name, p, surge, unavailable] of cases) {
    it(name, () => {
      assert.equal(maxSurge(p), surge);
      assert.equal(maxUnavailable(p), unavailable);
    });
  }
});

describe('newRSReplicas', () => {
  const cases: Array<[string, RolloutParams, RsCounts[], RsCounts, number]> = [
    ['surge 1 from 3 old', { replicas: 3, maxSurge: 1, maxUnavailable: 0 }, [rs('old', 3), rs('new', 0)], rs('new', 0), 1],
    ['no room: at max total', { replicas: 3, maxSurge: 1, maxUnavailable: 0 }, [rs('old', 3), rs('new', 1)], rs('new', 1), 1],
    ['room after old shrank', { replicas: 3, maxSurge: 1, maxUnavailable: 0 }, [rs('old', 1), rs('new', 2)], rs('new', 2), 3],
    ['never above replicas', { replicas: 3, maxSurge: '100%', maxUnavailable: 0 }, [rs('old', 3), rs('new', 0)], rs('new', 0), 3],
    ['25% of 10 surges 3', { replicas: 10, maxSurge: '25%', maxUnavailable: '25%' }, [rs('old', 10), rs('new', 0)], rs('new', 0), 3],
    ['recreate: all at once', { replicas: 4 }, [rs('new', 0)], rs('new', 0), 4],
  ];
  for (const [name, p, all, newRS, want] of cases) {
    it(name, () => assert.equal(newRSReplicas(p, all, newRS), want));
  }
});

describe('scaleDownOld (reconcileOldReplicaSets)', () => {
  const cases: Array<[string, RolloutParams, RsCounts[], RsCounts, Record<string, number>]> = [
    ['nothing old', { replicas: 3, maxSurge: 1, maxUnavailable: 1 }, [rs('old', 0)], rs('new', 3), {}],
    ['maxUnavailable 1: one old goes at once', { replicas: 3, maxSurge: 1, maxUnavailable: 1 }, [rs('old', 3)], rs('new', 1, 0), { old: 2 }],
    ['maxUnavailable 0: wait for the new pod', { replicas: 3, maxSurge: 1, maxUnavailable: 0 }, [rs('old', 3)], rs('new', 1, 0), {}],
    ['maxUnavailable 0: new pod available, one old goes', { replicas: 3, maxSurge: 1, maxUnavailable: 0 }, [rs('old', 3)], rs('new', 1, 1), { old: 2 }],
    [
      'unhealthy old replicas go first, oldest RS first',
      { replicas: 4, maxSurge: 0, maxUnavailable: 1 },
      [rs('a', 2, 1, 1), rs('b', 2, 2, 2)],
      rs('new', 0, 0, 3),
      { a: 1 },
    ],
    [
      'unhealthy cleanup bounded by what may go',
      { replicas: 10, maxSurge: 0, maxUnavailable: 2 },
      [rs('old', 10, 5)],
      rs('new', 0, 0, 1),
      { old: 8 },
    ],
    [
      'available scale-down spread over olds, oldest first',
      { replicas: 4, maxSurge: 2, maxUnavailable: 2 },
      [rs('a', 1, 1, 1), rs('b', 3, 3, 2)],
      rs('new', 2, 2, 3),
      { a: 0, b: 0 },
    ],
    ['new pods not available block', { replicas: 4, maxSurge: 1, maxUnavailable: 1 }, [rs('old', 3)], rs('new', 2, 0), {}],
  ];
  for (const [name, p, olds, newRS, want] of cases) {
    it(name, () => assert.deepEqual(Object.fromEntries(scaleDownOld(p, olds, newRS)), want));
  }
});

describe('proportionalScale (a Deployment resized mid-rollout)', () => {
  const cases: Array<[string, RolloutParams, RsCounts[], number, Record<string, number>]> = [
    // Kubernetes' TestScale "proportional scaling: 5 -> 10" style cases
    [
      '10 → 20: both RSes double',
      { replicas: 20, maxSurge: 0, maxUnavailable: 1 },
      [rs('new', 5, 5, 2, 10), rs('old', 5, 5, 1, 10)],
      10,
      { new: 10, old: 10 },
    ],
    [
      '10 → 5: both halve',
      { replicas: 5, maxSurge: 0, maxUnavailable: 1 },
      [rs('new', 5, 5, 2, 10), rs('old', 5, 5, 1, 10)],
      10,
      { new: 3, old: 2 },
    ],
    [
      'leftover goes to the largest (newer on ties when growing)',
      { replicas: 13, maxSurge: 0, maxUnavailable: 1 },
      [rs('new', 4, 4, 2, 10), rs('old', 6, 6, 1, 10)],
      10,
      { old: 8, new: 5 },
    ],
    [
      'growing: fraction from the max-replicas annotation, surge included',
      { replicas: 6, maxSurge: 2, maxUnavailable: 0 },
      [rs('new', 2, 0, 2, 5), rs('old', 3, 3, 1, 5)],
      5,
      { old: 5, new: 3 },
    ],
    [
      'to zero: everything goes',
      { replicas: 0, maxSurge: 1, maxUnavailable: 1 },
      [rs('new', 2, 0, 2, 4), rs('old', 2, 2, 1, 4)],
      4,
      { new: 0, old: 0 },
    ],
    [
      'no annotation: status.replicas is the base',
      { replicas: 8, maxSurge: 0, maxUnavailable: 1 },
      [rs('new', 2, 2, 2), rs('old', 2, 2, 1)],
      4,
      { new: 4, old: 4 },
    ],
  ];
  for (const [name, p, active, statusReplicas, want] of cases) {
    it(name, () => {
      const got = Object.fromEntries(proportionalScale(p, active, statusReplicas));
      assert.deepEqual(got, want);
      const total = Object.values(got).reduce((a, b) => a + b, 0);
      assert.equal(total, p.replicas > 0 ? p.replicas + maxSurge(p) : 0, 'the total is replicas + maxSurge');
    });
  }
});

describe('pod-template-hash', () => {
  const tpl = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox:1' }] } };
  it('is stable, short, key-order independent, and changes with the template and collisionCount', () => {
    const h = computeHash(tpl);
    assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    assert.equal(computeHash(structuredClone(tpl)), h);
    assert.equal(computeHash({ spec: tpl.spec, metadata: tpl.metadata }), h);
    assert.notEqual(computeHash({ ...tpl, spec: { containers: [{ name: 'c', image: 'busybox:2' }] } }), h);
    assert.notEqual(computeHash(tpl, 1), h);
  });
});
