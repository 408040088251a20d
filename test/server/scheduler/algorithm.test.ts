// The aggregated unschedulable message and the node choice.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Algorithm, feasibleNodesToFind } from '../../../server/scheduler/algorithm.js';
import { fitErrorMessage } from '../../../server/scheduler/message.js';
import { podInfo } from '../../../server/scheduler/pod-info.js';
import { boundPod, Snapshot } from '../../../server/scheduler/snapshot.js';
import { normalizeImage, parseImageRef } from '../../../server/scheduler/image-ref.js';
import { node, pod, type NodeSpec } from './fakes.js';

function snap(nodes: NodeSpec[]): Snapshot {
  const s = new Snapshot();
  for (const n of nodes) s.upsertNode(node(n));
  return s;
}

describe('fit error message', () => {
  const cases: Array<{ name: string; nodes: number; reasons: Array<[string, number]>; want: string }> = [
    {
      name: 'kube-scheduler sorts the "<count> <reason>" strings',
      nodes: 3,
      reasons: [
        ['Insufficient memory', 2],
        ['node(s) had untolerated taint {x: y}', 1],
      ],
      want: '0/3 nodes are available: 1 node(s) had untolerated taint {x: y}, 2 Insufficient memory.',
    },
    {
      name: 'several reasons from one node',
      nodes: 2,
      reasons: [
        ['Insufficient memory', 2],
        ['Insufficient cpu', 2],
        ['node(s) were unschedulable', 0 + 0],
      ].filter(([, n]) => n) as Array<[string, number]>,
      want: '0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory.',
    },
    { name: 'no nodes at all', nodes: 0, reasons: [], want: 'no nodes available to schedule pods' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(fitErrorMessage(c.nodes, new Map(c.reasons)), c.want));
  }

  it('end to end over a snapshot', () => {
    const s = snap([
      { name: 'a', memory: '1Gi' },
      { name: 'b', memory: '1Gi' },
      { name: 'c', taints: [{ key: 'x', value: 'y', effect: 'NoSchedule' }] },
      { name: 'd', ready: false },
      { name: 'e', unschedulable: true },
    ]);
    const r = new Algorithm().schedule(podInfo(pod({ memory: '2Gi' })), s);
    assert.equal(r.ok, false);
    assert.equal(
      !r.ok && r.message,
      '0/5 nodes are available: 1 node(s) had untolerated taint {x: y}, 1 node(s) were not ready, 1 node(s) were unschedulable, 2 Insufficient memory.',
    );
  });
});

describe('node choice', () => {
  describe('feasibleNodesToFind follows kube-scheduler (numFeasibleNodesToFind)', () => {
    // [nodes, percentageOfNodesToScore (0 = adaptive), want]
    const cases: Array<[number, number, number]> = [
      [0, 0, 0],
      [1, 0, 1],
      [50, 0, 50], // under minFeasibleNodesToFind (100): every node
      [99, 0, 99],
      [100, 0, 100], // 50% of 100 = 50, raised to the minimum of 100
      [199, 0, 100],
      [250, 0, 120], // 50 − 2 = 48% of 250
      [1000, 0, 420], // 50 − 8 = 42%
      [5000, 0, 500], // 50 − 40 = 10%
      [5624, 0, 337], // 5624 / 125 = 44 (integer division): 6%
      [5625, 0, 281], // 50 − 45 = 5%
      [6000, 0, 300], // 50 − 48 = 2%, raised to the minimum of 5%
      [100_000, 0, 5000], // adaptive bottoms out at 5%
      [5000, 1, 100], // 1% = 50, raised to 100
      [5000, 2, 100],
      [5000, 3, 150],
      [5000, 50, 2500],
      [5000, 100, 5000],
      [5000, 150, 5000],
      [80, 10, 80], // small clusters: every node whatever the percentage
    ];
    for (const [nodes, pct, want] of cases) {
      it(`${nodes} nodes, ${pct || 'adaptive'}% → ${want}`, () => assert.equal(feasibleNodesToFind(nodes, pct), want));
    }
  });

  it('ties spread over equal nodes in turn; assumed pods count at once', () => {
    const s = snap([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const alg = new Algorithm();
    const chosen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = pod({ name: `p${i}`, cpu: '1' });
      const r = alg.schedule(podInfo(p), s);
      assert.ok(r.ok);
      if (r.ok) {
        chosen.push(r.node);
        s.addPod(boundPod(p, r.node));
      }
    }
    assert.deepEqual([...chosen].sort(), ['a', 'a', 'b', 'b', 'c', 'c']);
  });

  it('is deterministic for the same state', () => {
    const run = () => {
      const s = snap([{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }]);
      const alg = new Algorithm();
      return [0, 1, 2, 3, 4].map((i) => {
        const r = alg.schedule(podInfo(pod({ name: `p${i}` })), s);
        return r.ok ? r.node : '';
      });
    };
    assert.deepEqual(run(), run());
  });

  it('spreads pods of one owner', () => {
    const s = snap([{ name: 'a' }, { name: 'b' }]);
    s.addPod(boundPod(pod({ name: 'x', owner: 'rs' }), 'a'));
    s.addPod(boundPod(pod({ name: 'y' }), 'b'));
    const r = new Algorithm().schedule(podInfo(pod({ name: 'z', owner: 'rs' })), s);
    assert.ok(r.ok && r.node === 'b');
  });

  it('only a node that fits is chosen', () => {
    const s = snap([{ name: 'a', cpu: '1' }, { name: 'b', cpu: '8' }, { name: 'c', cpu: '1' }]);
    const r = new Algorithm().schedule(podInfo(pod({ cpu: '4' })), s);
    assert.ok(r.ok && r.node === 'b');
  });
});

describe('snapshot accounting', () => {
  it('adds, replaces and removes pods; nodes seen after their pods', () => {
    const s = new Snapshot();
    s.addPod(boundPod(pod({ name: 'p', cpu: '1', hostPorts: [{ hostPort: 80 }] }), 'late'));
    s.upsertNode(node({ name: 'late' }));
    const n = s.getNode('late')!;
    assert.equal(n.requested.cpu, 1000);
    assert.equal(n.podCount, 1);
    s.addPod(boundPod(pod({ name: 'p', cpu: '2' }), 'late'));
    assert.equal(n.requested.cpu, 2000);
    assert.equal(n.podCount, 1);
    assert.equal(n.hostPorts.size, 0);
    s.removePod('default/p');
    assert.equal(n.requested.cpu, 0);
    assert.equal(n.podCount, 0);
  });

  it('a node update keeps its pods and reports relevant changes only', () => {
    const s = new Snapshot();
    assert.equal(s.upsertNode(node({ name: 'n' })), true);
    s.addPod(boundPod(pod({ cpu: '1' }), 'n'));
    assert.equal(s.upsertNode(node({ name: 'n' })), false);
    assert.equal(s.upsertNode(node({ name: 'n', cpu: '8' })), true);
    assert.equal(s.getNode('n')!.requested.cpu, 1000);
    assert.equal(s.getNode('n')!.allocatable.cpu, 8000);
  });
});

describe('image references', () => {
  const cases: Array<[string, string]> = [
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['user/app:v1', 'docker.io/user/app:v1'],
    ['127.0.0.1:5000/edge/app:v2', '127.0.0.1:5000/edge/app:v2'],
    ['localhost/app', 'localhost/app:latest'],
    ['ghcr.io/o/r@sha256:' + 'a'.repeat(64), 'ghcr.io/o/r@sha256:' + 'a'.repeat(64)],
  ];
  for (const [input, want] of cases) it(`${input} → ${want}`, () => assert.equal(normalizeImage(input), want));
  it('rejects garbage', () => assert.equal(parseImageRef('UPPER/Case'), undefined));
});

describe('fused scoring', () => {
  it('scoreNodes equals the one-scorer-at-a-time reference', async () => {
    const { scoreNodes, scoreNodesGeneric } = await import('../../../server/scheduler/scores.js');
    const s = new Snapshot();
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 40; i++) {
      s.upsertNode(
        node({
          name: `n${i}`,
          cpu: String(1 + rnd(8)),
          memory: `${1 + rnd(16)}Gi`,
          taints: rnd(3) === 0 ? [{ key: `t${rnd(2)}`, effect: 'PreferNoSchedule' }] : undefined,
          images: rnd(2) ? [{ names: ['docker.io/library/nginx:1.25'], sizeBytes: rnd(900) * 1024 * 1024 }] : undefined,
        }),
      );
    }
    for (let i = 0; i < 60; i++) s.addPod(boundPod(pod({ name: `b${i}`, cpu: `${rnd(900)}m`, memory: `${rnd(900)}Mi`, owner: `rs${rnd(3)}` }), `n${rnd(40)}`));
    for (const p of [pod({ name: 'x', cpu: '300m', owner: 'rs1', image: 'nginx:1.25' }), pod({ name: 'y', tolerations: [{ key: 't0', operator: 'Exists' }] }), pod({ name: 'z' })]) {
      const info = podInfo(p);
      const nodes = s.nodeList();
      assert.deepEqual(scoreNodes(info, nodes, s), scoreNodesGeneric(info, nodes, s));
    }
  });
});
