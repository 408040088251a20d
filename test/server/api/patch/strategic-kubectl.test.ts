// Strategic merge patches exactly as kubectl sends them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch } from '../../../../server/api/patch/index.js';
import type { KubeObject } from '../../../../shared/api/object.js';
import { deployment, pod } from './fixtures.js';

const names = (list: Array<{ name: string }>) => list.map((x) => x.name);

interface Case {
  name: string;
  kind: string;
  original: () => KubeObject;
  patch: unknown;
  check: (out: any) => void;
}

const cases: Case[] = [
  {
    name: 'kubectl set image deployment/web nginx=nginx:1.25',
    kind: 'Deployment',
    original: deployment,
    patch: {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
            containers: [{ image: 'nginx:1.25', name: 'nginx' }],
          },
        },
      },
    },
    check: (o) => {
      assert.deepEqual(o.spec.template.spec.containers, [
        { name: 'nginx', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }] },
        { name: 'sidecar', image: 'busybox:1.36' },
      ]);
    },
  },
  {
    name: 'kubectl set image on the second container keeps the order',
    kind: 'Deployment',
    original: deployment,
    patch: {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
            containers: [{ image: 'busybox:1.37', name: 'sidecar' }],
          },
        },
      },
    },
    check: (o) => {
      assert.deepEqual(names(o.spec.template.spec.containers), ['nginx', 'sidecar']);
      assert.equal(o.spec.template.spec.containers[1].image, 'busybox:1.37');
    },
  },
  {
    name: 'kubectl rollout pause',
    kind: 'Deployment',
    original: deployment,
    patch: { spec: { paused: true } },
    check: (o) => assert.equal(o.spec.paused, true),
  },
  {
    name: 'kubectl rollout resume (false is omitted, so the field is nulled)',
    kind: 'Deployment',
    original: () => ({ ...deployment(), spec: { ...deployment().spec, paused: true } }),
    patch: { spec: { paused: null } },
    check: (o) => assert.equal('paused' in o.spec, false),
  },
  {
    name: 'kubectl rollout restart adds the restartedAt template annotation',
    kind: 'Deployment',
    original: deployment,
    patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-05-01T10:00:00Z' } } } } },
    check: (o) => {
      assert.deepEqual(o.spec.template.metadata, {
        labels: { app: 'web' },
        annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-05-01T10:00:00Z' },
      });
    },
  },
  {
    name: 'kubectl set env FOO=bar appends an env var by name',
    kind: 'Deployment',
    original: deployment,
    patch: {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
            containers: [
              { '$setElementOrder/env': [{ name: 'A' }, { name: 'FOO' }], env: [{ name: 'FOO', value: 'bar' }], name: 'nginx' },
            ],
          },
        },
      },
    },
    check: (o) => {
      assert.deepEqual(o.spec.template.spec.containers[0].env, [
        { name: 'A', value: '1' },
        { name: 'FOO', value: 'bar' },
      ]);
      assert.equal(o.spec.template.spec.containers[0].image, 'nginx:1.24');
    },
  },
  {
    name: 'kubectl set env A- removes an env var by name',
    kind: 'Pod',
    original: pod,
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
        containers: [{ '$setElementOrder/env': [{ name: 'B' }], env: [{ $patch: 'delete', name: 'A' }], name: 'nginx' }],
      },
    },
    check: (o) => assert.deepEqual(o.spec.containers[0].env, [{ name: 'B', value: '2' }]),
  },
  {
    name: 'env var value changed in place, others untouched',
    kind: 'Pod',
    original: pod,
    patch: { spec: { containers: [{ name: 'nginx', env: [{ name: 'B', value: 'two' }] }] } },
    check: (o) => assert.deepEqual(o.spec.containers[0].env, [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }]),
  },
  {
    name: 'env var valueFrom replaces value when value is nulled',
    kind: 'Pod',
    original: pod,
    patch: { spec: { containers: [{ name: 'nginx', env: [{ name: 'A', value: null, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] }] } },
    check: (o) => assert.deepEqual(o.spec.containers[0].env[0], { name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }),
  },
  {
    name: '$patch: delete removes a container',
    kind: 'Pod',
    original: pod,
    patch: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } },
    check: (o) => assert.deepEqual(names(o.spec.containers), ['nginx']),
  },
  {
    // Without $setElementOrder the patch's elements come before live-only ones
    // (strategicpatch mergeSortedSlice: patch order has precedence over live order).
    name: 'a new container without $setElementOrder goes first, like in Kubernetes',
    kind: 'Pod',
    original: pod,
    patch: { spec: { containers: [{ name: 'logger', image: 'fluent-bit:3' }] } },
    check: (o) => assert.deepEqual(names(o.spec.containers), ['logger', 'nginx', 'sidecar']),
  },
  {
    name: 'container ports merge by containerPort',
    kind: 'Pod',
    original: pod,
    patch: { spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 443, protocol: 'TCP' }, { containerPort: 80, name: 'http' }] }] } },
    check: (o) =>
      assert.deepEqual(o.spec.containers[0].ports, [
        { containerPort: 443, protocol: 'TCP' },
        { containerPort: 80, protocol: 'TCP', name: 'http' },
      ]),
  },
  {
    name: 'volumeMounts merge by mountPath',
    kind: 'Pod',
    original: pod,
    patch: { spec: { containers: [{ name: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }] }] } },
    check: (o) =>
      assert.deepEqual(o.spec.containers[0].volumeMounts, [
        { name: 'data', mountPath: '/data', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ]),
  },
  {
    name: 'envFrom has no strategy: replaced wholesale',
    kind: 'Pod',
    original: pod,
    patch: { spec: { containers: [{ name: 'nginx', envFrom: [{ secretRef: { name: 's' } }] }] } },
    check: (o) => assert.deepEqual(o.spec.containers[0].envFrom, [{ secretRef: { name: 's' } }]),
  },
  {
    name: 'tolerations have no strategy: replaced wholesale',
    kind: 'Pod',
    original: pod,
    patch: { spec: { tolerations: [{ key: 'other', operator: 'Equal', value: 'x' }] } },
    check: (o) => assert.deepEqual(o.spec.tolerations, [{ key: 'other', operator: 'Equal', value: 'x' }]),
  },
  {
    name: 'command (a primitive list without strategy) is replaced',
    kind: 'Pod',
    original: pod,
    patch: { spec: { containers: [{ name: 'sidecar', command: ['sleep', '10'] }] } },
    check: (o) => assert.deepEqual(o.spec.containers[1].command, ['sleep', '10']),
  },
  {
    name: 'volumes merge by name',
    kind: 'Pod',
    original: pod,
    patch: { spec: { volumes: [{ name: 'cache', emptyDir: { medium: 'Memory' } }] } },
    check: (o) => assert.deepEqual(o.spec.volumes.map((v: any) => v.name), ['cache', 'data']),
  },
  {
    name: 'finalizers merge as a set of primitives',
    kind: 'Pod',
    original: pod,
    patch: { metadata: { finalizers: ['b.example.com/two', 'c.example.com/three'] } },
    check: (o) => assert.deepEqual(o.metadata.finalizers, ['a.example.com/one', 'b.example.com/two', 'c.example.com/three']),
  },
  {
    name: '$deleteFromPrimitiveList/finalizers removes values',
    kind: 'Pod',
    original: pod,
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example.com/one'] } },
    check: (o) => assert.deepEqual(o.metadata.finalizers, ['b.example.com/two']),
  },
  {
    name: 'kubectl apply-style finalizer swap: order list + deletion list + additions',
    kind: 'Pod',
    original: pod,
    patch: {
      metadata: {
        '$setElementOrder/finalizers': ['c.example.com/three', 'b.example.com/two'],
        '$deleteFromPrimitiveList/finalizers': ['a.example.com/one'],
        finalizers: ['c.example.com/three'],
      },
    },
    check: (o) => assert.deepEqual(o.metadata.finalizers, ['c.example.com/three', 'b.example.com/two']),
  },
  {
    name: 'ownerReferences merge by uid',
    kind: 'Pod',
    original: pod,
    patch: { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'u2' }, { uid: 'u1', controller: false }] } },
    check: (o) =>
      assert.deepEqual(o.metadata.ownerReferences, [
        { apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'u2' },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u1', controller: false },
      ]),
  },
  {
    name: 'pod status conditions merge by type (the agent reporting readiness)',
    kind: 'Pod',
    original: pod,
    patch: { status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'ContainersReady', status: 'True' }] } },
    check: (o) =>
      assert.deepEqual(o.status.conditions, [
        { type: 'Ready', status: 'True' },
        { type: 'ContainersReady', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
      ]),
  },
  {
    name: 'containerStatuses have no strategy: replaced',
    kind: 'Pod',
    original: pod,
    patch: { status: { containerStatuses: [{ name: 'sidecar', ready: false, restartCount: 1 }] } },
    check: (o) => assert.deepEqual(o.status.containerStatuses, [{ name: 'sidecar', ready: false, restartCount: 1 }]),
  },
  {
    name: 'label change and delete via strategic patch (maps merge, null deletes)',
    kind: 'Pod',
    original: pod,
    patch: { metadata: { labels: { app: 'v2', tier: null, missing: null } } },
    check: (o) => assert.deepEqual(o.metadata.labels, { app: 'v2' }),
  },
  {
    name: '$patch: replace on a map',
    kind: 'Pod',
    original: pod,
    patch: { metadata: { labels: { $patch: 'replace', only: 'this' } } },
    check: (o) => assert.deepEqual(o.metadata.labels, { only: 'this' }),
  },
  {
    name: '$patch: delete on a map',
    kind: 'Pod',
    original: pod,
    patch: { spec: { nodeSelector: { $patch: 'delete' } } },
    check: (o) => assert.deepEqual(o.spec.nodeSelector, {}),
  },
  {
    name: '$patch: merge on a map is the default behaviour',
    kind: 'Pod',
    original: pod,
    patch: { metadata: { labels: { $patch: 'merge', extra: 'yes' } } },
    check: (o) => assert.deepEqual(o.metadata.labels, { app: 'web', tier: 'frontend', extra: 'yes' }),
  },
  {
    name: '$patch: replace element replaces a merging list',
    kind: 'Pod',
    original: pod,
    patch: { spec: { containers: [{ name: 'solo', image: 'solo:1' }, { $patch: 'replace' }] } },
    check: (o) => assert.deepEqual(o.spec.containers, [{ name: 'solo', image: 'solo:1' }]),
  },
  {
    name: '$patch: merge on a list element merges it like any other',
    kind: 'Pod',
    original: pod,
    patch: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.37', $patch: 'merge' }] } },
    check: (o) => assert.deepEqual(o.spec.containers[1], { name: 'sidecar', image: 'busybox:1.37', command: ['sleep', '3600'] }),
  },
  {
    name: '$retainKeys clears the rollingUpdate block when switching to Recreate (kubectl apply)',
    kind: 'Deployment',
    original: deployment,
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
    check: (o) => assert.deepEqual(o.spec.strategy, { type: 'Recreate' }),
  },
  {
    name: '$setElementOrder reorders containers (kubectl apply with a reordered manifest)',
    kind: 'Pod',
    original: pod,
    patch: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }] } },
    check: (o) => assert.deepEqual(names(o.spec.containers), ['sidecar', 'nginx']),
  },
  {
    name: 'kubectl apply adding a container in the middle',
    kind: 'Pod',
    original: pod,
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'logger' }, { name: 'sidecar' }],
        containers: [{ name: 'logger', image: 'fluent-bit:3' }],
      },
    },
    check: (o) => assert.deepEqual(names(o.spec.containers), ['nginx', 'logger', 'sidecar']),
  },
  {
    name: 'kubectl apply removing a container (order list + delete directive)',
    kind: 'Pod',
    original: pod,
    patch: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ $patch: 'delete', name: 'sidecar' }] } },
    check: (o) => assert.deepEqual(names(o.spec.containers), ['nginx']),
  },
  {
    name: 'a field the object lacks is taken from the patch, directives and nulls dropped',
    kind: 'Pod',
    original: pod,
    patch: {
      spec: {
        containers: [
          {
            name: 'nginx',
            resources: { limits: { cpu: '500m', memory: null } },
            livenessProbe: { $patch: 'replace', httpGet: { path: '/healthz', port: 80 } },
          },
        ],
        initContainers: [
          { name: 'init', image: 'busybox', '$setElementOrder/env': [{ name: 'X' }], env: [{ name: 'X', value: '1' }] },
          { name: 'gone', $patch: 'delete' },
        ],
      },
    },
    check: (o) => {
      assert.deepEqual(o.spec.containers[0].resources, { limits: { cpu: '500m' } });
      assert.deepEqual(o.spec.containers[0].livenessProbe, { httpGet: { path: '/healthz', port: 80 } });
      assert.deepEqual(o.spec.initContainers, [{ name: 'init', image: 'busybox', env: [{ name: 'X', value: '1' }] }]);
    },
  },
];

for (const c of cases) {
  test(`strategic: ${c.name}`, () => {
    const out = applyPatch(c.kind, c.original(), 'strategic', c.patch);
    c.check(out);
    assert.equal(JSON.stringify(out).includes('$'), false, 'no directive survives in the result');
  });
}
