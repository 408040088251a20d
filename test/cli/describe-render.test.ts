// Describe output for fixed objects. The layout follows kubectl's describe.go
// line by line (checked byte for byte against kubectl v1.32 on the same objects) (including its quirks: trailing spaces in condition cells, one
// alignment block running on across sections that are not broken by a line
// without tabs, as in kubectl's `Non-terminated Pods`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/object.js';
import { renderDeployment } from '../../cli/describe/deployment.js';
import { writeEvents } from '../../cli/describe/events.js';
import { formatTime } from '../../cli/describe/format.js';
import { renderGeneric, smartLabel } from '../../cli/describe/generic.js';
import { renderNode } from '../../cli/describe/node.js';
import { renderPod } from '../../cli/describe/pod.js';
import { formatEndpoints, renderService } from '../../cli/describe/service.js';
import { DescribeWriter } from '../../cli/describe/writer.js';

process.env.TZ = 'UTC';
const NOW = Date.parse('2024-05-01T12:00:00Z');
const T0 = '2024-05-01T11:55:00Z';

function render(fn: (w: DescribeWriter) => void): string {
  const w = new DescribeWriter();
  fn(w);
  return w.text();
}

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-5d8f-abcde',
    namespace: 'default',
    uid: 'p1',
    labels: { app: 'web', 'pod-template-hash': '5d8f' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', note: 'hello' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f', uid: 'rs1', controller: true }],
  },
  spec: {
    nodeName: 'edge-1',
    containers: [
      {
        name: 'web',
        image: 'nginx:1.25',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [{ name: 'MODE', value: 'prod' }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
  },
  status: {
    phase: 'Running',
    hostIP: '192.168.1.10',
    podIP: '10.42.0.7',
    startTime: T0,
    conditions: [
      { type: 'PodScheduled', status: 'True' },
      { type: 'Ready', status: 'True' },
    ],
    containerStatuses: [
      {
        name: 'web',
        containerID: 'containerd://abc',
        imageID: 'sha256:def',
        ready: true,
        restartCount: 1,
        state: { running: { startedAt: T0 } },
        lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: T0, finishedAt: T0 } },
      },
    ],
  },
};

test('pod: kubectl describe pod layout', () => {
  assert.equal(
    render((w) => renderPod(w, pod, NOW)),
    `Name:         web-5d8f-abcde
Namespace:    default
Node:         edge-1/192.168.1.10
Start Time:   Wed, 01 May 2024 11:55:00 +0000
Labels:       app=web
              pod-template-hash=5d8f
Annotations:  note: hello
Status:       Running
IP:           10.42.0.7
IPs:
  IP:           10.42.0.7
Controlled By:  ReplicaSet/web-5d8f
Containers:
  web:
    Container ID:   containerd://abc
    Image:          nginx:1.25
    Image ID:       sha256:def
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Wed, 01 May 2024 11:55:00 +0000
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
      Started:      Wed, 01 May 2024 11:55:00 +0000
      Finished:     Wed, 01 May 2024 11:55:00 +0000
    Ready:          True
    Restart Count:  1
    Environment:
      MODE:  prod
    Mounts:
      /data from data (rw)
Conditions:
  Type           Status
  PodScheduled   True 
  Ready          True 
Volumes:
  data:
    Type:        EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:      
    SizeLimit:   <unset>
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     <none>
`,
  );
});

test('pending pod without statuses: no node, waiting nothing, IPs none', () => {
  const p: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'busybox' }] }, status: { phase: 'Pending' } };
  const out = render((w) => renderPod(w, p, NOW));
  assert.match(out, /^Node:\s+<none>$/m);
  assert.match(out, /^IPs:\s+<none>$/m);
  assert.match(out, /^    Port:\s+<none>$/m);
  assert.doesNotMatch(out, /Restart Count/);
});

test('deployment: replicas, strategy, template, conditions, new/old ReplicaSets', () => {
  const d: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd1', creationTimestamp: T0, labels: { app: 'web' }, annotations: { 'deployment.kubernetes.io/revision': '2' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
    },
    status: {
      replicas: 2,
      updatedReplicas: 2,
      availableReplicas: 1,
      unavailableReplicas: 1,
      conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }],
    },
  };
  const rs = (name: string, rev: string, replicas: number): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, annotations: { 'deployment.kubernetes.io/revision': rev }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] },
    spec: { replicas },
    status: { replicas },
  });
  const unrelated: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'x' }, spec: { replicas: 9 } };
  assert.equal(
    render((w) => renderDeployment(w, d, [rs('web-1', '1', 0), rs('web-2', '2', 2), unrelated])),
    `Name:                   web
Namespace:              default
CreationTimestamp:      Wed, 01 May 2024 11:55:00 +0000
Labels:                 app=web
Annotations:            deployment.kubernetes.io/revision: 2
Selector:               app=web
Replicas:               2 desired | 2 updated | 2 total | 1 available | 1 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=web
  Containers:
   web:
    Image:         nginx
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      False   MinimumReplicasUnavailable
OldReplicaSets:  <none>
NewReplicaSet:   web-2 (2/2 replicas created)
`,
  );
});

test('service: ports, endpoints, selector', () => {
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      type: 'NodePort',
      selector: { app: 'web' },
      clusterIP: '10.43.0.12',
      clusterIPs: ['10.43.0.12'],
      ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }],
      sessionAffinity: 'None',
    },
  };
  const ep = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web' },
    subsets: [{ addresses: [{ ip: '10.42.0.7' }, { ip: '10.42.1.3' }], ports: [{ name: 'http', port: 8080 }] }],
  } as unknown as KubeObject;
  assert.equal(
    render((w) => renderService(w, svc, ep)),
    `Name:              web
Namespace:         default
Labels:            <none>
Annotations:       <none>
Selector:          app=web
Type:              NodePort
IP Families:       <none>
IP:                10.43.0.12
IPs:               10.43.0.12
Port:              http  80/TCP
TargetPort:        8080/TCP
NodePort:          http  30080/TCP
Endpoints:         10.42.0.7:8080,10.42.1.3:8080
Session Affinity:  None
`,
  );
  const many = { subsets: [{ addresses: ['a', 'b', 'c', 'd', 'e'].map((ip) => ({ ip })), ports: [{ port: 1 }] }] } as unknown as KubeObject;
  assert.equal(formatEndpoints(many, undefined), 'a:1,b:1,c:1 + 2 more...');
  assert.equal(formatEndpoints(undefined, 'http'), '<none>');
});

test('node: roles, conditions, addresses, capacity, system info, pods', () => {
  const node: KubeObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'edge-1', creationTimestamp: T0, labels: { 'kubernetes.io/arch': 'arm64', 'node-role.kubernetes.io/edge': '' } },
    spec: { podCIDR: '10.42.1.0/24', podCIDRs: ['10.42.1.0/24'] },
    status: {
      conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: T0, lastTransitionTime: T0, reason: 'AgentReady', message: 'agent is posting ready status' }],
      addresses: [
        { type: 'InternalIP', address: '192.168.1.10' },
        { type: 'Hostname', address: 'edge-1' },
      ],
      capacity: { cpu: '4', memory: '3884Mi', pods: '110' },
      nodeInfo: { architecture: 'arm64', operatingSystem: 'linux', kernelVersion: '6.1.0' },
    },
  };
  const pods = [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', creationTimestamp: T0 } }];
  const out = render((w) => renderNode(w, node, pods, NOW));
  assert.equal(
    out,
    `Name:               edge-1
Roles:              edge
Labels:             kubernetes.io/arch=arm64
                    node-role.kubernetes.io/edge=
Annotations:        <none>
CreationTimestamp:  Wed, 01 May 2024 11:55:00 +0000
Taints:             <none>
Unschedulable:      false
Conditions:
  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason       Message
  ----    ------  -----------------                 ------------------                ------       -------
  Ready   True    Wed, 01 May 2024 11:55:00 +0000   Wed, 01 May 2024 11:55:00 +0000   AgentReady   agent is posting ready status
Addresses:
  InternalIP:  192.168.1.10
  Hostname:    edge-1
Capacity:
  cpu:     4
  memory:  3884Mi
  pods:    110
System Info:
  Machine ID:                 
  System UUID:                
  Boot ID:                    
  Kernel Version:             6.1.0
  OS Image:                   
  Operating System:           linux
  Architecture:               arm64
  Container Runtime Version:  
  Kubelet Version:            
  Kube-Proxy Version:         
PodCIDR:                      10.42.1.0/24
PodCIDRs:                     10.42.1.0/24
Non-terminated Pods:          (1 in total)
  Namespace                   Name     CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----     ------------  ----------  ---------------  -------------  ---
  default                     web-1    0 (0%)        0 (0%)      0 (0%)           0 (0%)         5m
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests  Limits
  --------           --------  ------
  cpu                0 (0%)    0 (0%)
  memory             0 (0%)    0 (0%)
  ephemeral-storage  0 (0%)    0 (0%)
`,
  );
});

test('generic: the whole object as labelled key/values', () => {
  const cm: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'default', uid: 'u1', resourceVersion: '7', managedFields: [{}] },
    data: { 'app.conf': 'x=1', mode: 'fast' },
  };
  assert.equal(
    render((w) => renderGeneric(w, cm, true)),
    `Name:         cfg
Namespace:    default
Labels:       <none>
Annotations:  <none>
API Version:  v1
Data:
  app.conf:  x=1
  Mode:      fast
Kind:        ConfigMap
Metadata:
  Resource Version:  7
  UID:               u1
`,
  );
  assert.equal(smartLabel('creationTimestamp'), 'Creation Timestamp');
  assert.equal(smartLabel('podIP'), 'Pod IP');
  assert.equal(smartLabel('app.kubernetes.io/name'), 'app.kubernetes.io/name');
});

test('events: oldest first, repeated ones with their count, <none> when empty', () => {
  const ev = (reason: string, first: string, last: string, count: number, message: string) =>
    ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: reason },
      type: 'Normal',
      reason,
      message,
      count,
      firstTimestamp: first,
      lastTimestamp: last,
      source: { component: 'scheduler' },
    }) as unknown as KubeObject;
  const out = render((w) =>
    writeEvents(
      w,
      [ev('Started', '2024-05-01T11:59:00Z', '2024-05-01T11:59:50Z', 3, 'Started container web\n'), ev('Scheduled', '2024-05-01T11:55:00Z', '2024-05-01T11:55:00Z', 1, 'assigned to edge-1')],
      NOW,
    ),
  );
  assert.equal(
    out,
    `Events:
  Type    Reason     Age                From       Message
  ----    ------     ----               ----       -------
  Normal  Scheduled  5m                 scheduler  assigned to edge-1
  Normal  Started    10s (x3 over 60s)  scheduler  Started container web
`,
  );
  assert.equal(render((w) => writeEvents(w, [], NOW)), 'Events:  <none>\n');
  assert.equal(render((w) => writeEvents(w, undefined, NOW)), '');
  assert.equal(formatTime(undefined), '<unset>');
});

test('node: requests and limits of its pods, with shares of allocatable', () => {
  const node: KubeObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n' },
    status: { capacity: { cpu: '8', memory: '8Gi' }, allocatable: { cpu: '4', memory: '2Gi', 'ephemeral-storage': '10Gi' } },
  };
  const heavy = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'heavy', namespace: 'default', creationTimestamp: T0 },
    spec: {
      containers: [
        { name: 'a', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } } },
        { name: 'b', resources: { requests: { cpu: '100m', memory: '1Gi', 'ephemeral-storage': '1Gi' } } },
      ],
    },
  } as unknown as KubeObject;
  const out = render((w) => renderNode(w, node, [heavy], NOW));
  assert.match(out, /^  default +heavy +350m \(8%\) +1 \(25%\) +1088Mi \(53%\) +128Mi \(6%\) +5m$/m);
  assert.match(out, /^  cpu +350m \(8%\) +1 \(25%\)$/m);
  assert.match(out, /^  ephemeral-storage +1Gi \(10%\) +0 \(0%\)$/m);
});

test('pod QoS class and tolerations as kubectl computes and prints them', () => {
  const base = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' } };
  const qos = (containers: unknown[]) => /^QoS Class: +(\S+)$/m.exec(render((w) => renderPod(w, { ...base, spec: { containers } } as KubeObject, NOW)))![1];
  assert.equal(qos([{ name: 'c' }]), 'BestEffort');
  assert.equal(qos([{ name: 'c', resources: { limits: { cpu: '1', memory: '1Gi' } } }]), 'Guaranteed');
  assert.equal(qos([{ name: 'c', resources: { requests: { cpu: '1000m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }]), 'Guaranteed');
  assert.equal(qos([{ name: 'c', resources: { requests: { cpu: '100m' } } }]), 'Burstable');
  const tolerated = {
    ...base,
    spec: {
      containers: [],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'dedicated', operator: 'Equal', value: 'cams', effect: 'NoSchedule' },
        { operator: 'Exists' },
      ],
    },
  } as unknown as KubeObject;
  assert.match(
    render((w) => renderPod(w, tolerated, NOW)),
    /\nTolerations: +node\.kubernetes\.io\/not-ready:NoExecute op=Exists for 300s\n +dedicated=cams:NoSchedule\n +op=Exists\n$/,
  );
});
