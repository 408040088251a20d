// Realistic manifests used across the shared/api tests.

import type { KubeObject } from '../../../shared/api/object.js';

export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

export function nginxDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', namespace: 'default', labels: { app: 'nginx' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.25',
              ports: [{ containerPort: 80, name: 'http' }],
              resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
              readinessProbe: { httpGet: { path: '/', port: 'http' } },
            },
          ],
        },
      },
    },
  };
}

export function nodePortService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'nginx', namespace: 'default' },
    spec: {
      type: 'NodePort',
      selector: { app: 'nginx' },
      ports: [
        { name: 'http', port: 80, targetPort: 'http', nodePort: 30080, protocol: 'TCP' },
        { name: 'metrics', port: 9113, targetPort: 9113 },
      ],
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
      externalTrafficPolicy: 'Local',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    },
  };
}

export function configMap(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'app-config', namespace: 'default' },
    data: { 'app.properties': 'color=blue\n', LOG_LEVEL: 'debug' },
    binaryData: { 'logo.bin': 'AAEC' },
    immutable: false,
  };
}

export function secret(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: 'default' },
    type: 'Opaque',
    data: { password: 'czNjcjN0' },
    stringData: { username: 'admin' },
  };
}

/** A Pod that uses every field the schema supports. */
export function fullPod(): KubeObject {
  const probe = {
    initialDelaySeconds: 5,
    periodSeconds: 10,
    timeoutSeconds: 2,
    successThreshold: 1,
    failureThreshold: 3,
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'everything',
      generateName: 'every-',
      namespace: 'default',
      labels: { app: 'demo', 'app.kubernetes.io/name': 'demo', empty: '' },
      annotations: { 'example.com/note': 'hello', Description: 'x' },
      uid: '0b0d6c1e-8a1a-4c53-9a55-111111111111',
      resourceVersion: '42',
      generation: 1,
      creationTimestamp: '2024-05-01T12:00:00Z',
      deletionGracePeriodSeconds: 30,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'demo-abc', uid: 'u-1', controller: true, blockOwnerDeletion: true }],
      finalizers: ['example.com/cleanup'],
      managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:metadata': {} }, anything: [1, 2] }],
    },
    spec: {
      initContainers: [
        {
          name: 'init',
          image: 'busybox:1.36',
          command: ['sh', '-c'],
          args: ['echo init'],
          volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
        },
      ],
      containers: [
        {
          name: 'app',
          image: 'registry.local:5000/demo/app@sha256:0123456789abcdef',
          imagePullPolicy: 'IfNotPresent',
          command: ['/app'],
          args: ['--port=8080'],
          workingDir: '/srv',
          env: [
            { name: 'PLAIN', value: 'v' },
            { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'LOG_LEVEL', optional: true } } },
            { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
            { name: 'APP_LABEL', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
            { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
          ],
          envFrom: [{ configMapRef: { name: 'app-config' }, prefix: 'CFG_' }, { secretRef: { name: 'db', optional: false } }],
          ports: [
            { name: 'http', containerPort: 8080, protocol: 'TCP' },
            { name: 'dns', containerPort: 53, hostPort: 5353, hostIP: '0.0.0.0', protocol: 'UDP' },
          ],
          resources: { requests: { cpu: 0.25, memory: '64Mi' }, limits: { cpu: '1', memory: '1.5Gi', 'ephemeral-storage': '2e9' } },
          livenessProbe: {
            ...probe,
            httpGet: { scheme: 'HTTP', host: '127.0.0.1', path: '/healthz', port: 8080, httpHeaders: [{ name: 'X-Probe', value: '1' }] },
            terminationGracePeriodSeconds: 10,
          },
          readinessProbe: { ...probe, tcpSocket: { port: 'http', host: '127.0.0.1' } },
          startupProbe: { ...probe, exec: { command: ['cat', '/tmp/ready'] } },
          lifecycle: { preStop: { exec: { command: ['sleep', '5'] } }, postStart: { httpGet: { port: 8080 } } },
          volumeMounts: [
            { name: 'config', mountPath: '/etc/app', readOnly: true },
            { name: 'secret', mountPath: '/etc/secret', readOnly: true, subPath: 'password' },
            { name: 'host', mountPath: '/host/log' },
            { name: 'scratch', mountPath: '/scratch' },
          ],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'FallbackToLogsOnError',
          securityContext: { runAsUser: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          stdin: false,
          tty: false,
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: 'app-config', items: [{ key: 'app.properties', path: 'app.properties', mode: 0o600 }], defaultMode: 0o644, optional: true } },
        { name: 'secret', secret: { secretName: 'db', defaultMode: 0o400 } },
        { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
        { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      ],
      nodeName: 'edge-1',
      nodeSelector: { 'kubernetes.io/arch': 'arm64' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
                  { key: 'gpu', operator: 'DoesNotExist' },
                  { key: 'cores', operator: 'Gt', values: ['2'] },
                ],
                matchFields: [{ key: 'metadata.name', operator: 'In', values: ['edge-1'] }],
              },
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 50, preference: { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] } },
          ],
        },
      },
      tolerations: [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
        { key: 'dedicated', operator: 'Equal', value: 'edge', effect: 'NoSchedule' },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 45,
      activeDeadlineSeconds: 3600,
      hostNetwork: false,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      priority: 0,
      serviceAccountName: 'default',
      enableServiceLinks: false,
      securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 2000, supplementalGroups: [3000], sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }] },
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-05-01T12:00:05Z', lastProbeTime: null }],
      hostIP: '192.168.1.10',
      podIP: '10.42.1.7',
      podIPs: [{ ip: '10.42.1.7' }],
      startTime: '2024-05-01T12:00:00Z',
      qosClass: 'Burstable',
      initContainerStatuses: [
        {
          name: 'init',
          ready: true,
          restartCount: 0,
          image: 'busybox:1.36',
          imageID: 'docker.io/library/busybox@sha256:abc',
          containerID: 'containerd://1',
          state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2024-05-01T12:00:01Z', finishedAt: '2024-05-01T12:00:02Z' } },
        },
      ],
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          started: true,
          restartCount: 1,
          image: 'registry.local:5000/demo/app@sha256:0123456789abcdef',
          imageID: 'registry.local:5000/demo/app@sha256:0123456789abcdef',
          containerID: 'containerd://2',
          state: { running: { startedAt: '2024-05-01T12:00:03Z' } },
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', message: 'killed', signal: 9 } },
        },
      ],
      message: 'ok',
      reason: 'Fine',
    },
  };
}

export function node(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'edge-1', labels: { 'kubernetes.io/hostname': 'edge-1' } },
    spec: {
      podCIDR: '10.42.1.0/24',
      podCIDRs: ['10.42.1.0/24'],
      providerID: 'edgeplane://edge-1',
      unschedulable: false,
      taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: '2024-05-01T12:00:00Z' }],
    },
    status: {
      capacity: { cpu: '4', memory: '3906Mi', pods: '110' },
      allocatable: { cpu: '4', memory: '3806Mi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: '2024-05-01T12:00:00Z', lastTransitionTime: '2024-05-01T12:00:00Z' }],
      addresses: [
        { type: 'InternalIP', address: '192.168.1.10' },
        { type: 'Hostname', address: 'edge-1' },
      ],
      nodeInfo: { architecture: 'arm64', operatingSystem: 'linux', kernelVersion: '6.1.0', osImage: 'Debian 12', containerRuntimeVersion: 'containerd://1.7', kubeletVersion: 'v1.30.0-edgeplane', machineID: 'm', systemUUID: 's', bootID: 'b', kubeProxyVersion: '' },
      images: [{ names: ['nginx:1.25'], sizeBytes: 50000000 }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    },
  };
}
