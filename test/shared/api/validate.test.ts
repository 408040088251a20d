import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateObject } from '../../../shared/api/validate.js';
import { applyDefaults } from '../../../shared/api/defaults.js';
import type { FieldError, KubeObject } from '../../../shared/api/object.js';
import { clone, configMap, fullPod, node, nginxDeployment, nodePortService, secret } from './fixtures.js';

const RFC1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec };
}

const daemonSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent-helper' },
  spec: {
    selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['helper'] }] },
    template: { metadata: { labels: { app: 'helper' } }, spec: { containers: [{ name: 'h', image: 'busybox' }], hostNetwork: true } },
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } },
    minReadySeconds: 5,
    revisionHistoryLimit: 3,
  },
  status: { currentNumberScheduled: 1, numberMisscheduled: 0, desiredNumberScheduled: 1, numberReady: 1, observedGeneration: 1, updatedNumberScheduled: 1, numberAvailable: 1, collisionCount: 0, conditions: [] },
};

const replicaSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'nginx-5d9c7b',
    annotations: { 'deployment.kubernetes.io/revision': '2' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', uid: 'u', controller: true }],
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'nginx', 'pod-template-hash': '5d9c7b' } },
    template: { metadata: { labels: { app: 'nginx', 'pod-template-hash': '5d9c7b' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
  },
  status: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 },
};

const others: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } },
  {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'nginx', namespace: 'default' },
    subsets: [
      {
        addresses: [{ ip: '10.42.1.7', nodeName: 'edge-1', targetRef: { kind: 'Pod', name: 'nginx-1', namespace: 'default', uid: 'u' } }],
        notReadyAddresses: [{ ip: '10.42.2.3' }],
        ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'metrics', port: 9113 }],
      },
    ],
  },
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'nginx-1.17a', namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'nginx-1', uid: 'u', apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{nginx}' },
    reason: 'Pulled',
    message: 'Successfully pulled image',
    source: { component: 'kubelet', host: 'edge-1' },
    firstTimestamp: '2024-05-01T12:00:00Z',
    lastTimestamp: '2024-05-01T12:00:10Z',
    count: 2,
    type: 'Normal',
    reportingComponent: 'kubelet',
    reportingInstance: 'edge-1',
  },
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'nginx-1.17b', namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'nginx-1' },
    eventTime: '2024-05-01T12:00:00.123456Z',
    series: { count: 3, lastObservedTime: '2024-05-01T12:01:00.000000Z' },
    action: 'Scheduling',
    reason: 'Scheduled',
    reportingComponent: 'default-scheduler',
    reportingInstance: 'default-scheduler-server',
    related: { kind: 'Node', name: 'edge-1' },
    type: 'Normal',
  },
];

describe('validateObject accepts realistic manifests', () => {
  const cases: Array<[string, KubeObject]> = [
    ['nginx Deployment', nginxDeployment()],
    ['NodePort Service', nodePortService()],
    ['ConfigMap', configMap()],
    ['Secret with stringData', secret()],
    ['Pod using every supported field', fullPod()],
    ['Node with status', node()],
    ['DaemonSet', daemonSet],
    ['ReplicaSet', replicaSet],
    ...others.map((o): [string, KubeObject] => [`${o.kind} ${o.metadata.name}`, o]),
  ];
  for (const [name, obj] of cases) {
    it(`${name} (as written)`, () => {
      assert.deepEqual(validateObject(obj), { errors: [], unknownFields: [] });
    });
    it(`${name} (defaulted)`, () => {
      assert.deepEqual(validateObject(applyDefaults(obj)), { errors: [], unknownFields: [] });
    });
  }

  it('treats null fields as absent, as Go decoding does', () => {
    const p = pod({ containers: [{ name: 'c', image: 'busybox', env: null, resources: null }], volumes: null });
    p.metadata.creationTimestamp = null as unknown as string;
    p.status = null;
    assert.deepEqual(validateObject(p), { errors: [], unknownFields: [] });
  });

  it('accepts both forms of int-or-string', () => {
    for (const targetPort of [8080, 'http']) {
      const svc = nodePortService();
      svc.spec.ports[0].targetPort = targetPort;
      assert.deepEqual(validateObject(svc).errors, [], String(targetPort));
    }
    for (const v of [1, '30%']) {
      const d = nginxDeployment();
      d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: v, maxUnavailable: v } };
      assert.deepEqual(validateObject(d).errors, [], String(v));
    }
    for (const port of [8080, 'http']) {
      const p = pod({ containers: [{ name: 'c', image: 'i', ports: [{ name: 'http', containerPort: 8080 }], livenessProbe: { tcpSocket: { port } } }] });
      assert.deepEqual(validateObject(p).errors, [], String(port));
    }
  });
});

interface RejectCase {
  name: string;
  obj: () => unknown;
  errors?: Array<Partial<FieldError>>;
  unknown?: string[];
}

function mutate(base: () => KubeObject, fn: (o: KubeObject) => void): () => KubeObject {
  return () => {
    const o = clone(base());
    fn(o);
    return o;
  };
}

const twoContainers = () => pod({ containers: [{ name: 'a', image: 'busybox' }] });

const REJECT: RejectCase[] = [
  {
    name: 'unknown field in a container',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].imagee = 'nginx')),
    errors: [],
    unknown: ['spec.containers[0].imagee'],
  },
  {
    name: 'unknown top-level and metadata fields',
    obj: mutate(configMap, (o) => {
      o.dta = {};
      (o.metadata as Record<string, unknown>).lables = {};
    }),
    errors: [],
    unknown: ['metadata.lables', 'dta'],
  },
  {
    name: 'bad name',
    obj: mutate(configMap, (o) => (o.metadata.name = 'Foo_bar')),
    errors: [{ field: 'metadata.name', type: 'FieldValueInvalid', message: `Invalid value: "Foo_bar": ${RFC1123_SUBDOMAIN}` }],
  },
  {
    name: 'missing name',
    obj: mutate(configMap, (o) => delete o.metadata.name),
    errors: [{ field: 'metadata.name', type: 'FieldValueRequired', message: 'Required value: name or generateName is required' }],
  },
  {
    name: 'bad generateName',
    obj: mutate(configMap, (o) => {
      delete o.metadata.name;
      o.metadata.generateName = 'Web-';
    }),
    errors: [{ field: 'metadata.generateName', type: 'FieldValueInvalid' }],
  },
  {
    name: 'namespace name is a DNS label',
    obj: () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } }),
    errors: [
      {
        field: 'metadata.name',
        message:
          "Invalid value: \"a.b\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')".replace(
            ",  or",
            ', or',
          ),
      },
    ],
  },
  {
    name: 'service name is a DNS-1035 label',
    obj: mutate(nodePortService, (o) => (o.metadata.name = '1svc')),
    errors: [{ field: 'metadata.name', type: 'FieldValueInvalid' }],
  },
  {
    name: 'bad label key',
    obj: mutate(configMap, (o) => (o.metadata.labels = { 'bad key': 'v' })),
    errors: [
      {
        field: 'metadata.labels',
        type: 'FieldValueInvalid',
        message:
          "Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      },
    ],
  },
  {
    name: 'bad label key prefix',
    obj: mutate(configMap, (o) => (o.metadata.labels = { 'Example.com/x': 'v' })),
    errors: [{ field: 'metadata.labels', message: /^Invalid value: "Example.com\/x": prefix part a lowercase RFC 1123 subdomain/ as unknown as string }],
  },
  {
    name: 'bad label value',
    obj: mutate(configMap, (o) => (o.metadata.labels = { app: '-nginx' })),
    errors: [
      {
        field: 'metadata.labels',
        type: 'FieldValueInvalid',
        message:
          "Invalid value: \"-nginx\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      },
    ],
  },
  {
    name: 'label value too long',
    obj: mutate(configMap, (o) => (o.metadata.labels = { app: 'a'.repeat(64) })),
    errors: [{ field: 'metadata.labels', message: `Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters` }],
  },
  {
    name: 'annotations over 256KiB',
    obj: mutate(configMap, (o) => (o.metadata.annotations = { big: 'x'.repeat(256 * 1024) })),
    errors: [{ field: 'metadata.annotations', type: 'FieldValueTooLong', message: 'Too long: must have at most 262144 bytes' }],
  },
  {
    name: 'bad quantity',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].resources = { limits: { memory: '12XB' } })),
    errors: [
      {
        field: 'spec.containers[0].resources.limits[memory]',
        type: 'FieldValueInvalid',
        message: "Invalid value: \"12XB\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      },
    ],
  },
  {
    name: 'limits below requests',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].resources = { requests: { cpu: '2', memory: '256Mi' }, limits: { cpu: 1, memory: '0.125Gi' } })),
    errors: [
      { field: 'spec.containers[0].resources.requests', type: 'FieldValueInvalid', message: 'Invalid value: "2": must be less than or equal to cpu limit of 1' },
      { field: 'spec.containers[0].resources.requests', type: 'FieldValueInvalid', message: 'Invalid value: "256Mi": must be less than or equal to memory limit of 128Mi' },
    ],
  },
  {
    name: 'negative quantity',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].resources = { requests: { cpu: '-1' } })),
    errors: [{ field: 'spec.containers[0].resources.requests[cpu]', message: 'Invalid value: "-1": must be greater than or equal to 0' }],
  },
  {
    name: 'unknown resource name',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].resources = { limits: { gpu: '1' } })),
    errors: [{ field: 'spec.containers[0].resources.limits[gpu]', message: 'Invalid value: "gpu": must be a standard resource for containers' }],
  },
  {
    name: 'duplicate container name across containers and initContainers',
    obj: mutate(twoContainers, (o) => (o.spec.initContainers = [{ name: 'a', image: 'busybox' }])),
    errors: [{ field: 'spec.initContainers[0].name', type: 'FieldValueDuplicate', message: 'Duplicate value: "a"' }],
  },
  {
    name: 'missing image',
    obj: mutate(twoContainers, (o) => delete o.spec.containers[0].image),
    errors: [{ field: 'spec.containers[0].image', type: 'FieldValueRequired', message: 'Required value' }],
  },
  {
    name: 'missing container name (schema required)',
    obj: mutate(twoContainers, (o) => delete o.spec.containers[0].name),
    errors: [{ field: 'spec.containers[0].name', type: 'FieldValueRequired', message: 'Required value' }],
  },
  {
    name: 'no containers',
    obj: mutate(twoContainers, (o) => (o.spec.containers = [])),
    errors: [{ field: 'spec.containers', type: 'FieldValueRequired' }],
  },
  {
    name: 'container name not a DNS label',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].name = 'My_App')),
    errors: [{ field: 'spec.containers[0].name', type: 'FieldValueInvalid' }],
  },
  {
    name: 'selector does not match template labels',
    obj: mutate(nginxDeployment, (o) => (o.spec.template.metadata.labels = { app: 'other' })),
    errors: [
      {
        field: 'spec.template.metadata.labels',
        type: 'FieldValueInvalid',
        message: 'Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
      },
    ],
  },
  {
    name: 'empty selector',
    obj: mutate(nginxDeployment, (o) => (o.spec.selector = {})),
    errors: [{ field: 'spec.selector', type: 'FieldValueInvalid', message: 'Invalid value: {}: empty selector is invalid for deployment' }],
  },
  {
    name: 'bad selector operator',
    obj: mutate(nginxDeployment, (o) => (o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['nginx'] }] })),
    errors: [
      { field: 'spec.selector.matchExpressions[0].operator', message: 'Invalid value: "Equals": not a valid selector operator' },
      { field: 'spec.selector', message: /invalid label selector/ as unknown as string },
    ],
  },
  {
    name: 'selector In without values',
    obj: mutate(nginxDeployment, (o) => (o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In' }] })),
    errors: [{ field: 'spec.selector.matchExpressions[0].values', type: 'FieldValueRequired' }],
  },
  {
    name: 'template restartPolicy must be Always',
    obj: mutate(nginxDeployment, (o) => (o.spec.template.spec.restartPolicy = 'Never')),
    errors: [{ field: 'spec.template.spec.restartPolicy', type: 'FieldValueNotSupported', message: 'Unsupported value: "Never": supported values: "Always"' }],
  },
  {
    name: 'negative replicas',
    obj: mutate(nginxDeployment, (o) => (o.spec.replicas = -1)),
    errors: [{ field: 'spec.replicas', type: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0' }],
  },
  {
    name: 'replicas of the wrong type',
    obj: mutate(nginxDeployment, (o) => (o.spec.replicas = '3')),
    errors: [{ field: 'spec.replicas', type: 'FieldValueTypeInvalid', message: 'Invalid value: "3": must be of type integer' }],
  },
  {
    name: 'maxSurge and maxUnavailable both 0',
    obj: mutate(nginxDeployment, (o) => (o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } })),
    errors: [{ field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'Invalid value: "0%": may not be 0 when `maxSurge` is 0' }],
  },
  {
    name: 'maxSurge not a percentage',
    obj: mutate(nginxDeployment, (o) => (o.spec.strategy = { rollingUpdate: { maxSurge: 'lots' } })),
    errors: [
      {
        field: 'spec.strategy.rollingUpdate.maxSurge',
        message: "Invalid value: \"lots\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%', or '93%', regex used for validation is '[0-9]+%')",
      },
    ],
  },
  {
    name: 'maxUnavailable over 100%',
    obj: mutate(nginxDeployment, (o) => (o.spec.strategy = { rollingUpdate: { maxUnavailable: '150%' } })),
    errors: [{ field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'Invalid value: "150%": must not be greater than 100%' }],
  },
  {
    name: 'int-or-string of the wrong type',
    obj: mutate(nodePortService, (o) => (o.spec.ports[0].targetPort = true)),
    errors: [{ field: 'spec.ports[0].targetPort', type: 'FieldValueTypeInvalid', message: 'Invalid value: true: must be of type integer or string' }],
  },
  {
    name: 'Recreate with rollingUpdate',
    obj: mutate(nginxDeployment, (o) => (o.spec.strategy = { type: 'Recreate', rollingUpdate: {} })),
    errors: [{ field: 'spec.strategy.rollingUpdate', type: 'FieldValueForbidden' }],
  },
  {
    name: 'DaemonSet surge and unavailable both set',
    obj: mutate(
      () => clone(daemonSet),
      (o) => (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } }),
    ),
    errors: [{ field: 'spec.updateStrategy.rollingUpdate.maxSurge', message: 'Invalid value: 1: may not be set when maxUnavailable is non-zero' }],
  },
  {
    name: 'nodePort out of range',
    obj: mutate(nodePortService, (o) => (o.spec.ports[0].nodePort = 40000)),
    errors: [
      {
        field: 'spec.ports[0].nodePort',
        type: 'FieldValueInvalid',
        message: 'Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767',
      },
    ],
  },
  {
    name: 'nodePort on a ClusterIP service',
    obj: mutate(nodePortService, (o) => {
      o.spec.type = 'ClusterIP';
      delete o.spec.externalTrafficPolicy;
    }),
    errors: [{ field: 'spec.ports[0].nodePort', type: 'FieldValueForbidden', message: "Forbidden: may not be used when `type` is 'ClusterIP'" }],
  },
  {
    name: 'unsupported service type',
    obj: mutate(nodePortService, (o) => (o.spec.type = 'LoadBalancer')),
    errors: [{ field: 'spec.type', type: 'FieldValueNotSupported', message: 'Unsupported value: "LoadBalancer": supported values: "ClusterIP", "NodePort"' }],
  },
  {
    name: 'service without ports',
    obj: mutate(nodePortService, (o) => delete o.spec.ports),
    errors: [{ field: 'spec.ports', type: 'FieldValueRequired' }],
  },
  {
    name: 'service ports need names when several',
    obj: mutate(nodePortService, (o) => delete o.spec.ports[1].name),
    errors: [{ field: 'spec.ports[1].name', type: 'FieldValueRequired' }],
  },
  {
    name: 'duplicate service port names',
    obj: mutate(nodePortService, (o) => (o.spec.ports[1].name = 'http')),
    errors: [{ field: 'spec.ports[1].name', type: 'FieldValueDuplicate', message: 'Duplicate value: "http"' }],
  },
  {
    name: 'bad clusterIP',
    obj: mutate(nodePortService, (o) => (o.spec.clusterIP = '10.43.0.300')),
    errors: [{ field: 'spec.clusterIP', message: "Invalid value: \"10.43.0.300\": must be empty, 'None', or a valid IP address" }],
  },
  {
    name: 'headless NodePort service',
    obj: mutate(nodePortService, (o) => (o.spec.clusterIP = 'None')),
    errors: [{ field: 'spec.clusterIP', message: "Invalid value: \"None\": may not be set to 'None' for NodePort services" }],
  },
  {
    name: 'service port out of range',
    obj: mutate(nodePortService, (o) => (o.spec.ports[0].port = 0)),
    errors: [{ field: 'spec.ports[0].port', message: 'Invalid value: 0: must be between 1 and 65535, inclusive' }],
  },
  {
    name: 'container port out of range',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].ports = [{ containerPort: 70000 }])),
    errors: [{ field: 'spec.containers[0].ports[0].containerPort', message: 'Invalid value: 70000: must be between 1 and 65535, inclusive' }],
  },
  {
    name: 'host port out of range',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].ports = [{ containerPort: 80, hostPort: 65536 }])),
    errors: [{ field: 'spec.containers[0].ports[0].hostPort', message: 'Invalid value: 65536: must be between 1 and 65535, inclusive' }],
  },
  {
    name: 'host port conflict',
    obj: mutate(twoContainers, (o) => {
      o.spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }];
      o.spec.containers.push({ name: 'b', image: 'busybox', ports: [{ containerPort: 81, hostPort: 8080 }] });
    }),
    errors: [{ field: 'spec.containers[1].ports[0].hostPort', type: 'FieldValueDuplicate', message: 'Duplicate value: "TCP//8080"' }],
  },
  {
    name: 'hostNetwork requires hostPort == containerPort',
    obj: mutate(twoContainers, (o) => {
      o.spec.hostNetwork = true;
      o.spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }];
    }),
    errors: [{ field: 'spec.containers[0].ports[0].containerPort', message: 'Invalid value: 80: must match `hostPort` when `hostNetwork` is true' }],
  },
  {
    name: 'port name too long (IANA_SVC_NAME)',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].ports = [{ name: 'abcdefghijklmnop', containerPort: 80 }])),
    errors: [{ field: 'spec.containers[0].ports[0].name', message: 'Invalid value: "abcdefghijklmnop": must be no more than 15 characters' }],
  },
  {
    name: 'port protocol enum',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].ports = [{ containerPort: 80, protocol: 'ICMP' }])),
    errors: [{ field: 'spec.containers[0].ports[0].protocol', type: 'FieldValueNotSupported', message: 'Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"' }],
  },
  {
    name: 'restartPolicy enum',
    obj: mutate(twoContainers, (o) => (o.spec.restartPolicy = 'Sometimes')),
    errors: [
      { field: 'spec.restartPolicy', type: 'FieldValueNotSupported', message: 'Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"' },
    ],
  },
  {
    name: 'imagePullPolicy enum',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].imagePullPolicy = 'Sometimes')),
    errors: [{ field: 'spec.containers[0].imagePullPolicy', type: 'FieldValueNotSupported' }],
  },
  {
    name: 'volume mount of an unknown volume',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }])),
    errors: [{ field: 'spec.containers[0].volumeMounts[0].name', message: 'Not found: "data"' }],
  },
  {
    name: 'duplicate volume names',
    obj: mutate(twoContainers, (o) => (o.spec.volumes = [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }])),
    errors: [{ field: 'spec.volumes[1].name', type: 'FieldValueDuplicate', message: 'Duplicate value: "v"' }],
  },
  {
    name: 'volume with two sources',
    obj: mutate(twoContainers, (o) => (o.spec.volumes = [{ name: 'v', emptyDir: {}, hostPath: { path: '/x' } }])),
    errors: [{ field: 'spec.volumes[0].emptyDir', type: 'FieldValueForbidden', message: 'Forbidden: may not specify more than 1 volume type' }],
  },
  {
    name: 'bad emptyDir sizeLimit',
    obj: mutate(twoContainers, (o) => (o.spec.volumes = [{ name: 'v', emptyDir: { sizeLimit: '1 GB' } }])),
    errors: [{ field: 'spec.volumes[0].emptyDir.sizeLimit', type: 'FieldValueInvalid' }],
  },
  {
    name: 'configMap defaultMode over 0777',
    obj: mutate(twoContainers, (o) => (o.spec.volumes = [{ name: 'v', configMap: { name: 'c', defaultMode: 0o1000 } }])),
    errors: [{ field: 'spec.volumes[0].configMap.defaultMode', message: 'Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive' }],
  },
  {
    name: 'liveness successThreshold must be 1',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].livenessProbe = { exec: { command: ['true'] }, successThreshold: 2 })),
    errors: [{ field: 'spec.containers[0].livenessProbe.successThreshold', message: 'Invalid value: 2: must be 1' }],
  },
  {
    name: 'probe without handler',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].readinessProbe = { periodSeconds: 5 })),
    errors: [{ field: 'spec.containers[0].readinessProbe', type: 'FieldValueRequired', message: 'Required value: must specify a handler type' }],
  },
  {
    name: 'probe with two handlers',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].startupProbe = { exec: { command: ['true'] }, tcpSocket: { port: 80 } })),
    errors: [{ field: 'spec.containers[0].startupProbe.tcpSocket', type: 'FieldValueForbidden' }],
  },
  {
    name: 'probe port name invalid',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].livenessProbe = { httpGet: { port: 'Http' } })),
    errors: [{ field: 'spec.containers[0].livenessProbe.httpGet.port', message: 'Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)' }],
  },
  {
    name: 'env fieldRef to an unsupported field',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].env = [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.hostname' } } }])),
    errors: [{ field: 'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath', type: 'FieldValueNotSupported' }],
  },
  {
    name: 'env with value and valueFrom',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].env = [{ name: 'X', value: 'v', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }])),
    errors: [{ field: 'spec.containers[0].env[0].valueFrom', message: 'Invalid value: "": may not be specified when `value` is not empty' }],
  },
  {
    name: 'toleration Exists with a value',
    obj: mutate(twoContainers, (o) => (o.spec.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }])),
    errors: [{ field: 'spec.tolerations[0].operator', type: 'FieldValueInvalid' }],
  },
  {
    name: 'toleration with empty key must use Exists',
    obj: mutate(twoContainers, (o) => (o.spec.tolerations = [{ operator: 'Equal', value: 'v' }])),
    errors: [{ field: 'spec.tolerations[0].operator', message: 'Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"' }],
  },
  {
    name: 'node affinity without terms',
    obj: mutate(twoContainers, (o) => (o.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } })),
    errors: [
      {
        field: 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms',
        type: 'FieldValueRequired',
        message: 'Required value: must have at least one node selector term',
      },
    ],
  },
  {
    name: 'nodeSelector label syntax',
    obj: mutate(twoContainers, (o) => (o.spec.nodeSelector = { 'a/b/c': 'x' })),
    errors: [{ field: 'spec.nodeSelector', type: 'FieldValueInvalid' }],
  },
  {
    name: 'Secret data that is not base64',
    obj: mutate(secret, (o) => ((o.data as Record<string, string>).password = 'not base64!')),
    errors: [{ field: 'data[password]', type: 'FieldValueInvalid', message: 'Invalid value: "not base64!": must be base64-encoded data' }],
  },
  {
    name: 'TLS Secret without keys',
    obj: mutate(secret, (o) => (o.type = 'kubernetes.io/tls')),
    errors: [
      { field: 'data[tls.crt]', type: 'FieldValueRequired' },
      { field: 'data[tls.key]', type: 'FieldValueRequired' },
    ],
  },
  {
    name: 'ConfigMap key syntax',
    obj: mutate(configMap, (o) => (o.data = { 'a b': 'x' })),
    errors: [{ field: 'data[a b]', type: 'FieldValueInvalid' }],
  },
  {
    name: 'taints unique by key and effect',
    obj: mutate(node, (o) => o.spec.taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' })),
    errors: [{ field: 'spec.taints[1]', type: 'FieldValueDuplicate' }],
  },
  {
    name: 'bad pod CIDR',
    obj: mutate(node, (o) => (o.spec.podCIDRs = ['10.42.1.0/33'])),
    errors: [{ field: 'spec.podCIDRs[0]', type: 'FieldValueInvalid' }],
  },
  {
    name: 'endpoint address not an IP',
    obj: () => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: 'pod-1' }] }] }),
    errors: [{ field: 'subsets[0].addresses[0].ip', message: 'Invalid value: "pod-1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' }],
  },
  {
    name: 'event namespace mismatch',
    obj: () => ({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'a' }, involvedObject: { kind: 'Pod', namespace: 'b', name: 'p' } }),
    errors: [{ field: 'involvedObject.namespace', message: 'Invalid value: "b": does not match event.namespace' }],
  },
  {
    name: 'unknown kind',
    obj: () => ({ apiVersion: 'v1', kind: 'Widget', metadata: { name: 'w' } }),
    errors: [{ field: 'kind', type: 'FieldValueInvalid', message: 'Invalid value: "Widget": no kind "Widget" is registered for version "v1"' }],
  },
  {
    name: 'known kind in the wrong group',
    obj: mutate(nginxDeployment, (o) => (o.apiVersion = 'v1')),
    errors: [{ field: 'apiVersion', type: 'FieldValueInvalid', message: 'Invalid value: "v1": no kind "Deployment" is registered for version "v1"' }],
  },
  {
    name: 'missing apiVersion and kind',
    obj: () => ({ metadata: { name: 'x' } }),
    errors: [
      { field: 'kind', type: 'FieldValueRequired' },
      { field: 'apiVersion', type: 'FieldValueRequired' },
    ],
  },
  {
    name: 'bad timestamp',
    obj: mutate(configMap, (o) => (o.metadata.creationTimestamp = 'yesterday')),
    errors: [{ field: 'metadata.creationTimestamp', type: 'FieldValueInvalid' }],
  },
  {
    name: 'int32 overflow',
    obj: mutate(twoContainers, (o) => (o.spec.containers[0].ports = [{ containerPort: 2 ** 31 }])),
    errors: [{ field: 'spec.containers[0].ports[0].containerPort', message: 'Invalid value: 2147483648: must be a 32-bit integer' }],
  },
  {
    name: 'ownerReferences with two controllers',
    obj: mutate(configMap, (o) => {
      o.metadata.ownerReferences = [
        { apiVersion: 'v1', kind: 'A', name: 'a', uid: '1', controller: true },
        { apiVersion: 'v1', kind: 'B', name: 'b', uid: '2', controller: true },
      ];
    }),
    errors: [{ field: 'metadata.ownerReferences', message: /Only one reference can have Controller set to true. Found "true" in references for A\/a and B\/b$/ as unknown as string }],
  },
  {
    name: 'finalizer without domain',
    obj: mutate(configMap, (o) => (o.metadata.finalizers = ['cleanup'])),
    errors: [{ field: 'metadata.finalizers[0]', message: 'Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified' }],
  },
];

function matchesExpected(actual: FieldError, expected: Partial<FieldError>): boolean {
  return Object.entries(expected).every(([k, v]) => {
    const a = actual[k as keyof FieldError];
    return (v as unknown) instanceof RegExp ? (v as unknown as RegExp).test(a) : a === v;
  });
}

describe('validateObject rejects', () => {
  for (const c of REJECT) {
    it(c.name, () => {
      const res = validateObject(c.obj());
      if (c.unknown) assert.deepEqual([...res.unknownFields].sort(), [...c.unknown].sort());
      else assert.deepEqual(res.unknownFields, []);
      if (c.errors && c.errors.length === 0) assert.deepEqual(res.errors, []);
      for (const e of c.errors ?? []) {
        assert.ok(
          res.errors.some((a) => matchesExpected(a, e)),
          `expected an error like ${JSON.stringify(e, (_k, v) => (v instanceof RegExp ? String(v) : v))}, got ${JSON.stringify(res.errors, null, 1)}`,
        );
      }
    });
  }

  it('reports every problem at once', () => {
    const p = pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 0 }] }, { name: 'a' }], restartPolicy: 'Sometimes' });
    const fields = validateObject(p).errors.map((e) => e.field);
    assert.deepEqual(new Set(fields), new Set(['spec.restartPolicy', 'spec.containers[0].ports[0].containerPort', 'spec.containers[1].name', 'spec.containers[1].image']));
  });

  it('does not mutate its input', () => {
    const obj = nginxDeployment();
    const before = JSON.stringify(obj);
    validateObject(obj);
    assert.equal(JSON.stringify(obj), before);
  });

  it('rejects a non-object', () => {
    assert.equal(validateObject('nope').errors[0].type, 'FieldValueTypeInvalid');
    assert.equal(validateObject(null).errors.length, 1);
  });
});
