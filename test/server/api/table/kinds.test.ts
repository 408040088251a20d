// Golden cells for every kind with a printer (fixed clock; wide cells included).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFor } from '../../../../server/api/table/index.js';
import type { KubeObject } from '../../../../shared/api/object.js';
import { ago, NOW, obj } from './fixtures.js';

interface Golden {
  name: string;
  object: KubeObject;
  cells: unknown[];
}

const cases: Golden[] = [
  // Node
  {
    name: 'Node: Ready, cordoned, with roles and node info',
    object: obj('Node', 'pi-1', {
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'Hostname', address: 'pi-1' }],
        nodeInfo: {
          kubeletVersion: 'v1.29.0-edgeplane',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.1.0-rpi7-rpi-v8',
          containerRuntimeVersion: 'containerd://1.7.2',
        },
      },
    }, { namespace: undefined, labels: { 'node-role.kubernetes.io/master': 'true', 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'edge', 'kubernetes.io/arch': 'arm64' } }),
    cells: ['pi-1', 'Ready,SchedulingDisabled', 'control-plane,edge,master', '3d', 'v1.29.0-edgeplane', '10.0.0.5', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-rpi7-rpi-v8', 'containerd://1.7.2'],
  },
  {
    name: 'Node: Ready condition Unknown is NotReady; no info',
    object: obj('Node', 'pi-2', {
      status: {
        conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }],
        addresses: [{ type: 'ExternalIP', address: '203.0.113.7' }],
      },
    }),
    cells: ['pi-2', 'NotReady', '<none>', '3d', '', '<none>', '203.0.113.7', '<unknown>', '<unknown>', '<unknown>'],
  },
  {
    name: 'Node: no Ready condition is Unknown',
    object: obj('Node', 'pi-3', { status: {} }),
    cells: ['pi-3', 'Unknown', '<none>', '3d', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'],
  },
  // Service
  {
    name: 'Service: NodePort',
    object: obj('Service', 'web', {
      spec: {
        type: 'NodePort',
        clusterIP: '10.43.0.20',
        clusterIPs: ['10.43.0.20'],
        ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, nodePort: 30053, protocol: 'UDP' }, { port: 443 }],
        selector: { tier: 'fe', app: 'web' },
      },
    }),
    cells: ['web', 'NodePort', '10.43.0.20', '<none>', '80:30080/TCP,53:30053/UDP,443/TCP', '3d', 'app=web,tier=fe'],
  },
  {
    name: 'Service: headless ClusterIP without ports or selector',
    object: obj('Service', 'db', { spec: { clusterIP: 'None' } }),
    cells: ['db', 'ClusterIP', 'None', '<none>', '<none>', '3d', '<none>'],
  },
  {
    name: 'Service: ClusterIP with external IPs',
    object: obj('Service', 'ext', { spec: { type: 'ClusterIP', clusterIP: '10.43.0.30', externalIPs: ['192.0.2.1', '192.0.2.2'], ports: [{ port: 8080, protocol: 'TCP' }] } }),
    cells: ['ext', 'ClusterIP', '10.43.0.30', '192.0.2.1,192.0.2.2', '8080/TCP', '3d', '<none>'],
  },
  {
    name: 'Service: LoadBalancer pending',
    object: obj('Service', 'lb', { spec: { type: 'LoadBalancer', clusterIPs: ['10.43.0.40'], ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }] } }),
    cells: ['lb', 'LoadBalancer', '10.43.0.40', '<pending>', '80:31000/TCP', '3d', '<none>'],
  },
  {
    name: 'Service: LoadBalancer with ingress and external IPs',
    object: obj('Service', 'lb2', {
      spec: { type: 'LoadBalancer', clusterIPs: ['10.43.0.41'], externalIPs: ['198.51.100.9'], ports: [{ port: 80, nodePort: 31001, protocol: 'TCP' }] },
      status: { loadBalancer: { ingress: [{ ip: '192.168.1.51' }, { hostname: 'lb.example.com' }, { ip: '192.168.1.50' }] } },
    }),
    cells: ['lb2', 'LoadBalancer', '10.43.0.41', '192.168.1.50,192.168.1.51,lb.example.com,198.51.100.9', '80:31001/TCP', '3d', '<none>'],
  },
  {
    name: 'Service: ExternalName',
    object: obj('Service', 'alias', { spec: { type: 'ExternalName', externalName: 'db.example.com' } }),
    cells: ['alias', 'ExternalName', '<none>', 'db.example.com', '<none>', '3d', '<none>'],
  },
  // Endpoints
  {
    name: 'Endpoints: two addresses',
    object: obj('Endpoints', 'web', { subsets: [{ addresses: [{ ip: '10.42.0.5' }, { ip: '10.42.1.3' }], ports: [{ port: 80 }] }] }),
    cells: ['web', '10.42.0.5:80,10.42.1.3:80', '3d'],
  },
  {
    name: 'Endpoints: more than three',
    object: obj('Endpoints', 'web', {
      subsets: [
        { addresses: [{ ip: '10.42.0.5' }, { ip: '10.42.1.3' }], ports: [{ port: 80 }, { port: 443 }] },
        { addresses: [{ ip: '10.42.2.7' }], ports: [{ port: 80 }] },
      ],
    }),
    cells: ['web', '10.42.0.5:80,10.42.1.3:80,10.42.0.5:443 + 2 more...', '3d'],
  },
  {
    name: 'Endpoints: headless without ports, IPv6',
    object: obj('Endpoints', 'h', { subsets: [{ addresses: [{ ip: '10.42.0.9' }] }, { addresses: [{ ip: 'fd00::5' }], ports: [{ port: 80 }] }] }),
    cells: ['h', '10.42.0.9,[fd00::5]:80', '3d'],
  },
  {
    name: 'Endpoints: no subsets',
    object: obj('Endpoints', 'empty'),
    cells: ['empty', '<none>', '3d'],
  },
  // Deployment
  {
    name: 'Deployment',
    object: obj('Deployment', 'web', {
      spec: {
        replicas: 3,
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['fe', 'be'] },
            { key: 'canary', operator: 'DoesNotExist' },
            { key: 'zone', operator: 'NotIn', values: ['z1'] },
            { key: 'arch', operator: 'Exists' },
          ],
        },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'sidecar', image: 'busybox:1.36' }] } },
      },
      status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    }),
    cells: ['web', '2/3', 3, 2, '3d', 'nginx,sidecar', 'nginx:1.25,busybox:1.36', 'app=web,arch,!canary,tier in (be,fe),zone notin (z1)'],
  },
  {
    name: 'Deployment: new, no status, replicas defaulted, empty selector',
    object: obj('Deployment', 'new', { spec: { selector: {}, template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } } } }),
    cells: ['new', '0/1', 0, 0, '3d', 'a', 'a:1', ''],
  },
  // ReplicaSet
  {
    name: 'ReplicaSet',
    object: obj('ReplicaSet', 'web-5c7d', {
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': '5c7d' } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
      },
      status: { replicas: 3, readyReplicas: 1 },
    }),
    cells: ['web-5c7d', 3, 3, 1, '3d', 'nginx', 'nginx:1.25', 'app=web,pod-template-hash=5c7d'],
  },
  {
    name: 'ReplicaSet: scaled to zero, no selector',
    object: obj('ReplicaSet', 'old', { spec: { replicas: 0, template: { spec: { containers: [] } } }, status: {} }),
    cells: ['old', 0, 0, 0, '3d', '', '', '<none>'],
  },
  {
    name: 'ReplicaSet: invalid selector',
    object: obj('ReplicaSet', 'bad', { spec: { replicas: 1, selector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] } } }),
    cells: ['bad', 1, 0, 0, '3d', '', '', '<error>'],
  },
  // DaemonSet
  {
    name: 'DaemonSet',
    object: obj('DaemonSet', 'agent', {
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { spec: { nodeSelector: { 'kubernetes.io/arch': 'arm64' }, containers: [{ name: 'agent', image: 'agent:2' }] } },
      },
      status: { desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 3, updatedNumberScheduled: 4, numberAvailable: 3 },
    }),
    cells: ['agent', 4, 4, 3, 4, 3, 'kubernetes.io/arch=arm64', '3d', 'agent', 'agent:2', 'app=agent'],
  },
  {
    name: 'DaemonSet: no node selector, no status',
    object: obj('DaemonSet', 'logs', { spec: { selector: { matchLabels: { app: 'logs' } }, template: { spec: { containers: [{ name: 'l', image: 'l:1' }] } } } }),
    cells: ['logs', 0, 0, 0, 0, 0, '<none>', '3d', 'l', 'l:1', 'app=logs'],
  },
  // Namespace, ConfigMap, Secret
  {
    name: 'Namespace: Active',
    object: obj('Namespace', 'edge', { status: { phase: 'Active' } }, { namespace: undefined }),
    cells: ['edge', 'Active', '3d'],
  },
  {
    name: 'Namespace: Terminating',
    object: obj('Namespace', 'old', { status: { phase: 'Terminating' } }, { deletionTimestamp: ago({ s: 5 }) }),
    cells: ['old', 'Terminating', '3d'],
  },
  {
    name: 'ConfigMap: data and binaryData both count',
    object: obj('ConfigMap', 'cfg', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }),
    cells: ['cfg', 3, '3d'],
  },
  {
    name: 'ConfigMap: empty',
    object: obj('ConfigMap', 'empty'),
    cells: ['empty', 0, '3d'],
  },
  {
    name: 'Secret: TLS',
    object: obj('Secret', 'tls', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eQ==' } }),
    cells: ['tls', 'kubernetes.io/tls', 2, '3d'],
  },
  {
    name: 'Secret: type defaults to Opaque',
    object: obj('Secret', 'plain', { data: { token: 'eA==' } }),
    cells: ['plain', 'Opaque', 1, '3d'],
  },
  // Event
  {
    name: 'Event: core/v1 with count and timestamps',
    object: obj('Event', 'web-7d9f.17a9', {
      involvedObject: { kind: 'Pod', name: 'web-7d9f', namespace: 'default', fieldPath: 'spec.containers{nginx}' },
      reason: 'BackOff',
      type: 'Warning',
      message: '  Back-off restarting failed container nginx in pod web-7d9f\n',
      source: { component: 'kubelet', host: 'pi-1' },
      firstTimestamp: ago({ h: 1 }),
      lastTimestamp: ago({ m: 2 }),
      count: 12,
    }),
    cells: ['2m', 'Warning', 'BackOff', 'pod/web-7d9f', 'spec.containers{nginx}', 'kubelet, pi-1', 'Back-off restarting failed container nginx in pod web-7d9f', '60m', 12, 'web-7d9f.17a9'],
  },
  {
    name: 'Event: new-API style with eventTime and series',
    object: obj('Event', 'sched.1', {
      involvedObject: { kind: 'Pod', name: 'web-1' },
      reason: 'FailedScheduling',
      type: 'Warning',
      message: '0/3 nodes are available',
      eventTime: '2024-05-01T11:00:00.000000Z',
      series: { count: 3, lastObservedTime: '2024-05-01T11:59:30.000000Z' },
      reportingComponent: 'edgeplane-scheduler',
      reportingInstance: 'server-1',
    }),
    cells: ['30s', 'Warning', 'FailedScheduling', 'pod/web-1', '', 'edgeplane-scheduler, server-1', '0/3 nodes are available', '60m', 3, 'sched.1'],
  },
  {
    name: 'Event: singleton without count, about a kind without a name',
    object: obj('Event', 'e', {
      involvedObject: { kind: 'Node' },
      reason: 'Starting',
      type: 'Normal',
      message: 'Starting edgeplane agent',
      source: { component: 'edgeplane-agent' },
      firstTimestamp: ago({ s: 5 }),
    }),
    cells: ['5s', 'Normal', 'Starting', 'node', '', 'edgeplane-agent', 'Starting edgeplane agent', '5s', 1, 'e'],
  },
];

for (const c of cases) {
  test(`golden cells: ${c.name}`, () => {
    const table = tableFor(c.object.kind, [c.object], { now: NOW });
    assert.deepEqual(table.rows[0]!.cells, c.cells);
    assert.equal(table.rows[0]!.cells.length, table.columnDefinitions.length, 'one cell per column');
  });
}
