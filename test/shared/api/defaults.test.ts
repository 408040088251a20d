import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from '../../../shared/api/defaults.js';
import { imageTag } from '../../../shared/api/defaults/pod.js';
import type { KubeObject } from '../../../shared/api/object.js';
import { deepFreeze, fullPod, nginxDeployment, nodePortService } from './fixtures.js';

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec };
}

function get(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o === undefined || o === null ? undefined : (o as Record<string, unknown>)[k]), obj);
}

describe('applyDefaults', () => {
  const minimalPod = pod({
    containers: [
      {
        name: 'c',
        image: 'nginx',
        ports: [{ containerPort: 80 }],
        env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        livenessProbe: { httpGet: { port: 80 } },
        readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 3 },
        resources: { limits: { cpu: '500m', memory: 134217728 } },
      },
    ],
    initContainers: [{ name: 'i', image: 'busybox:1.36' }],
    volumes: [
      { name: 'cm', configMap: { name: 'x' } },
      { name: 'sec', secret: { secretName: 'y' } },
      { name: 'host', hostPath: { path: '/var' } },
      { name: 'scratch' },
    ],
  });
  const d = applyDefaults(minimalPod);

  const POD_DEFAULTS: Array<[string, unknown]> = [
    ['spec.restartPolicy', 'Always'],
    ['spec.dnsPolicy', 'ClusterFirst'],
    ['spec.terminationGracePeriodSeconds', 30],
    ['spec.schedulerName', 'default-scheduler'],
    ['spec.securityContext', {}],
    ['spec.enableServiceLinks', true],
    ['spec.containers.0.imagePullPolicy', 'Always'],
    ['spec.initContainers.0.imagePullPolicy', 'IfNotPresent'],
    ['spec.containers.0.terminationMessagePath', '/dev/termination-log'],
    ['spec.containers.0.terminationMessagePolicy', 'File'],
    ['spec.containers.0.ports.0.protocol', 'TCP'],
    ['spec.containers.0.env.0.valueFrom.fieldRef.apiVersion', 'v1'],
    ['spec.containers.0.livenessProbe.timeoutSeconds', 1],
    ['spec.containers.0.livenessProbe.periodSeconds', 10],
    ['spec.containers.0.livenessProbe.successThreshold', 1],
    ['spec.containers.0.livenessProbe.failureThreshold', 3],
    ['spec.containers.0.livenessProbe.httpGet.scheme', 'HTTP'],
    ['spec.containers.0.livenessProbe.httpGet.path', '/'],
    ['spec.containers.0.readinessProbe.periodSeconds', 3],
    ['spec.containers.0.resources.limits', { cpu: '500m', memory: '128Mi' }],
    ['spec.containers.0.resources.requests', { cpu: '500m', memory: '128Mi' }],
    ['spec.initContainers.0.resources', {}],
    ['spec.volumes.0.configMap.defaultMode', 420],
    ['spec.volumes.1.secret.defaultMode', 420],
    ['spec.volumes.2.hostPath.type', ''],
    ['spec.volumes.3.emptyDir', {}],
  ];
  for (const [path, value] of POD_DEFAULTS) {
    it(`Pod ${path} = ${JSON.stringify(value)}`, () => assert.deepEqual(get(d, path), value));
  }

  it('Pod tolerates NotReady/unreachable nodes for 300s (DefaultTolerationSeconds)', () => {
    assert.deepEqual(d.spec.tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const own = applyDefaults(fullPod());
    // fullPod has its own unreachable toleration (60s): only not-ready is added
    assert.deepEqual(
      own.spec.tolerations.map((t: { key: string; tolerationSeconds?: number }) => [t.key, t.tolerationSeconds]),
      [
        ['node.kubernetes.io/unreachable', 60],
        ['dedicated', undefined],
        ['node.kubernetes.io/not-ready', 300],
      ],
    );
  });

  it('keeps values that are set and treats "" as unset', () => {
    const p = applyDefaults(pod({ restartPolicy: 'Never', dnsPolicy: '', terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'x', imagePullPolicy: 'Never' }] }));
    assert.equal(p.spec.restartPolicy, 'Never');
    assert.equal(p.spec.dnsPolicy, 'ClusterFirst');
    assert.equal(p.spec.terminationGracePeriodSeconds, 0);
    assert.equal(p.spec.containers[0].imagePullPolicy, 'Never');
  });

  it('hostNetwork pods get hostPort = containerPort', () => {
    const p = applyDefaults(pod({ hostNetwork: true, containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 53, protocol: 'UDP' }] }] }));
    assert.equal(p.spec.containers[0].ports[0].hostPort, 53);
  });

  const TAGS: Array<[string, string, string]> = [
    ['nginx', 'latest', 'Always'],
    ['nginx:latest', 'latest', 'Always'],
    ['nginx:1.25', '1.25', 'IfNotPresent'],
    ['registry.local:5000/app', 'latest', 'Always'],
    ['registry.local:5000/app:v2', 'v2', 'IfNotPresent'],
    ['app@sha256:abcd', '', 'IfNotPresent'],
    ['app:1@sha256:abcd', '1', 'IfNotPresent'],
  ];
  for (const [image, tag, policy] of TAGS) {
    it(`image ${image} → tag ${JSON.stringify(tag)}, ${policy}`, () => {
      assert.equal(imageTag(image), tag);
      assert.equal(applyDefaults(pod({ containers: [{ name: 'c', image }] })).spec.containers[0].imagePullPolicy, policy);
    });
  }

  it('Service defaults', () => {
    const s = applyDefaults({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'a' }, ports: [{ port: 80 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }] } });
    assert.deepEqual(s.spec, {
      selector: { app: 'a' },
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 53, protocol: 'UDP', targetPort: 'dns' },
      ],
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('NodePort Service defaults externalTrafficPolicy; clusterIP fills clusterIPs', () => {
    const svc = nodePortService();
    delete svc.spec.externalTrafficPolicy;
    svc.spec.clusterIP = '10.43.0.20';
    const s = applyDefaults(svc);
    assert.equal(s.spec.externalTrafficPolicy, 'Cluster');
    assert.deepEqual(s.spec.clusterIPs, ['10.43.0.20']);
    assert.equal(s.spec.ports[1].protocol, 'TCP');
  });

  it('ClientIP affinity gets a timeout; None drops the config', () => {
    const base = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } };
    assert.deepEqual(applyDefaults({ ...base, spec: { ports: [{ port: 1 }], sessionAffinity: 'ClientIP' } }).spec.sessionAffinityConfig, {
      clientIP: { timeoutSeconds: 10800 },
    });
    assert.equal(
      applyDefaults({ ...base, spec: { ports: [{ port: 1 }], sessionAffinity: 'None', sessionAffinityConfig: { clientIP: {} } } }).spec.sessionAffinityConfig,
      undefined,
    );
  });

  it('Deployment defaults, and pod defaults in its template (without Pod-only defaults)', () => {
    const dep = nginxDeployment();
    delete dep.spec.replicas;
    const out = applyDefaults(dep);
    assert.equal(out.spec.replicas, 1);
    assert.deepEqual(out.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    assert.equal(out.spec.revisionHistoryLimit, 10);
    assert.equal(out.spec.progressDeadlineSeconds, 600);
    const spec = out.spec.template.spec;
    assert.equal(spec.restartPolicy, 'Always');
    assert.equal(spec.containers[0].imagePullPolicy, 'IfNotPresent');
    assert.equal(spec.containers[0].readinessProbe.httpGet.scheme, 'HTTP');
    assert.equal(spec.enableServiceLinks, undefined);
    assert.equal(spec.tolerations, undefined);
  });

  it('Recreate Deployments get no rollingUpdate', () => {
    const dep = nginxDeployment();
    dep.spec.strategy = { type: 'Recreate' };
    assert.deepEqual(applyDefaults(dep).spec.strategy, { type: 'Recreate' });
  });

  it('ReplicaSet and DaemonSet defaults', () => {
    const template = { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } };
    const rs = applyDefaults({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { selector: { matchLabels: { a: 'b' } }, template } });
    assert.equal(rs.spec.replicas, 1);
    assert.equal(rs.spec.template.spec.dnsPolicy, 'ClusterFirst');
    const ds = applyDefaults({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template } });
    assert.deepEqual(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal(ds.spec.revisionHistoryLimit, 10);
    assert.equal(ds.spec.template.spec.schedulerName, 'default-scheduler');
  });

  it('Secret: type Opaque, stringData merged into data as base64 and removed', () => {
    const s = applyDefaults({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'eA==', b: 'eQ==' }, stringData: { b: 'héllo', c: 'z' } });
    assert.equal(s.type, 'Opaque');
    assert.deepEqual(s.data, { a: 'eA==', b: Buffer.from('héllo').toString('base64'), c: 'eg==' });
    assert.equal('stringData' in s, false);
  });

  it('Namespace: status.phase Active and the metadata.name label', () => {
    const ns = applyDefaults({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge' } });
    assert.deepEqual(ns.status, { phase: 'Active' });
    assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'edge' });
  });

  it('Node: allocatable from capacity, podCIDR ↔ podCIDRs, numeric quantities as strings', () => {
    const n = applyDefaults({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { podCIDR: '10.42.3.0/24' }, status: { capacity: { cpu: 4, memory: 4 * 1024 ** 3 } } });
    assert.deepEqual(n.spec.podCIDRs, ['10.42.3.0/24']);
    assert.deepEqual(n.status.allocatable, { cpu: '4', memory: '4Gi' });
  });

  it('Endpoints ports default to TCP', () => {
    const e = applyDefaults({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '10.42.0.5' }], ports: [{ port: 80 }] }] });
    assert.equal((e.subsets as Array<{ ports: Array<{ protocol: string }> }>)[0].ports[0].protocol, 'TCP');
  });

  it('never mutates a deep-frozen input and returns a new object', () => {
    for (const obj of [fullPod(), nginxDeployment(), nodePortService(), minimalPod]) {
      const frozen = deepFreeze(JSON.parse(JSON.stringify(obj)) as KubeObject);
      const before = JSON.stringify(frozen);
      const out = applyDefaults(frozen);
      assert.notEqual(out, frozen);
      assert.equal(JSON.stringify(frozen), before);
      assert.equal(Object.isFrozen(out), false);
    }
  });

  it('is idempotent', () => {
    for (const obj of [fullPod(), nginxDeployment(), nodePortService(), minimalPod]) {
      const once = applyDefaults(obj);
      assert.deepEqual(applyDefaults(once), once);
    }
  });

  it('drops null fields and survives malformed input', () => {
    const p = applyDefaults(pod({ containers: 'nope', volumes: [null, 3], tolerations: 'x', nodeName: null }));
    assert.equal('nodeName' in p.spec, false);
    assert.equal(p.spec.containers, 'nope');
    assert.deepEqual(applyDefaults({ apiVersion: 'v1', kind: 'Widget', metadata: { name: 'w' }, x: null } as KubeObject), {
      apiVersion: 'v1',
      kind: 'Widget',
      metadata: { name: 'w' },
    });
    assert.doesNotThrow(() => applyDefaults({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: {}, spec: 5 } as KubeObject));
  });
});
