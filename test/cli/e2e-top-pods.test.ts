// Pod usage end to end over real MQTT: hollow agents publish usage snapshots
// on edgeplane/nodes/<node>/metrics, the server (a child process) keeps them
// in memory and serves PodMetrics at metrics.k8s.io/v1beta1, and edgectl top
// pods (and kubectl top pods when installed) print them.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { api, eventually, startServer, type ServerHandle } from '../helpers/server.js';
import { HollowAgent, mqttPortFromOutput } from '../helpers/hollow-agent.js';
import type { KubeObject } from '../../shared/api/object.js';
import type { PodUsage } from '../../shared/mqtt/pod-metrics.js';
import { topPodRows } from '../../cli/commands/top-pods.js';
import { edgectl } from './run.js';

const kubectlFound = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const Mi = 1024 * 1024;
const M = '/apis/metrics.k8s.io/v1beta1';

describe('topPodRows', () => {
  const items = [
    { metadata: { name: 'web', namespace: 'default' }, containers: [{ name: 'main', usage: { cpu: '2500001n', memory: '10240Ki' } }, { name: 'side', usage: { cpu: '1m', memory: '2Mi' } }] },
    { metadata: { name: 'db', namespace: 'default' }, containers: [{ name: 'main', usage: { cpu: '0', memory: '1023Ki' } }] },
  ];
  it('sums containers per pod, CPU in millicores rounded up, memory in Mi rounded down', () => {
    assert.deepEqual(topPodRows(items), [
      ['NAME', 'CPU(cores)', 'MEMORY(bytes)'],
      ['db', '0m', '0Mi'],
      ['web', '4m', '12Mi'],
    ]);
  });
  it('per container, with namespaces, sorted by usage', () => {
    assert.deepEqual(topPodRows(items, { containers: true, allNamespaces: true, sortBy: 'memory' }), [
      ['NAMESPACE', 'POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)'],
      ['default', 'web', 'main', '3m', '10Mi'],
      ['default', 'web', 'side', '1m', '2Mi'],
      ['default', 'db', 'main', '0m', '0Mi'],
    ]);
  });
});

describe('top pods', () => {
  let s: ServerHandle;
  let a: HollowAgent;
  let b: HollowAgent;
  const pods = new Map<string, KubeObject>();

  async function createPod(namespace: string, name: string, node: string, labels: Record<string, string>, containers: string[]): Promise<void> {
    const body = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels },
      spec: { nodeName: node, containers: containers.map((c) => ({ name: c, image: 'edgeplane.local/busybox:latest' })) },
    };
    const r = await api(s, 'POST', `/api/v1/namespaces/${namespace}/pods`, body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    pods.set(`${namespace}/${name}`, r.body);
  }
  const usage = (key: string, containers: Array<[string, number, number]>, uid?: string): PodUsage => {
    const p = pods.get(key)!;
    return {
      namespace: p.metadata.namespace!,
      name: p.metadata.name!,
      uid: uid ?? p.metadata.uid!,
      containers: containers.map(([name, cpuNanoCores, memoryWorkingSetBytes]) => ({ name, cpuNanoCores, memoryWorkingSetBytes })),
    };
  };

  before(async () => {
    s = await startServer();
    const token = (await readFile(join(s.dataDir, 'join-token'), 'utf8')).trim();
    const port = mqttPortFromOutput(s.output());
    a = await HollowAgent.start({ mqttPort: port, token, nodeName: 'usage-a' });
    b = await HollowAgent.start({ mqttPort: port, token, nodeName: 'usage-b' });
    await a.reportStatus();
    await b.reportStatus();
    assert.equal((await api(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })).status, 201);
    await createPod('default', 'web-1', 'usage-a', { app: 'web' }, ['main', 'side']);
    await createPod('default', 'web-2', 'usage-b', { app: 'web' }, ['main']);
    await createPod('default', 'db', 'usage-a', { app: 'db' }, ['main']);
    await createPod('default', 'fresh', 'usage-a', { app: 'fresh' }, ['main']);
    await createPod('team', 'job', 'usage-b', { app: 'job' }, ['main']);
    await createPod('team', 'spoofed', 'usage-b', { app: 'job' }, ['main']);
    const now = Date.now();
    await a.reportPodMetrics({
      timestamp: now,
      windowMs: 10_500,
      pods: [
        usage('default/web-1', [['main', 3_000_000, 12 * Mi], ['side', 250_000, 4 * Mi]]),
        usage('default/db', [['main', 120_000_000, 64 * Mi]]),
        // not usage-a's pods: ignored (a node reports only for pods bound to it)
        usage('default/web-2', [['main', 999e9, 999 * Mi]]),
        usage('team/spoofed', [['main', 999e9, 999 * Mi]]),
      ],
    });
    await b.reportPodMetrics({
      timestamp: now,
      windowMs: 10_000,
      pods: [
        usage('default/web-2', [['main', 1_000_000, 20 * Mi]]),
        usage('team/job', [['main', 500_000_000, 100 * Mi]]),
        // an older incarnation of the pod (another uid): ignored
        usage('team/spoofed', [['main', 1, 1]], 'a-stale-uid'),
      ],
    });
    await eventually(async () => (await api(s, 'GET', `${M}/pods`)).body.items?.length === 4, 'pod metrics from both nodes');
  });
  after(async () => {
    a?.dispose();
    b?.dispose();
    await s?.dispose();
  });

  it('serves PodMetrics in the Kubernetes shape, listed in discovery', async () => {
    const res = (await api(s, 'GET', M)).body.resources;
    assert.deepEqual(
      res.map((r: any) => `${r.name}:${r.kind}:${r.namespaced}`),
      ['nodes:NodeMetrics:false', 'pods:PodMetrics:true'],
    );
    const one = (await api(s, 'GET', `${M}/namespaces/default/pods/web-1`)).body;
    assert.equal(one.kind, 'PodMetrics');
    assert.equal(one.apiVersion, 'metrics.k8s.io/v1beta1');
    assert.equal(one.metadata.name, 'web-1');
    assert.equal(one.metadata.namespace, 'default');
    assert.deepEqual(one.metadata.labels, { app: 'web' });
    assert.match(one.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(one.window, '10.5s');
    assert.deepEqual(one.containers, [
      { name: 'main', usage: { cpu: '3000000n', memory: `${12 * 1024}Ki` } },
      { name: 'side', usage: { cpu: '250000n', memory: `${4 * 1024}Ki` } },
    ]);
  });

  it('lists per namespace, across namespaces and by label selector; only pods their own node reported', async () => {
    const names = async (path: string) => (await api(s, 'GET', path)).body.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`);
    assert.deepEqual(await names(`${M}/namespaces/default/pods`), ['default/db', 'default/web-1', 'default/web-2']);
    assert.deepEqual(await names(`${M}/pods`), ['default/db', 'default/web-1', 'default/web-2', 'team/job']);
    assert.deepEqual(await names(`${M}/namespaces/default/pods?labelSelector=app%3Dweb`), ['default/web-1', 'default/web-2']);
    assert.deepEqual(await names(`${M}/pods?labelSelector=app+in+(job,db)`), ['default/db', 'team/job']);
    const web2 = (await api(s, 'GET', `${M}/namespaces/default/pods/web-2`)).body;
    assert.deepEqual(web2.containers, [{ name: 'main', usage: { cpu: '1000000n', memory: `${20 * 1024}Ki` } }]);
    assert.equal((await api(s, 'GET', `${M}/pods`)).body.kind, 'PodMetricsList');
  });

  it('404 Status for an unknown pod and for a pod without usage; 400 for a bad selector', async () => {
    for (const name of ['nope', 'fresh', 'spoofed']) {
      const ns = name === 'spoofed' ? 'team' : 'default';
      const r = await api(s, 'GET', `${M}/namespaces/${ns}/pods/${name}`);
      assert.equal(r.status, 404, name);
      assert.equal(r.body.kind, 'Status');
      assert.equal(r.body.reason, 'NotFound');
      assert.equal(r.body.details.name, name);
      assert.equal(r.body.details.group, 'metrics.k8s.io');
    }
    const bad = await api(s, 'GET', `${M}/pods?labelSelector=app%3D%3D%3D`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.kind, 'Status');
  });

  it('edgectl top pods prints kubectl top pod columns', async () => {
    const rows = (out: string) => out.trimEnd().split('\n').map((l) => l.trim().split(/\s+/));
    let r = await edgectl(['top', 'pods'], { kubeconfig: s.kubeconfig });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(r.stdout), [
      ['NAME', 'CPU(cores)', 'MEMORY(bytes)'],
      ['db', '120m', '64Mi'],
      ['web-1', '4m', '16Mi'],
      ['web-2', '1m', '20Mi'],
    ]);
    r = await edgectl(['top', 'pods', '-A', '--containers', '-l', 'app in (web,job)'], { kubeconfig: s.kubeconfig });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(r.stdout), [
      ['NAMESPACE', 'POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)'],
      ['default', 'web-1', 'main', '3m', '12Mi'],
      ['default', 'web-1', 'side', '1m', '4Mi'],
      ['default', 'web-2', 'main', '1m', '20Mi'],
      ['team', 'job', 'main', '500m', '100Mi'],
    ]);
    r = await edgectl(['top', 'pod', 'job', '-n', 'team', '--no-headers'], { kubeconfig: s.kubeconfig });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(r.stdout), [['job', '500m', '100Mi']]);
  });

  it('edgectl top pods fails in one line when there are no metrics', async () => {
    let r = await edgectl(['top', 'pods', 'fresh'], { kubeconfig: s.kubeconfig });
    assert.notEqual(r.code, 0);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /podmetrics\.metrics\.k8s\.io "default\/fresh" not found/);
    r = await edgectl(['top', 'pods', '-l', 'app=fresh'], { kubeconfig: s.kubeconfig });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr.trim(), /^error: metrics not available yet$/);
    r = await edgectl(['top', 'pods', '-n', 'kube-system'], { kubeconfig: s.kubeconfig });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /No resources found in kube-system namespace/);
  });

  it('kubectl top pods works against the server', { skip: !kubectlFound && 'kubectl is not installed' }, async () => {
    const k = spawnSync('kubectl', ['--kubeconfig', s.kubeconfig, 'top', 'pods', '-n', 'default', '--containers'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(k.status, 0, `${k.stdout}\n${k.stderr}`);
    assert.match(k.stdout, /POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    assert.match(k.stdout, /web-1\s+main\s+3m\s+12Mi/);
    assert.match(k.stdout, /db\s+main\s+120m\s+64Mi/);
  });

  it('a disconnected node has no current pod usage', async () => {
    await b.disconnect();
    await eventually(async () => (await api(s, 'GET', `${M}/pods`)).body.items.length === 2, 'usage of usage-b pods dropped');
    const r = await api(s, 'GET', `${M}/namespaces/team/pods/job`);
    assert.equal(r.status, 404);
  });
});
