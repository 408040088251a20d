import { test } from 'node:test';
import assert from 'node:assert/strict';
import { desiredEndpoints, findPort, planSubsets } from '../../../server/controllers/endpoints-plan.js';
import type { KubeObject } from '../../../shared/api/object.js';

const svc = (spec: Record<string, unknown>, name = 'web'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'ns', labels: { tier: 'front' } },
  spec: { selector: { app: 'web' }, clusterIP: '10.43.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }], ...spec },
});

interface PodOpts {
  ip?: string;
  ready?: boolean;
  labels?: Record<string, string>;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  phase?: string;
  deleting?: boolean;
  node?: string;
  ns?: string;
  hostname?: string;
  subdomain?: string;
}

const pod = (name: string, o: PodOpts = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: o.ns ?? 'ns',
    uid: `uid-${name}`,
    labels: o.labels ?? { app: 'web' },
    ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
  },
  spec: {
    nodeName: o.node ?? 'n1',
    containers: [{ name: 'c', image: 'x', ports: o.ports ?? [] }],
    ...(o.hostname ? { hostname: o.hostname } : {}),
    ...(o.subdomain ? { subdomain: o.subdomain } : {}),
  },
  status: {
    phase: o.phase ?? 'Running',
    ...(o.ip === '' ? {} : { podIP: o.ip ?? `10.42.0.${name.length + 10}` }),
    conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
  },
});

const addr = (name: string, ip: string, node = 'n1') => ({ ip, nodeName: node, targetRef: { kind: 'Pod', namespace: 'ns', name, uid: `uid-${name}` } });

const cases: Array<{ name: string; svc: KubeObject; pods: KubeObject[]; want: unknown[] }> = [
  { name: 'no pods: no subsets', svc: svc({}), pods: [], want: [] },
  {
    name: 'ready and not-ready pods share a subset; sorted by IP',
    svc: svc({}),
    pods: [pod('b', { ip: '10.42.0.9' }), pod('a', { ip: '10.42.0.10' }), pod('c', { ip: '10.42.1.2', ready: false, node: 'n2' })],
    want: [
      {
        addresses: [addr('b', '10.42.0.9'), addr('a', '10.42.0.10')],
        notReadyAddresses: [addr('c', '10.42.1.2', 'n2')],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ],
  },
  {
    name: 'pods without IP, finished, terminating, unselected or in another namespace are skipped',
    svc: svc({}),
    pods: [
      pod('noip', { ip: '' }),
      pod('done', { phase: 'Succeeded' }),
      pod('failed', { phase: 'Failed' }),
      pod('bye', { deleting: true }),
      pod('other', { labels: { app: 'db' } }),
      pod('elsewhere', { ns: 'ns2' }),
      pod('ok', { ip: '10.42.0.3' }),
    ],
    want: [{ addresses: [addr('ok', '10.42.0.3')], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
  },
  {
    name: 'publishNotReadyAddresses: not-ready and terminating pods are addresses',
    svc: svc({ publishNotReadyAddresses: true }),
    pods: [pod('a', { ip: '10.42.0.1', ready: false }), pod('b', { ip: '10.42.0.2', deleting: true })],
    want: [{ addresses: [addr('a', '10.42.0.1'), addr('b', '10.42.0.2')], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
  },
  {
    name: 'named targetPort resolves per pod: different numbers, different subsets; a pod without the name is left out',
    svc: svc({ ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'web' }] }),
    pods: [
      pod('a', { ip: '10.42.0.1', ports: [{ name: 'web', containerPort: 8080 }] }),
      pod('b', { ip: '10.42.0.2', ports: [{ name: 'web', containerPort: 9090 }] }),
      pod('c', { ip: '10.42.0.3', ports: [{ name: 'web', containerPort: 8080 }] }),
      pod('d', { ip: '10.42.0.4', ports: [{ name: 'metrics', containerPort: 8080 }] }),
      pod('e', { ip: '10.42.0.5', ports: [{ name: 'web', containerPort: 8080, protocol: 'UDP' }] }),
    ],
    want: [
      { addresses: [addr('a', '10.42.0.1'), addr('c', '10.42.0.3')], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
      { addresses: [addr('b', '10.42.0.2')], ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] },
    ],
  },
  {
    name: 'multi-port: a pod resolving only one port gets its own subset',
    svc: svc({
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 'web' },
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353 },
      ],
    }),
    pods: [pod('a', { ip: '10.42.0.1', ports: [{ name: 'web', containerPort: 8080 }] }), pod('b', { ip: '10.42.0.2' })],
    want: [
      { addresses: [addr('b', '10.42.0.2')], ports: [{ name: 'dns', port: 5353, protocol: 'UDP' }] },
      {
        addresses: [addr('a', '10.42.0.1')],
        ports: [
          { name: 'dns', port: 5353, protocol: 'UDP' },
          { name: 'http', port: 8080, protocol: 'TCP' },
        ],
      },
    ],
  },
  {
    name: 'headless without ports lists addresses without ports; hostname when subdomain names the service',
    svc: svc({ clusterIP: 'None', ports: [] }),
    pods: [pod('a', { ip: '10.42.0.1', hostname: 'a-0', subdomain: 'web' }), pod('b', { ip: '10.42.0.2', hostname: 'b-0', subdomain: 'other' })],
    want: [{ addresses: [{ ...addr('a', '10.42.0.1'), hostname: 'a-0' }, addr('b', '10.42.0.2')] }],
  },
  { name: 'non-headless without ports: nothing', svc: svc({ ports: [] }), pods: [pod('a')], want: [] },
];

for (const c of cases) {
  test(`planSubsets: ${c.name}`, () => {
    assert.deepEqual(planSubsets(c.svc, c.pods), c.want);
  });
}

test('planSubsets is independent of pod order', () => {
  const pods = [pod('a', { ip: '10.42.0.1' }), pod('b', { ip: '10.42.0.2', ready: false }), pod('c', { ip: '10.42.0.3' })];
  assert.deepEqual(planSubsets(svc({}), pods), planSubsets(svc({}), [...pods].reverse()));
});

test('findPort: numbers, numeric strings, names by protocol', () => {
  const p = pod('a', { ports: [{ name: 'web', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] });
  assert.equal(findPort(p, { port: 80 }), 80);
  assert.equal(findPort(p, { port: 80, targetPort: 81 }), 81);
  assert.equal(findPort(p, { port: 80, targetPort: 'web' }), 8080);
  assert.equal(findPort(p, { port: 53, targetPort: 'dns', protocol: 'UDP' }), 53);
  assert.equal(findPort(p, { port: 53, targetPort: 'dns' }), undefined);
});

test('desiredEndpoints: service labels, managed-by, headless label, no subsets when empty', () => {
  const e = desiredEndpoints(svc({ clusterIP: 'None' }), []);
  assert.deepEqual(e.metadata, {
    name: 'web',
    namespace: 'ns',
    labels: { tier: 'front', 'endpoints.edgeplane.io/managed-by': 'endpoints-controller', 'service.kubernetes.io/headless': '' },
  });
  assert.equal(e.subsets, undefined);
});
