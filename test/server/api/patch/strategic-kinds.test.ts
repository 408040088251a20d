// Strategic merge metadata for the other kinds of the registry.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, STRATEGIC_SCHEMAS } from '../../../../server/api/patch/index.js';
import { KINDS } from '../../../../shared/api/kinds.js';
import type { KubeObject } from '../../../../shared/api/object.js';

const obj = (kind: string, rest: Record<string, unknown>): KubeObject =>
  ({ apiVersion: 'v1', kind, metadata: { name: 'x' }, ...rest }) as KubeObject;

test('every kind in the registry has a strategic merge schema', () => {
  for (const k of KINDS) assert.ok(STRATEGIC_SCHEMAS[k.kind], k.kind);
});

interface Case {
  name: string;
  original: KubeObject;
  patch: unknown;
  check: (o: any) => void;
}

const cases: Case[] = [
  {
    name: 'Service ports merge by port',
    original: obj('Service', { spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } }),
    patch: { spec: { '$setElementOrder/ports': [{ port: 80 }, { port: 443 }], ports: [{ port: 80, nodePort: 30080 }, { port: 443, targetPort: 8443 }] } },
    check: (o) =>
      assert.deepEqual(o.spec.ports, [
        { port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 },
        { port: 443, targetPort: 8443 },
      ]),
  },
  {
    name: 'Node status conditions and addresses merge by type',
    original: obj('Node', {
      status: {
        conditions: [{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'False' }],
        addresses: [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'Hostname', address: 'pi-1' }],
      },
    }),
    patch: {
      status: {
        '$setElementOrder/conditions': [{ type: 'Ready' }, { type: 'MemoryPressure' }],
        conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }],
        addresses: [{ type: 'InternalIP', address: '10.0.0.6' }],
      },
    },
    check: (o) => {
      assert.deepEqual(o.status.conditions, [
        { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' },
        { type: 'MemoryPressure', status: 'False' },
      ]);
      assert.deepEqual(o.status.addresses, [
        { type: 'InternalIP', address: '10.0.0.6' },
        { type: 'Hostname', address: 'pi-1' },
      ]);
    },
  },
  {
    name: 'Node taints have no strategy (kubectl taint replaces the list)',
    original: obj('Node', { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } }),
    patch: { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } },
    check: (o) => assert.deepEqual(o.spec.taints, [{ key: 'b', effect: 'NoExecute' }]),
  },
  {
    name: 'Node cordon (kubectl cordon sends spec.unschedulable)',
    original: obj('Node', { spec: {} }),
    patch: { spec: { unschedulable: true } },
    check: (o) => assert.equal(o.spec.unschedulable, true),
  },
  {
    name: 'Node podCIDRs merge as primitives',
    original: obj('Node', { spec: { podCIDRs: ['10.42.1.0/24'] } }),
    patch: { spec: { podCIDRs: ['fd00:42:1::/64'] } },
    check: (o) => assert.deepEqual(o.spec.podCIDRs.sort(), ['10.42.1.0/24', 'fd00:42:1::/64']),
  },
  {
    name: 'Namespace status conditions merge by type',
    original: obj('Namespace', { status: { phase: 'Active', conditions: [{ type: 'A', status: 'True' }] } }),
    patch: { status: { conditions: [{ type: 'A', status: 'False' }] } },
    check: (o) => assert.deepEqual(o.status, { phase: 'Active', conditions: [{ type: 'A', status: 'False' }] }),
  },
  {
    name: 'Endpoints subsets are replaced',
    original: obj('Endpoints', { subsets: [{ addresses: [{ ip: '10.42.0.5' }], ports: [{ port: 80 }] }] }),
    patch: { subsets: [{ addresses: [{ ip: '10.42.1.3' }], ports: [{ port: 80 }] }] },
    check: (o) => assert.deepEqual(o.subsets, [{ addresses: [{ ip: '10.42.1.3' }], ports: [{ port: 80 }] }]),
  },
  {
    name: 'ConfigMap data merges key by key',
    original: obj('ConfigMap', { data: { a: '1', b: '2' } }),
    patch: { data: { b: null, c: '3' } },
    check: (o) => assert.deepEqual(o.data, { a: '1', c: '3' }),
  },
  {
    name: 'ReplicaSet template containers merge by name; status conditions by type',
    original: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'rs' },
      spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } } },
      status: { conditions: [{ type: 'ReplicaFailure', status: 'True' }] },
    },
    patch: {
      spec: { template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } } },
      status: { conditions: [{ type: 'ReplicaFailure', $patch: 'delete' }] },
    },
    check: (o) => {
      assert.deepEqual(o.spec.template.spec.containers, [{ name: 'a', image: 'a:2' }]);
      assert.deepEqual(o.status.conditions, []);
    },
  },
  {
    name: 'DaemonSet template volumes and env merge',
    original: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'ds' },
      spec: {
        template: {
          spec: {
            volumes: [{ name: 'host', hostPath: { path: '/var/log' } }],
            containers: [{ name: 'agent', image: 'agent:1', env: [{ name: 'X', value: '1' }] }],
          },
        },
      },
    },
    patch: {
      spec: {
        template: {
          spec: {
            '$setElementOrder/volumes': [{ name: 'host' }, { name: 'run' }],
            volumes: [{ name: 'run', hostPath: { path: '/run' } }],
            containers: [{ name: 'agent', '$setElementOrder/env': [{ name: 'X' }, { name: 'Y' }], env: [{ name: 'Y', value: '2' }] }],
          },
        },
      },
    },
    check: (o) => {
      assert.deepEqual(o.spec.template.spec.volumes.map((v: any) => v.name), ['host', 'run']);
      assert.deepEqual(o.spec.template.spec.containers[0].env, [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }]);
    },
  },
];

for (const c of cases) {
  test(`strategic: ${c.name}`, () => {
    c.check(applyPatch(c.original.kind, c.original, 'strategic', c.patch));
  });
}
