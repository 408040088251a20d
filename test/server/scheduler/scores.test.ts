// Each score, table-driven, and the weighted choice.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  balancedAllocationScore,
  imageLocalityScore,
  leastAllocatedScore,
  ownerSpreadRaw,
  preferNoScheduleRaw,
  reverseNormalize,
  scoreNodes,
} from '../../../server/scheduler/scores.js';
import { podInfo } from '../../../server/scheduler/pod-info.js';
import { boundPod, Snapshot } from '../../../server/scheduler/snapshot.js';
import { node, pod, type NodeSpec, type PodSpecOpts } from './fakes.js';

function snap(nodes: NodeSpec[], bound: Array<[string, PodSpecOpts]> = []): Snapshot {
  const s = new Snapshot();
  for (const n of nodes) s.upsertNode(node(n));
  bound.forEach(([n, p], i) => s.addPod(boundPod(pod({ name: `b${i}`, ...p }), n)));
  return s;
}

const MB = 1024 * 1024;

describe('scheduler scores', () => {
  describe('least allocated', () => {
    const cases: Array<{ name: string; node: NodeSpec; bound: PodSpecOpts[]; pod: PodSpecOpts; want: number }> = [
      { name: 'empty node, half of cpu and memory', node: { name: 'n', cpu: '2', memory: '2Gi' }, bound: [], pod: { cpu: '1', memory: '1Gi' }, want: 50 },
      { name: 'cpu 75% free, memory 25% free', node: { name: 'n', cpu: '4', memory: '4Gi' }, bound: [{ cpu: '500m', memory: '2Gi' }], pod: { cpu: '500m', memory: '1Gi' }, want: 50 },
      { name: 'over-committed counts 0', node: { name: 'n', cpu: '1', memory: '1Gi' }, bound: [], pod: { cpu: '2', memory: '512Mi' }, want: 25 },
      // best-effort pods count as 100m / 200 MB (non-zero defaults)
      { name: 'best-effort pod', node: { name: 'n', cpu: '1', memory: '1000Mi' }, bound: [], pod: {}, want: 85 },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const s = snap([c.node], c.bound.map((b) => [c.node.name, b]));
        assert.equal(leastAllocatedScore(podInfo(pod(c.pod)), s.getNode(c.node.name)!), c.want);
      });
    }
  });

  describe('balanced allocation', () => {
    const cases: Array<{ name: string; node: NodeSpec; pod: PodSpecOpts; want: number }> = [
      { name: 'equal fractions', node: { name: 'n', cpu: '2', memory: '2Gi' }, pod: { cpu: '1', memory: '1Gi' }, want: 100 },
      { name: 'cpu 50%, memory 10%', node: { name: 'n', cpu: '2', memory: '10Gi' }, pod: { cpu: '1', memory: '1Gi' }, want: 80 },
      { name: 'fractions are capped at 1', node: { name: 'n', cpu: '1', memory: '10Gi' }, pod: { cpu: '4', memory: '0' }, want: 50 },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const s = snap([c.node]);
        const p = podInfo(pod(c.pod));
        // memory '0' is a zero request; the non-zero default applies: 200 MB of 10 Gi
        const score = balancedAllocationScore(p, s.getNode('n')!);
        if (c.name === 'fractions are capped at 1') assert.equal(score, Math.floor((1 - Math.abs(1 - (200 * MB) / (10 * 1024 * MB)) / 2) * 100));
        else assert.equal(score, c.want);
      });
    }
  });

  describe('owner spread', () => {
    it('counts pods of the same controller owner, reversed and normalised', () => {
      const s = snap([{ name: 'a' }, { name: 'b' }, { name: 'c' }], [
        ['a', { owner: 'rs1' }],
        ['a', { owner: 'rs1' }],
        ['b', { owner: 'rs1' }],
        ['c', { owner: 'rs2' }],
      ]);
      const p = podInfo(pod({ owner: 'rs1' }));
      const raw = ['a', 'b', 'c'].map((n) => ownerSpreadRaw(p, s.getNode(n)!));
      assert.deepEqual(raw, [2, 1, 0]);
      reverseNormalize(raw);
      assert.deepEqual(raw, [0, 50, 100]);
    });
    it('a pod without owner scores the same everywhere', () => {
      const raw = [0, 0];
      reverseNormalize(raw);
      assert.deepEqual(raw, [100, 100]);
    });
  });

  describe('image locality', () => {
    const cases: Array<{ name: string; nodes: NodeSpec[]; image: string; want: number }> = [
      { name: 'image absent', nodes: [{ name: 'n' }], image: 'nginx:1.25', want: 0 },
      {
        name: 'large image on the only node',
        nodes: [{ name: 'n', images: [{ names: ['docker.io/library/nginx:1.25'], sizeBytes: 523 * MB }] }],
        image: 'nginx:1.25',
        want: 51,
      },
      {
        name: 'spread over half of the nodes: scaled by 1/2',
        nodes: [{ name: 'n', images: [{ names: ['docker.io/library/nginx:1.25'], sizeBytes: 1046 * MB }] }, { name: 'm' }],
        image: 'docker.io/library/nginx:1.25',
        want: 51,
      },
      { name: 'small image below the threshold', nodes: [{ name: 'n', images: [{ names: ['busybox:1.36'], sizeBytes: 2 * MB }] }], image: 'busybox:1.36', want: 0 },
      { name: 'huge image is capped', nodes: [{ name: 'n', images: [{ names: ['big:1'], sizeBytes: 5000 * MB }] }], image: 'big:1', want: 100 },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const s = snap(c.nodes);
        assert.equal(imageLocalityScore(podInfo(pod({ image: c.image })), s.getNode('n')!, s), c.want);
      });
    }
  });

  describe('PreferNoSchedule taints', () => {
    const cases: Array<{ name: string; taints: NodeSpec['taints']; tolerations?: any[]; want: number }> = [
      { name: 'no taints', taints: [], want: 0 },
      { name: 'one intolerable', taints: [{ key: 'a', effect: 'PreferNoSchedule' }], want: 1 },
      { name: 'NoSchedule is not counted', taints: [{ key: 'a', effect: 'NoSchedule' }], want: 0 },
      { name: 'tolerated', taints: [{ key: 'a', effect: 'PreferNoSchedule' }], tolerations: [{ key: 'a', operator: 'Exists', effect: 'PreferNoSchedule' }], want: 0 },
      {
        name: 'NoSchedule toleration does not count for PreferNoSchedule',
        taints: [{ key: 'a', effect: 'PreferNoSchedule' }],
        tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }],
        want: 1,
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const s = snap([{ name: 'n', taints: c.taints }]);
        assert.equal(preferNoScheduleRaw(podInfo(pod({ tolerations: c.tolerations })), s.getNode('n')!), c.want);
      });
    }
  });

  it('weighted sum prefers the untainted, emptier node', () => {
    const s = snap(
      [{ name: 'a', taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }, { name: 'b' }, { name: 'c' }],
      [['c', { cpu: '2', memory: '2Gi' }]],
    );
    const nodes = ['a', 'b', 'c'].map((n) => s.getNode(n)!);
    const totals = scoreNodes(podInfo(pod({ cpu: '1' })), nodes, s);
    assert.ok(totals[1] > totals[0], `untainted b beats a: ${totals}`);
    assert.ok(totals[1] > totals[2], `empty b beats loaded c: ${totals}`);
  });
});
