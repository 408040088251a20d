// edgectl top nodes (and kubectl top nodes when installed) from the metrics a
// hollow agent reports, served from memory at metrics.k8s.io/v1beta1.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { api, eventually, startServer, type ServerHandle } from '../helpers/server.js';
import { HollowAgent, mqttPortFromOutput } from '../helpers/hollow-agent.js';
import { edgectl } from './run.js';

const kubectlFound = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const GiB = 1024 ** 3;

describe('top nodes', () => {
  let s: ServerHandle;
  const agents: HollowAgent[] = [];
  before(async () => {
    s = await startServer();
    const token = (await readFile(join(s.dataDir, 'join-token'), 'utf8')).trim();
    const port = mqttPortFromOutput(s.output());
    // 4 CPUs and 4 GiB (the hollow defaults): load 1 = 1000m = 25%, 1 GiB available = 3072Mi = 75%
    const a = await HollowAgent.start({ mqttPort: port, token, nodeName: 'top-a' });
    await a.reportStatus({ metrics: { load1: 1, memoryAvailableBytes: 1 * GiB } });
    const b = await HollowAgent.start({ mqttPort: port, token, nodeName: 'top-b' });
    await b.reportStatus({ metrics: { load1: 9, memoryAvailableBytes: 3 * GiB } });
    agents.push(a, b);
    await eventually(async () => (await api(s, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes')).body.items?.length === 2, 'metrics for both nodes');
  });
  after(async () => {
    for (const a of agents) a.dispose();
    await s?.dispose();
  });

  it('serves NodeMetrics at the resource metrics API, listed in discovery', async () => {
    const groups = (await api(s, 'GET', '/apis')).body.groups.map((g: any) => g.name);
    assert.ok(groups.includes('metrics.k8s.io'));
    const res = (await api(s, 'GET', '/apis/metrics.k8s.io/v1beta1')).body.resources;
    assert.deepEqual(res.map((r: any) => `${r.name}:${r.kind}`), ['nodes:NodeMetrics', 'pods:PodMetrics']);
    const one = (await api(s, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes/top-a')).body;
    assert.equal(one.kind, 'NodeMetrics');
    assert.deepEqual(one.usage, { cpu: '1000m', memory: `${3 * 1024 * 1024}Ki` });
    assert.equal((await api(s, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes/nope')).status, 404);
  });

  it('edgectl top nodes prints kubectl top node columns; load is capped at the CPU count', async () => {
    const r = await edgectl(['top', 'nodes'], { kubeconfig: s.kubeconfig });
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.trim().split(/\s+/));
    assert.deepEqual(rows, [
      ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'],
      ['top-a', '1000m', '25%', '3072Mi', '75%'],
      ['top-b', '4000m', '100%', '1024Mi', '25%'],
    ]);
  });

  it('a disconnected node has no current usage', async () => {
    await agents[1].disconnect();
    await eventually(async () => (await api(s, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes')).body.items.length === 1, 'metrics of top-b dropped');
    const r = await edgectl(['top', 'nodes'], { kubeconfig: s.kubeconfig });
    assert.match(r.stdout, /top-b\s+<unknown>\s+<unknown>\s+<unknown>\s+<unknown>/);
  });

  it('kubectl top nodes works against the server', { skip: !kubectlFound && 'kubectl is not installed' }, async () => {
    const k = spawnSync('kubectl', ['--kubeconfig', s.kubeconfig, 'top', 'nodes'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(k.status, 0, `${k.stdout}\n${k.stderr}`);
    assert.match(k.stdout, /NAME\s+CPU\(cores\)\s+CPU(\(%\))?\s+MEMORY\(bytes\)\s+MEMORY(\(%\))?/);
    assert.match(k.stdout, /top-a\s+1000m\s+25%\s+3072Mi\s+75%/);
  });
});
