import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from '../../../shared/api/defaults.js';
import type { FieldError, KubeObject } from '../../../shared/api/object.js';
import { validateUpdate } from '../../../shared/api/validate.js';
import { clone, configMap, fullPod, nginxDeployment, node, nodePortService, secret } from './fixtures.js';

interface UpdateCase {
  name: string;
  old: () => KubeObject;
  change: (o: KubeObject) => void;
  /** expected [field, type, message?]; empty = allowed */
  expect: Array<[string, FieldError['type'], (string | RegExp)?]>;
}

const stored = (make: () => KubeObject) => () => applyDefaults(make());

const POD_FORBIDDEN =
  /^Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/;

const CASES: UpdateCase[] = [
  { name: 'pod: change container image', old: stored(fullPod), change: (o) => (o.spec.containers[0].image = 'app:2'), expect: [] },
  { name: 'pod: change init container image', old: stored(fullPod), change: (o) => (o.spec.initContainers[0].image = 'busybox:1.37'), expect: [] },
  { name: 'pod: labels and annotations may change', old: stored(fullPod), change: (o) => (o.metadata.labels = { new: 'x' }), expect: [] },
  { name: 'pod: lower activeDeadlineSeconds', old: stored(fullPod), change: (o) => (o.spec.activeDeadlineSeconds = 60), expect: [] },
  {
    name: 'pod: raise activeDeadlineSeconds',
    old: stored(fullPod),
    change: (o) => (o.spec.activeDeadlineSeconds = 7200),
    expect: [['spec.activeDeadlineSeconds', 'FieldValueInvalid', 'Invalid value: 7200: must be less than or equal to previous value']],
  },
  {
    name: 'pod: add a toleration',
    old: stored(fullPod),
    change: (o) => o.spec.tolerations.push({ key: 'x', operator: 'Exists' }),
    expect: [],
  },
  {
    name: 'pod: change an existing toleration tolerationSeconds',
    old: stored(fullPod),
    change: (o) => (o.spec.tolerations[0].tolerationSeconds = 30),
    expect: [],
  },
  {
    name: 'pod: remove a toleration',
    old: stored(fullPod),
    change: (o) => o.spec.tolerations.splice(1, 1),
    expect: [['spec.tolerations', 'FieldValueForbidden', 'Forbidden: existing toleration can not be modified except its tolerationSeconds']],
  },
  {
    name: 'pod: change ports',
    old: stored(fullPod),
    change: (o) => (o.spec.containers[0].ports[0].containerPort = 9090),
    expect: [['spec', 'FieldValueForbidden', POD_FORBIDDEN]],
  },
  {
    name: 'pod: bind to another node',
    old: stored(fullPod),
    change: (o) => (o.spec.nodeName = 'edge-2'),
    expect: [['spec', 'FieldValueForbidden', /changed: spec\.nodeName$/]],
  },
  {
    name: 'pod: add a container',
    old: stored(fullPod),
    change: (o) => o.spec.containers.push({ name: 'b', image: 'b' }),
    expect: [['spec.containers', 'FieldValueForbidden', 'Forbidden: pod updates may not add or remove containers']],
  },
  {
    name: 'pod: empty image',
    old: stored(fullPod),
    change: (o) => (o.spec.containers[0].image = ''),
    expect: [['spec.containers[0].image', 'FieldValueRequired']],
  },
  {
    name: 'pod: an omitted default is not a change',
    old: stored(fullPod),
    change: (o) => {
      delete o.spec.schedulerName;
      delete o.spec.containers[0].terminationMessagePath;
    },
    expect: [],
  },
  {
    name: 'rename',
    old: stored(configMap),
    change: (o) => (o.metadata.name = 'other'),
    expect: [['metadata.name', 'FieldValueInvalid', 'Invalid value: "other": field is immutable']],
  },
  {
    name: 'move namespace',
    old: stored(configMap),
    change: (o) => (o.metadata.namespace = 'kube-system'),
    expect: [['metadata.namespace', 'FieldValueInvalid', 'Invalid value: "kube-system": field is immutable']],
  },
  {
    name: 'no new finalizers while deleting',
    old: () => ({ ...configMap(), metadata: { ...configMap().metadata, deletionTimestamp: '2024-05-01T00:00:00Z', finalizers: ['a.io/x'] } }),
    change: (o) => (o.metadata.finalizers = ['a.io/x', 'b.io/y']),
    expect: [['metadata.finalizers', 'FieldValueForbidden']],
  },
  { name: 'finalizers may be removed while deleting', old: () => ({ ...configMap(), metadata: { ...configMap().metadata, deletionTimestamp: '2024-05-01T00:00:00Z', finalizers: ['a.io/x'] } }), change: (o) => (o.metadata.finalizers = []), expect: [] },
  { name: 'deployment: scale and new image', old: stored(nginxDeployment), change: (o) => ((o.spec.replicas = 5), (o.spec.template.spec.containers[0].image = 'nginx:1.26')), expect: [] },
  {
    name: 'deployment: selector change',
    old: stored(nginxDeployment),
    change: (o) => {
      o.spec.selector = { matchLabels: { app: 'nginx', tier: 'web' } };
      o.spec.template.metadata.labels.tier = 'web';
    },
    expect: [['spec.selector', 'FieldValueInvalid', 'Invalid value: {"matchLabels":{"app":"nginx","tier":"web"}}: field is immutable']],
  },
  {
    name: 'replicaset: selector change',
    old: () => ({ ...nginxDeployment(), kind: 'ReplicaSet' }),
    change: (o) => (o.spec.selector = { matchLabels: { app: 'x' } }),
    expect: [['spec.selector', 'FieldValueInvalid']],
  },
  {
    name: 'daemonset: equal selector (empty lists are absent)',
    old: () => ({ ...nginxDeployment(), kind: 'DaemonSet' }),
    change: (o) => (o.spec.selector = { matchLabels: { app: 'nginx' }, matchExpressions: [] }),
    expect: [],
  },
  {
    name: 'service: clusterIP change',
    old: () => ({ ...nodePortService(), spec: { ...nodePortService().spec, clusterIP: '10.43.0.10' } }),
    change: (o) => (o.spec.clusterIP = '10.43.0.11'),
    expect: [['spec.clusterIP', 'FieldValueInvalid', 'Invalid value: "10.43.0.11": field is immutable']],
  },
  {
    name: 'service: clusterIP kept',
    old: () => ({ ...nodePortService(), spec: { ...nodePortService().spec, clusterIP: '10.43.0.10' } }),
    change: (o) => (o.spec.ports[0].port = 8080),
    expect: [],
  },
  { name: 'service: clusterIP set the first time', old: stored(nodePortService), change: (o) => (o.spec.clusterIP = '10.43.0.12'), expect: [] },
  {
    name: 'immutable configmap: data change',
    old: () => ({ ...configMap(), immutable: true }),
    change: (o) => (o.data = { a: 'b' }),
    expect: [['data', 'FieldValueForbidden', 'Forbidden: field is immutable when `immutable` is set']],
  },
  {
    name: 'immutable configmap: unset immutable',
    old: () => ({ ...configMap(), immutable: true }),
    change: (o) => (o.immutable = false),
    expect: [['immutable', 'FieldValueForbidden']],
  },
  { name: 'mutable configmap: data change', old: stored(configMap), change: (o) => (o.data = { a: 'b' }), expect: [] },
  {
    name: 'immutable secret: stringData that changes data',
    old: () => applyDefaults({ ...secret(), immutable: true }),
    change: (o) => (o.stringData = { username: 'root' }),
    expect: [['data', 'FieldValueForbidden']],
  },
  {
    name: 'immutable secret: same data through stringData',
    old: () => applyDefaults({ ...secret(), immutable: true }),
    change: (o) => (o.stringData = { username: 'admin' }),
    expect: [],
  },
  {
    name: 'secret type change',
    old: stored(secret),
    change: (o) => (o.type = 'kubernetes.io/tls'),
    expect: [['type', 'FieldValueInvalid', 'Invalid value: "kubernetes.io/tls": field is immutable']],
  },
  {
    name: 'node: podCIDR change',
    old: stored(node),
    change: (o) => ((o.spec.podCIDR = '10.42.9.0/24'), (o.spec.podCIDRs = ['10.42.9.0/24'])),
    expect: [['spec.podCIDRs', 'FieldValueForbidden', 'Forbidden: node updates may not change podCIDR except from "" to valid']],
  },
  {
    name: 'node: podCIDR set the first time',
    old: () => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: {} }),
    change: (o) => (o.spec.podCIDRs = ['10.42.9.0/24']),
    expect: [],
  },
  { name: 'node: unschedulable toggled', old: stored(node), change: (o) => (o.spec.unschedulable = true), expect: [] },
];

describe('validateUpdate', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const old = c.old();
      const next = clone(old);
      c.change(next);
      const errs = validateUpdate(next, old);
      if (c.expect.length === 0) {
        assert.deepEqual(errs, []);
        return;
      }
      for (const [field, type, message] of c.expect) {
        const hit = errs.find((e) => e.field === field && e.type === type);
        assert.ok(hit, `no ${type} on ${field} in ${JSON.stringify(errs, null, 1)}`);
        if (typeof message === 'string') assert.equal(hit.message, message);
        else if (message) assert.match(hit.message, message);
      }
    });
  }
});
