import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildClusterServices, endpointEntries } from '../../../server/broker/services-doc.js';
import type { KubeObject } from '../../../shared/api/object.js';

const net = { serviceCIDR: '10.43.0.0/16', clusterDNS: '10.43.0.10', clusterDomain: 'cluster.local' };

const svc = (ns: string, name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name }, spec });
const ep = (ns: string, name: string, subsets: unknown[]): KubeObject => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { namespace: ns, name }, subsets });
const node = (name: string, ip: string | undefined, podCIDR?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  spec: podCIDR ? { podCIDR } : {},
  status: { addresses: [{ type: 'Hostname', address: name }, ...(ip ? [{ type: 'InternalIP', address: ip }] : [])] },
});

test('endpointEntries: one entry per address and readiness, ports by service port name, sorted by IP', () => {
  const e = ep('default', 'web', [
    {
      addresses: [
        { ip: '10.42.1.5', nodeName: 'b', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-2' } },
        { ip: '10.42.0.9', nodeName: 'a', hostname: 'w0', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1' } },
      ],
      notReadyAddresses: [{ ip: '10.42.0.20' }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    },
    { addresses: [{ ip: '10.42.0.9' }], ports: [{ name: 'metrics', port: 9100 }] },
  ]);
  assert.deepEqual(endpointEntries(e), [
    { ip: '10.42.0.9', ready: true, hostname: 'w0', nodeName: 'a', targetRef: { namespace: 'default', name: 'web-1' }, ports: { http: 8080, metrics: 9100 } },
    { ip: '10.42.0.20', ready: false, ports: { http: 8080 } },
    { ip: '10.42.1.5', ready: true, nodeName: 'b', targetRef: { namespace: 'default', name: 'web-2' }, ports: { http: 8080 } },
  ]);
  assert.deepEqual(endpointEntries(undefined), []);
});

test('buildClusterServices: services sorted with defaults, nodes with an InternalIP and a pod CIDR only', () => {
  const doc = buildClusterServices(
    net,
    [
      svc('kube-system', 'kube-dns', { clusterIP: '10.43.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }),
      svc('default', 'web', {
        type: 'NodePort',
        clusterIP: '10.43.200.1',
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
        ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }],
      }),
      svc('default', 'headless', { clusterIP: 'None', ports: [] }),
    ],
    [ep('default', 'web', [{ addresses: [{ ip: '10.42.0.9' }], ports: [{ port: 8080 }] }])],
    [node('b', '192.168.1.11', '10.42.1.0/24'), node('a', '192.168.1.10', '10.42.0.0/24'), node('no-ip', undefined, '10.42.2.0/24'), node('no-cidr', '192.168.1.12')],
  );
  assert.deepEqual(doc, {
    ...net,
    services: [
      { namespace: 'default', name: 'headless', type: 'ClusterIP', clusterIP: 'None', ports: [], sessionAffinity: 'None', affinityTimeoutSeconds: 10800, endpoints: [] },
      {
        namespace: 'default',
        name: 'web',
        type: 'NodePort',
        clusterIP: '10.43.200.1',
        ports: [{ name: '', protocol: 'TCP', port: 80, nodePort: 30080 }],
        sessionAffinity: 'ClientIP',
        affinityTimeoutSeconds: 60,
        endpoints: [{ ip: '10.42.0.9', ready: true, ports: { '': 8080 } }],
      },
      {
        namespace: 'kube-system',
        name: 'kube-dns',
        type: 'ClusterIP',
        clusterIP: '10.43.0.10',
        ports: [{ name: 'dns', protocol: 'UDP', port: 53 }],
        sessionAffinity: 'None',
        affinityTimeoutSeconds: 10800,
        endpoints: [],
      },
    ],
    nodes: [
      { name: 'a', ip: '192.168.1.10', podCIDR: '10.42.0.0/24' },
      { name: 'b', ip: '192.168.1.11', podCIDR: '10.42.1.0/24' },
    ],
  });
});
