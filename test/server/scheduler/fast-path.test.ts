// The decision's fast path (node columns, per-slot owner and image indexes)
// against a reference built from the plain pieces: runFilters on every node of
// the rotated scan and the one-scorer-at-a-time scores. Random clusters and
// pods with every feature the filters and scores look at; the same decisions,
// the same unschedulable messages.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Algorithm, feasibleNodesToFind, type ScheduleResult } from '../../../server/scheduler/algorithm.js';
import { F_HARD_TAINTS, F_HOST_PORTS, F_READY, F_TAINTS, F_UNSCHEDULABLE, setDenseThreshold, SlotValues } from '../../../server/scheduler/columns.js';
import { runFilters } from '../../../server/scheduler/filters.js';
import { fitErrorMessage } from '../../../server/scheduler/message.js';
import { podInfo, type PodInfo } from '../../../server/scheduler/pod-info.js';
import { podRequests } from '../../../server/scheduler/resources.js';
import { scoreNodesGeneric } from '../../../server/scheduler/scores.js';
import { boundPod, Snapshot, type NodeInfo } from '../../../server/scheduler/snapshot.js';
import { node, pod } from './fakes.js';

/** the decision as the plain pieces make it (the algorithm before the columns) */
class Reference {
  private next = 0;
  constructor(private readonly pct = 0) {}
  schedule(p: PodInfo, snap: Snapshot): ScheduleResult {
    const nodes = snap.nodeList();
    const all = nodes.length;
    const want = feasibleNodesToFind(all, this.pct);
    const feasible: NodeInfo[] = [];
    const reasons = new Map<string, number>();
    const start = all === 0 ? 0 : this.next % all;
    let scanned = 0;
    for (; scanned < all && feasible.length < want; scanned++) {
      const n = nodes[(start + scanned) % all];
      const r = runFilters(p, n);
      if (r.length === 0) feasible.push(n);
      else for (const reason of r) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    this.next = all === 0 ? 0 : (start + (scanned >= all ? 1 : scanned)) % all;
    if (feasible.length === 0) return { ok: false, message: fitErrorMessage(all, reasons), reasons };
    if (feasible.length === 1) return { ok: true, node: feasible[0].name, score: 0, feasible: 1, evaluated: scanned };
    const scores = scoreNodesGeneric(p, feasible, snap);
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
    return { ok: true, node: feasible[best].name, score: scores[best], feasible: feasible.length, evaluated: scanned };
  }
}

function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
}

const IMAGES = ['docker.io/library/nginx:1.25', 'registry.local/web:1', 'registry.local/db:2'];

function randomNode(rnd: (n: number) => number, i: number) {
  const taints: Array<{ key: string; value?: string; effect: string }> = [];
  if (rnd(5) === 0) taints.push({ key: `soft${rnd(2)}`, effect: 'PreferNoSchedule' });
  if (rnd(12) === 0) taints.push({ key: 'hard', value: 'x', effect: rnd(2) ? 'NoSchedule' : 'NoExecute' });
  if (rnd(15) === 0) taints.push({ key: 'soft0', effect: 'PreferNoSchedule' });
  return node({
    name: `n${String(i).padStart(3, '0')}`,
    cpu: String(1 + rnd(4)),
    memory: `${1 + rnd(8)}Gi`,
    pods: 3 + rnd(20),
    labels: { 'kubernetes.io/arch': rnd(4) === 0 ? 'amd64' : 'arm64', zone: `z${rnd(3)}` },
    taints: taints.length ? taints : undefined,
    unschedulable: rnd(20) === 0,
    ready: rnd(25) !== 0,
    images: rnd(3) === 0 ? [{ names: [IMAGES[rnd(3)]], sizeBytes: rnd(3) === 0 ? 0 : (10 + rnd(900)) * 1024 * 1024 }] : undefined,
  });
}

function randomPod(rnd: (n: number) => number, i: number) {
  const k = rnd(10);
  return pod({
    name: `p${i}`,
    cpu: rnd(4) === 0 ? undefined : `${50 + rnd(900)}m`,
    memory: rnd(4) === 0 ? undefined : `${64 + rnd(900)}Mi`,
    owner: rnd(5) === 0 ? undefined : `rs${rnd(4)}`,
    image: rnd(2) ? IMAGES[rnd(3)] : 'busybox:1.36',
    nodeSelector: k === 0 ? { 'kubernetes.io/arch': 'amd64' } : k === 1 ? { zone: 'z1' } : undefined,
    affinity:
      k === 2
        ? { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['z0'] }] }] } } }
        : undefined,
    tolerations:
      k === 3
        ? [{ key: 'hard', operator: 'Exists' }]
        : k === 4
          ? [{ key: 'soft0', operator: 'Exists', effect: 'PreferNoSchedule' }]
          : k === 5
            ? [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]
            : undefined,
    hostPorts: k === 6 ? [{ hostPort: 8080 + rnd(2) }] : undefined,
  });
}

describe('decision fast path', () => {
  // dense 2: the owner and image indexes switch to dense arrays almost at once
  for (const [seed, pct, dense] of [
    [1, 0, 256],
    [2, 0, 256],
    [3, 5, 256],
    [4, 100, 256],
    [5, 0, 2],
    [6, 5, 2],
  ] as const) {
    it(`makes the reference's decisions (seed ${seed}, percentage ${pct || 'adaptive'}, dense index from ${dense} entries)`, (t) => {
      setDenseThreshold(dense);
      t.after(() => setDenseThreshold(256));
      const rnd = random(seed);
      const fast = new Snapshot();
      const ref = new Snapshot();
      for (let i = 0; i < 150; i++) {
        const n = randomNode(rnd, i);
        fast.upsertNode(n);
        ref.upsertNode(n);
      }
      const a = new Algorithm({ percentageOfNodesToScore: pct });
      const r = new Reference(pct);
      let scheduled = 0;
      let failed = 0;
      for (let i = 0; i < 600; i++) {
        const p = randomPod(rnd, i);
        const got = a.schedule(podInfo(p), fast);
        const want = r.schedule(podInfo(p), ref);
        assert.deepEqual(got, want, `pod ${i}`);
        if (got.ok) {
          scheduled++;
          fast.addPod(boundPod(p, got.node));
          ref.addPod(boundPod(p, got.node));
        } else failed++;
        // churn: pods finish, nodes change, leave and come back
        if (i % 7 === 0 && scheduled > 0) {
          const key = `default/p${rnd(i + 1)}`;
          fast.removePod(key);
          ref.removePod(key);
        }
        if (i % 23 === 0) {
          const n = randomNode(rnd, rnd(150));
          fast.upsertNode(n);
          ref.upsertNode(n);
        }
        if (i % 97 === 0) {
          const name = `n${String(rnd(150)).padStart(3, '0')}`;
          const back = fast.getNode(name)?.node;
          fast.removeNode(name);
          ref.removeNode(name);
          if (back && rnd(2)) {
            fast.upsertNode(back);
            ref.upsertNode(back);
          }
        }
      }
      // the cluster is small enough that both outcomes happen
      assert.ok(scheduled > 100 && failed > 0, `scheduled ${scheduled}, failed ${failed}`);
    });
  }
});

describe('snapshot columns', () => {
  for (const dense of [256, 2]) it(`mirror the NodeInfo fields through pod and node churn (dense index from ${dense} entries)`, (t) => {
    setDenseThreshold(dense);
    t.after(() => setDenseThreshold(256));
    const rnd = random(9 + dense);
    const s = new Snapshot();
    for (let i = 0; i < 60; i++) s.upsertNode(randomNode(rnd, i));
    for (let i = 0; i < 400; i++) {
      const p = randomPod(rnd, i);
      s.addPod(boundPod(p, `n${String(rnd(70)).padStart(3, '0')}`)); // some on nodes not (yet) known
      if (i % 5 === 0) s.removePod(`default/p${rnd(i + 1)}`);
      if (i % 31 === 0) s.removeNode(`n${String(rnd(60)).padStart(3, '0')}`);
      if (i % 17 === 0) s.upsertNode(randomNode(rnd, rnd(70)));
    }
    const c = s.columns;
    const slots = new Set<number>();
    for (const n of s.nodeList()) {
      const k = n.slot;
      assert.ok(!slots.has(k), `slot ${k} used twice`);
      slots.add(k);
      assert.equal(s.nodeAt(k), n);
      assert.deepEqual(
        [c.allocCpu[k], c.allocMemory[k], c.allocPods[k], c.reqCpu[k], c.reqMemory[k], c.nonZeroCpu[k], c.nonZeroMemory[k], c.pods[k], c.softTaints[k]],
        [
          n.allocatable.cpu,
          n.allocatable.memory,
          n.allocatable.pods,
          n.requested.cpu,
          n.requested.memory,
          n.nonZeroRequested.cpu,
          n.nonZeroRequested.memory,
          n.podCount,
          n.taints.filter((t) => t.effect === 'PreferNoSchedule').length,
        ],
        n.name,
      );
      const want =
        (n.ready ? F_READY : 0) |
        (n.unschedulable ? F_UNSCHEDULABLE : 0) |
        (n.taints.some((t) => t.effect !== 'PreferNoSchedule') ? F_HARD_TAINTS : 0) |
        (n.taints.length ? F_TAINTS : 0) |
        (n.hostPorts.size ? F_HOST_PORTS : 0);
      assert.equal(c.flags[k], want, n.name);
      for (const owner of ['rs0', 'rs1', 'rs2', 'rs3']) assert.equal(s.ownerCounts(owner)?.get(k), n.owners.get(owner), `${n.name} ${owner}`);
      for (const img of IMAGES) assert.equal(s.imageSizes(img)?.get(k), n.images.get(img), `${n.name} ${img}`);
    }
    assert.deepEqual([...s.order()], s.nodeList().map((n) => n.slot));
    // a removed node's entries are gone from the indexes
    for (const owner of ['rs0', 'rs1', 'rs2', 'rs3']) for (const k of s.ownerCounts(owner)?.keys() ?? []) assert.ok(slots.has(k), `stale owner slot ${k}`);
    for (const img of IMAGES) for (const k of s.imageSizes(img)?.keys() ?? []) assert.ok(slots.has(k), `stale image slot ${k}`);
  });
});

describe('SlotValues', () => {
  it('a Map, then dense: same entries, sizes and removals', (t) => {
    setDenseThreshold(3);
    t.after(() => setDenseThreshold(256));
    const v = new SlotValues();
    const want = new Map<number, number>();
    const rnd = random(3);
    for (let i = 0; i < 500; i++) {
      const slot = rnd(40) * (rnd(10) === 0 ? 10 : 1);
      const value = rnd(4) === 0 ? undefined : rnd(5); // 0 is a value (an image of size 0)
      v.set(slot, value);
      if (value === undefined) want.delete(slot);
      else want.set(slot, value);
      assert.equal(v.size, want.size);
      assert.equal(v.get(slot), value);
    }
    for (let k = 0; k < 420; k++) assert.equal(v.get(k), want.get(k), `slot ${k}`);
    assert.deepEqual([...v.keys()].sort((a, b) => a - b), [...want.keys()].sort((a, b) => a - b));
  });
});

describe('resource quantities', () => {
  it('parses the same from the cache; unparsable values count as zero every time', () => {
    const spec = (cpu: string, memory: string) => ({ containers: [{ resources: { requests: { cpu, memory } } }] });
    for (let round = 0; round < 2; round++) {
      assert.deepEqual(podRequests(spec('250m', '1Gi')), { cpu: 250, memory: 1024 ** 3 });
      assert.deepEqual(podRequests(spec('1.5', '1.5Ki')), { cpu: 1500, memory: 1536 });
      assert.deepEqual(podRequests(spec('bogus', '12x')), { cpu: 0, memory: 0 });
      // the same string means milli-CPU for cpu and units for memory
      assert.deepEqual(podRequests(spec('2', '2')), { cpu: 2000, memory: 2 });
    }
  });
});
