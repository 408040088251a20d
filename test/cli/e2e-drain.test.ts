// edgectl cordon / uncordon / drain and get events against the real server
// process with a hollow agent, and real `kubectl drain` (pods/eviction) when a
// kubectl binary is installed.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { api, eventually, startServer, type ServerHandle } from '../helpers/server.js';
import { HollowAgent, mqttPortFromOutput } from '../helpers/hollow-agent.js';
import { edgectl, startEdgectl } from './run.js';

const kubectlFound = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const NODE_NAME = 'dr-a';
const PODS = '/api/v1/namespaces/default/pods';

describe('edgectl cordon, uncordon, drain, get events', () => {
  let s: ServerHandle;
  let agent: HollowAgent;
  const run = (...args: string[]) => edgectl(args, { kubeconfig: s.kubeconfig, timeoutMs: 60_000 });

  before(async () => {
    // the test's owners are bare ReplicaSet objects: their controller must not act on them
    s = await startServer({ extraArgs: ['--controllers', '*,-replicaset,-deployment'] });
    const token = (await readFile(join(s.dataDir, 'join-token'), 'utf8')).trim();
    agent = await HollowAgent.start({ mqttPort: mqttPortFromOutput(s.output()), token, nodeName: NODE_NAME });
    await agent.reportStatus();
  });
  after(async () => {
    agent?.dispose();
    await s?.dispose();
  });

  const podExists = async (name: string) => (await api(s, 'GET', `${PODS}/${name}`)).status === 200;
  async function ownedPod(name: string, owner: any) {
    const r = await api(s, 'POST', PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata.name, uid: owner.metadata.uid, controller: true }] },
      spec: { nodeName: NODE_NAME, containers: [{ name: 'c', image: 'busybox' }] },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }

  it('cordon and uncordon print what kubectl prints', async () => {
    let r = await run('cordon', NODE_NAME);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `node/${NODE_NAME} cordoned\n`);
    assert.equal((await api(s, 'GET', `/api/v1/nodes/${NODE_NAME}`)).body.spec.unschedulable, true);
    await eventually(
      async () => ((await api(s, 'GET', `/api/v1/nodes/${NODE_NAME}`)).body.spec.taints ?? []).some((t: any) => t.key === 'node.kubernetes.io/unschedulable'),
      'unschedulable taint',
    );
    r = await run('cordon', NODE_NAME);
    assert.equal(r.stdout, `node/${NODE_NAME} already cordoned\n`);
    r = await run('uncordon', NODE_NAME);
    assert.equal(r.stdout, `node/${NODE_NAME} uncordoned\n`);
    assert.equal((await api(s, 'GET', `/api/v1/nodes/${NODE_NAME}`)).body.spec.unschedulable, undefined);
    r = await run('uncordon', NODE_NAME);
    assert.equal(r.stdout, `node/${NODE_NAME} already uncordoned\n`);
    r = await run('cordon', 'no-such-node');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: nodes "no-such-node" not found\n');
  });

  it('drain refuses DaemonSet pods and bare pods without flags, then evicts what it may', async () => {
    const ds = await api(s, 'POST', '/apis/apps/v1/namespaces/default/daemonsets', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'dr-ds' },
      spec: { selector: { matchLabels: { app: 'dr-ds' } }, template: { metadata: { labels: { app: 'dr-ds' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    assert.equal(ds.status, 201);
    const rs = await api(s, 'POST', '/apis/apps/v1/namespaces/default/replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'dr-rs' },
      spec: { replicas: 0, selector: { matchLabels: { app: 'dr-rs' } }, template: { metadata: { labels: { app: 'dr-rs' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    assert.equal(rs.status, 201);
    await ownedPod('managed', rs.body);
    const bare = await api(s, 'POST', PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' }, spec: { nodeName: NODE_NAME, containers: [{ name: 'c', image: 'busybox' }] } });
    assert.equal(bare.status, 201);
    let dsPod = '';
    await eventually(async () => {
      const items = (await api(s, 'GET', `${PODS}?labelSelector=app%3Ddr-ds`)).body.items;
      dsPod = items[0]?.metadata.name ?? '';
      return items.length === 1;
    }, 'the DaemonSet pod');

    let r = await run('drain', NODE_NAME);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, `node/${NODE_NAME} cordoned\n`);
    assert.match(r.stderr, new RegExp(`^error: unable to drain node "${NODE_NAME}": [^\n]+\n$`), 'one line');
    assert.ok(r.stderr.includes(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/${dsPod}`), r.stderr);
    assert.ok(r.stderr.includes('cannot delete Pods that declare no controller (use --force to override): default/bare'), r.stderr);
    r = await run('drain', NODE_NAME, '--ignore-daemonsets');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `error: unable to drain node "${NODE_NAME}": cannot delete Pods that declare no controller (use --force to override): default/bare\n`);
    assert.ok(await podExists('managed'), 'nothing is evicted when drain refuses');

    r = await run('drain', NODE_NAME, '--ignore-daemonsets', '--force', '--grace-period', '0', '--timeout', '60s');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], `node/${NODE_NAME} already cordoned`);
    assert.equal(lines.at(-1), `node/${NODE_NAME} drained`);
    for (const l of ['evicting pod default/managed', 'evicting pod default/bare', 'pod/managed evicted', 'pod/bare evicted']) assert.ok(lines.includes(l), `${l} in ${r.stdout}`);
    assert.match(r.stderr, new RegExp(`Warning: ignoring DaemonSet-managed Pods: default/${dsPod}`));
    assert.match(r.stderr, /Warning: deleting Pods that declare no controller: default\/bare/);
    assert.equal(await podExists('managed'), false);
    assert.equal(await podExists('bare'), false);
    // the DaemonSet pod tolerates the unschedulable taint and stays
    assert.ok(await podExists(dsPod));
    // the agent is told: its desired set now holds only the daemon
    await agent.waitDesired((d) => d.pods.map((p) => p.metadata.name).join() === dsPod, 30_000);
  });

  it('the eviction subresource: 201 Success, 404 for a missing pod, name mismatch refused', async () => {
    const owner = (await api(s, 'GET', '/apis/apps/v1/namespaces/default/replicasets/dr-rs')).body;
    await ownedPod('ev1', owner);
    const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'ev1', namespace: 'default' } };
    let r = await api(s, 'POST', `${PODS}/ev1/eviction`, { ...body, metadata: { name: 'other' } });
    assert.equal(r.status, 400);
    assert.match(r.body.message, /name in URL does not match name in Eviction object/);
    r = await api(s, 'POST', `${PODS}/ev1/eviction`, body);
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'Success');
    assert.equal(await podExists('ev1'), false);
    r = await api(s, 'POST', `${PODS}/ev1/eviction`, body);
    assert.equal(r.status, 404);
    assert.equal(r.body.message, 'pods "ev1" not found');
    // viewers may not evict
    r = await api(s, 'POST', `${PODS}/ev1/eviction`, body, { token: s.viewerToken });
    assert.equal(r.status, 403);
    const disc = (await api(s, 'GET', '/api/v1')).body.resources.find((x: any) => x.name === 'pods/eviction');
    assert.deepEqual({ group: disc.group, version: disc.version, kind: disc.kind }, { group: 'policy', version: 'v1', kind: 'Eviction' });
  });

  it('get events: table, --field-selector involvedObject.name, -w', async () => {
    let r = await run('get', 'events', '--field-selector', 'involvedObject.name=dr-ds');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    assert.ok(lines.slice(1).every((l) => l.includes('daemonset/dr-ds')), r.stdout);
    assert.ok(lines.some((l) => /Normal\s+SuccessfulCreate\s+daemonset\/dr-ds\s+Created pod: dr-ds-/.test(l)), r.stdout);

    const w = startEdgectl(['get', 'events', '-w', '--field-selector', 'involvedObject.name=dr-late'], { kubeconfig: s.kubeconfig });
    try {
      await new Promise((r) => setTimeout(r, 1000)); // let the watch start (it prints nothing until an event arrives)
      const ds = await api(s, 'POST', '/apis/apps/v1/namespaces/default/daemonsets', {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'dr-late' },
        spec: { selector: { matchLabels: { app: 'dr-late' } }, template: { metadata: { labels: { app: 'dr-late' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
      });
      assert.equal(ds.status, 201);
      await w.waitFor(/SuccessfulCreate\s+daemonset\/dr-late\s+Created pod: dr-late-/, 30_000);
      assert.ok(!w.stdout().includes('dr-ds'), 'the field selector holds on the watch');
    } finally {
      await w.stop();
    }
  });

  it('real kubectl drain evicts through pods/eviction', { skip: !kubectlFound && 'kubectl is not installed' }, async () => {
    let r = await run('uncordon', NODE_NAME);
    assert.equal(r.code, 0, r.stderr);
    const owner = (await api(s, 'GET', '/apis/apps/v1/namespaces/default/replicasets/dr-rs')).body;
    await ownedPod('kmanaged', owner);
    const k = spawnSync('kubectl', ['--kubeconfig', s.kubeconfig, 'drain', NODE_NAME, '--ignore-daemonsets', '--timeout=60s'], { encoding: 'utf8', timeout: 90_000 });
    assert.equal(k.status, 0, `${k.stdout}\n${k.stderr}`);
    assert.match(k.stdout, new RegExp(`node/${NODE_NAME} cordoned`));
    assert.match(k.stdout, /evicting pod default\/kmanaged/);
    assert.match(k.stdout, /pod\/kmanaged evicted/);
    assert.match(k.stdout, new RegExp(`node/${NODE_NAME} drained`));
    assert.equal(await podExists('kmanaged'), false);
    const dsPods = (await api(s, 'GET', `${PODS}?labelSelector=app%3Ddr-ds`)).body.items;
    assert.equal(dsPods.length, 1, 'the DaemonSet pod stays');
    r = await run('get', 'nodes', NODE_NAME);
    assert.match(r.stdout, /SchedulingDisabled/);
  });
});
