// The DaemonSet planner: which nodes get a pod, which pods go, the rolling
// update budget and the status counts. Table-driven.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maxUnavailable, planDaemonSet, scaledValue } from '../../../../server/controllers/daemonset/plan.js';
import { newDaemonPod, REVISION_HASH_LABEL, templateHash } from '../../../../server/controllers/daemonset/pod.js';
import type { KubeObject } from '../../../../shared/api/object.js';

const NOW = new Date('2026-01-01T00:10:00Z');
const TEMPLATE = { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'img:v2' }] } };
const HASH = templateHash(TEMPLATE);

function ds(spec: any = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'ds', namespace: 'default', uid: 'ds-uid', generation: 2 },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: TEMPLATE, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }, ...spec },
  };
}

function node(name: string, opts: { labels?: Record<string, string>; taints?: any[]; deleting?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: opts.labels ?? {}, ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: opts.taints ? { taints: opts.taints } : {},
  };
}

interface PodOpts {
  hash?: string;
  ready?: boolean;
  phase?: string;
  created?: string;
  deleting?: boolean;
  readySince?: string;
}

let seq = 0;
function pod(nodeName: string, o: PodOpts = {}): KubeObject {
  const name = `ds-${nodeName}-${seq++}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: name,
      creationTimestamp: o.created ?? '2026-01-01T00:00:00Z',
      labels: { app: 'agent', [REVISION_HASH_LABEL]: o.hash ?? HASH },
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:05:00Z' } : {}),
    },
    spec: { nodeName },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: o.readySince ?? '2026-01-01T00:01:00Z' }],
    },
  };
}

/** pods made for TEMPLATE carry the hash of the DaemonSet under test (unless marked old) */
function rehash(d: KubeObject, pods: KubeObject[]): KubeObject[] {
  const h = templateHash(d.spec.template);
  for (const p of pods) if (p.metadata.labels![REVISION_HASH_LABEL] === HASH) p.metadata.labels![REVISION_HASH_LABEL] = h;
  return pods;
}

const deleted = (plan: ReturnType<typeof planDaemonSet>) => plan.delete.map((d) => `${d.pod.spec.nodeName}:${d.reason}`).sort();

describe('planDaemonSet: placement', () => {
  const cases: Array<{ name: string; ds?: KubeObject; nodes: KubeObject[]; pods: KubeObject[]; create: string[]; del: string[] }> = [
    { name: 'one pod per node', nodes: [node('a'), node('b')], pods: [], create: ['a', 'b'], del: [] },
    { name: 'nodes that have their pod get none', nodes: [node('a'), node('b')], pods: [pod('a')], create: ['b'], del: [] },
    {
      name: 'nodeSelector limits the nodes',
      ds: ds({ template: { ...TEMPLATE, spec: { ...TEMPLATE.spec, nodeSelector: { role: 'gw' } } } }),
      nodes: [node('a', { labels: { role: 'gw' } }), node('b')],
      pods: [],
      create: ['a'],
      del: [],
    },
    {
      name: 'a pod on a node that no longer matches is deleted',
      ds: ds({ template: { ...TEMPLATE, spec: { ...TEMPLATE.spec, nodeSelector: { role: 'gw' } } } }),
      nodes: [node('a', { labels: { role: 'gw' } }), node('b')],
      pods: [pod('a'), pod('b')],
      create: [],
      del: ['b:misscheduled'],
    },
    {
      name: 'required node affinity',
      ds: ds({ template: { ...TEMPLATE, spec: { ...TEMPLATE.spec, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] }] } } } } } }),
      nodes: [node('a', { labels: { 'kubernetes.io/arch': 'arm64' } }), node('b', { labels: { 'kubernetes.io/arch': 'amd64' } })],
      pods: [],
      create: ['a'],
      del: [],
    },
    { name: 'untolerated NoSchedule taint: no new pod', nodes: [node('a', { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] })], pods: [], create: [], del: [] },
    { name: 'untolerated NoSchedule taint: an existing pod stays', nodes: [node('a', { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] })], pods: [pod('a')], create: [], del: [] },
    { name: 'untolerated NoExecute taint: the pod goes', nodes: [node('a', { taints: [{ key: 'dedicated', effect: 'NoExecute' }] })], pods: [pod('a')], create: [], del: ['a:misscheduled'] },
    {
      name: 'a tolerated taint is fine',
      ds: ds({ template: { ...TEMPLATE, spec: { ...TEMPLATE.spec, tolerations: [{ key: 'dedicated', operator: 'Exists' }] } } }),
      nodes: [node('a', { taints: [{ key: 'dedicated', effect: 'NoExecute' }] })],
      pods: [],
      create: ['a'],
      del: [],
    },
    {
      name: 'automatic tolerations: not-ready, unreachable, pressure and cordoned nodes keep their daemon',
      nodes: [
        node('a', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }),
        node('b', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] }),
        node('c', { taints: [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }] }),
        node('d', { taints: [{ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }] }),
        node('e', { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }),
      ],
      pods: [],
      create: ['a', 'c', 'd', 'e'],
      del: [],
    },
    { name: 'duplicates: the oldest stays', nodes: [node('a')], pods: [pod('a', { created: '2026-01-01T00:00:01Z' }), pod('a', { created: '2026-01-01T00:00:00Z' })], create: [], del: ['a:duplicate'] },
    { name: 'a failed pod is deleted (and replaced on the next pass)', nodes: [node('a')], pods: [pod('a', { phase: 'Failed' })], create: [], del: ['a:failed'] },
    { name: 'a terminating pod is waited for', nodes: [node('a')], pods: [pod('a', { deleting: true })], create: [], del: [] },
    { name: 'a pod on a node that is gone is deleted', nodes: [node('a')], pods: [pod('a'), pod('gone')], create: [], del: ['gone:orphaned'] },
    { name: 'a node being deleted gets no pod', nodes: [node('a', { deleting: true })], pods: [], create: [], del: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = c.ds ?? ds();
      const plan = planDaemonSet(d, c.nodes, rehash(d, c.pods), NOW);
      assert.deepEqual(plan.create.sort(), c.create);
      assert.deepEqual(deleted(plan), c.del);
    });
  }
});

describe('planDaemonSet: rolling update', () => {
  const nodes = ['a', 'b', 'c', 'd'].map((n) => node(n));
  const cases: Array<{ name: string; ds?: KubeObject; pods: KubeObject[]; updates: number }> = [
    { name: 'maxUnavailable 1: one old pod at a time', pods: nodes.map((n) => pod(n.metadata.name!, { hash: 'old' })), updates: 1 },
    {
      name: 'maxUnavailable 2',
      ds: ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } }),
      pods: nodes.map((n) => pod(n.metadata.name!, { hash: 'old' })),
      updates: 2,
    },
    {
      name: 'maxUnavailable 50% of 4 nodes',
      ds: ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } } }),
      pods: nodes.map((n) => pod(n.metadata.name!, { hash: 'old' })),
      updates: 2,
    },
    { name: 'a new pod not yet ready uses the budget', pods: [pod('a', { ready: false }), pod('b', { hash: 'old' }), pod('c', { hash: 'old' }), pod('d', { hash: 'old' })], updates: 0 },
    { name: 'a node waiting for its new pod uses the budget', pods: [pod('b', { hash: 'old' }), pod('c', { hash: 'old' }), pod('d', { hash: 'old' })], updates: 0 },
    { name: 'once the new pod is ready the next old one goes', pods: [pod('a'), pod('b', { hash: 'old' }), pod('c', { hash: 'old' }), pod('d', { hash: 'old' })], updates: 1 },
    {
      name: 'an old pod that is unavailable anyway is replaced without budget',
      pods: [pod('a', { ready: false }), pod('b', { hash: 'old', ready: false }), pod('c', { hash: 'old' }), pod('d', { hash: 'old' })],
      updates: 1,
    },
    { name: 'all updated: nothing to do', pods: nodes.map((n) => pod(n.metadata.name!)), updates: 0 },
    { name: 'OnDelete: old pods stay', ds: ds({ updateStrategy: { type: 'OnDelete' } }), pods: nodes.map((n) => pod(n.metadata.name!, { hash: 'old' })), updates: 0 },
    {
      name: 'minReadySeconds: ready but not yet available counts as unavailable',
      ds: ds({ minReadySeconds: 3600 }),
      pods: [pod('a', { readySince: '2026-01-01T00:09:00Z' }), pod('b', { hash: 'old', readySince: '2026-01-01T00:00:00Z' }), pod('c', { hash: 'old', readySince: '2026-01-01T00:00:00Z' }), pod('d', { hash: 'old', readySince: '2026-01-01T00:00:00Z' })],
      updates: 1, // b..d are not available either (ready 10 min < 1 h): replaced freely
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planDaemonSet(c.ds ?? ds(), nodes, c.pods, NOW);
      const updates = plan.delete.filter((d) => d.reason === 'update');
      if (c.name.startsWith('minReadySeconds')) assert.equal(updates.length, 3);
      else assert.equal(updates.length, c.updates);
      assert.ok(updates.every((d) => d.pod.metadata.labels![REVISION_HASH_LABEL] === 'old'));
    });
  }

  it('scaledValue and maxUnavailable round percentages up', () => {
    assert.equal(scaledValue('10%', 4, true), 1);
    assert.equal(scaledValue('10%', 4, false), 0);
    assert.equal(scaledValue(3, 4, true), 3);
    assert.equal(maxUnavailable(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%' } } }), 10), 3);
    assert.equal(maxUnavailable(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }), 10), 1);
    assert.equal(maxUnavailable(ds({ updateStrategy: { type: 'RollingUpdate' } }), 10), 1);
  });
});

describe('planDaemonSet: status', () => {
  it('counts as updateDaemonSetStatus does', () => {
    const d = ds({ template: { ...TEMPLATE, spec: { ...TEMPLATE.spec, nodeSelector: { role: 'gw' } } } });
    const gw = { labels: { role: 'gw' } };
    const plan = planDaemonSet(
      d,
      [node('a', gw), node('b', gw), node('c', gw), node('d', gw), node('x')],
      rehash(d, [pod('a'), pod('b', { ready: false }), pod('c', { hash: 'old' }), pod('x')]),
      NOW,
    );
    assert.deepEqual(plan.status, {
      currentNumberScheduled: 3,
      numberMisscheduled: 1,
      desiredNumberScheduled: 4,
      numberReady: 2,
      observedGeneration: 2,
      updatedNumberScheduled: 2,
      numberAvailable: 2,
      numberUnavailable: 2,
    });
  });
});

describe('newDaemonPod', () => {
  it('pins the pod to its node, owns it, labels the template hash and adds the daemon tolerations', () => {
    const d = ds({ template: { ...TEMPLATE, spec: { ...TEMPLATE.spec, tolerations: [{ key: 'dedicated', operator: 'Exists' }], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } } } } });
    const p = newDaemonPod(d, 'edge-1', 'h4sh');
    assert.equal(p.spec.nodeName, 'edge-1');
    assert.equal(p.metadata.generateName, 'ds-');
    assert.deepEqual(p.metadata.labels, { app: 'agent', 'controller-revision-hash': 'h4sh', 'pod-template-generation': '2' });
    assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'ds-uid', controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['edge-1'] }] },
    ]);
    assert.deepEqual(
      p.spec.tolerations.map((t: any) => `${t.key}:${t.effect ?? ''}`),
      ['dedicated:', 'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule', 'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule'],
    );
    // the template is not modified
    assert.equal((d.spec.template.spec as any).nodeName, undefined);
  });

  it('the hash follows the template only', () => {
    assert.equal(templateHash(TEMPLATE), templateHash(structuredClone(TEMPLATE)));
    assert.notEqual(templateHash(TEMPLATE), templateHash({ ...TEMPLATE, spec: { containers: [{ name: 'c', image: 'img:v3' }] } }));
    assert.match(templateHash(TEMPLATE), /^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
  });
});
