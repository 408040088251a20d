// edgectl scale and rollout against the real server process. There is no
// scheduler or agent here: a small driver marks pods Running/Ready through the
// pods' /status subresource, as an agent would.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, eventually, startServer, type ServerHandle } from '../helpers/server.js';
import { edgectl } from './run.js';

let s: ServerHandle;
let driver: NodeJS.Timeout | undefined;
let stopped = false;
const NS = '/api/v1/namespaces/default';
const DEP = '/apis/apps/v1/namespaces/default/deployments';
const run = (args: string[], timeoutMs?: number) => edgectl(args, { kubeconfig: s.kubeconfig, timeoutMs });

/** pods with an image in `never` are never made ready */
const never = new Set<string>();

async function readyPods(): Promise<void> {
  const pods = (await api(s, 'GET', `${NS}/pods`)).body.items ?? [];
  for (const p of pods) {
    if (never.has(p.spec.containers[0].image)) continue;
    if ((p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')) continue;
    const t = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t }] };
    delete p.metadata.resourceVersion;
    await api(s, 'PUT', `${NS}/pods/${p.metadata.name}/status`, p);
  }
}

before(async () => {
  s = await startServer();
  const tick = async () => {
    if (stopped) return;
    await readyPods().catch(() => undefined);
    driver = setTimeout(tick, 100);
  };
  void tick();
});
after(async () => {
  stopped = true;
  if (driver) clearTimeout(driver);
  await s?.dispose();
});

function deployment(name: string, image: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
      ...extra,
    },
  };
}
async function create(name: string, image: string, extra: Record<string, unknown> = {}) {
  const r = await api(s, 'POST', DEP, deployment(name, image, extra));
  assert.equal(r.status, 201, JSON.stringify(r.body));
}
async function setImage(name: string, image: string) {
  const r = await api(s, 'PATCH', `${DEP}/${name}`, { spec: { template: { spec: { containers: [{ name: 'c', image }] } } } }, { contentType: 'application/strategic-merge-patch+json' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}
const image = async (name: string) => (await api(s, 'GET', `${DEP}/${name}`)).body.spec.template.spec.containers[0].image;

test('rollout status waits and prints kubectl\'s progress lines', async () => {
  await create('web', 'busybox:1');
  let r = await run(['rollout', 'status', 'deployment/web', '--timeout', '60s'], 70_000);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /deployment "web" successfully rolled out\n$/);
  for (const line of r.stdout.trim().split('\n').slice(0, -1)) {
    assert.match(line, /^(Waiting for deployment spec update to be observed\.\.\.|Waiting for deployment "web" rollout to finish: (\d+ out of \d+ new replicas have been updated|\d+ old replicas are pending termination|\d+ of \d+ updated replicas are available)\.\.\.)$/);
  }
  await setImage('web', 'busybox:2');
  r = await run(['rollout', 'status', 'deploy', 'web'], 70_000);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /deployment "web" successfully rolled out\n$/);
});

test('scale: deployments and replicasets through the scale subresource', async () => {
  let r = await run(['scale', 'deployment/web', '--replicas', '3']);
  assert.equal(r.stdout, 'deployment.apps/web scaled\n');
  assert.equal(r.code, 0);
  assert.equal((await api(s, 'GET', `${DEP}/web`)).body.spec.replicas, 3);
  await eventually(async () => (await api(s, 'GET', `${DEP}/web`)).body.status?.availableReplicas === 3, '3 available');
  r = await run(['scale', 'deployment', 'web', '--replicas=2', '--current-replicas=5']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: Expected replicas to be 5, was 3\n');
  const rs = (await api(s, 'GET', '/apis/apps/v1/namespaces/default/replicasets')).body.items[0];
  r = await run(['scale', `rs/${rs.metadata.name}`, '--replicas', String(rs.spec.replicas)]);
  assert.equal(r.stdout, `replicaset.apps/${rs.metadata.name} scaled\n`);
  r = await run(['scale', 'pod/x', '--replicas', '1']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: cannot scale pods/);
  r = await run(['scale', 'deployment/web', '--replicas', '-1']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.split('\n').length, 2, 'one line');
});

test('rollout history, history --revision, undo and undo --to-revision', async () => {
  let r = await run(['rollout', 'history', 'deployment/web']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  r = await run(['rollout', 'history', 'deployment/web', '--revision', '1']);
  assert.match(r.stdout, /^deployment\.apps\/web with revision #1\nPod Template:\n/);
  assert.match(r.stdout, /Image:\s+busybox:1\n/);
  r = await run(['rollout', 'undo', 'deployment/web']);
  assert.equal(r.stdout, 'deployment.apps/web rolled back\n');
  assert.equal(await image('web'), 'busybox:1');
  r = await run(['rollout', 'status', 'deployment/web'], 70_000);
  assert.equal(r.code, 0, r.stderr);
  r = await run(['rollout', 'history', 'deployment/web']);
  assert.equal(r.stdout, 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
  r = await run(['rollout', 'undo', 'deployment/web', '--to-revision', '3']);
  assert.equal(r.stdout, 'deployment.apps/web skipped rollback (current template already matches revision 3)\n');
  r = await run(['rollout', 'undo', 'deployment/web', '--to-revision', '9']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: unable to find specified revision 9 in history\n');
  r = await run(['rollout', 'undo', 'deployment/web', '--to-revision', '2']);
  assert.equal(r.stdout, 'deployment.apps/web rolled back\n');
  assert.equal(await image('web'), 'busybox:2');
});

test('pause, resume, restart', async () => {
  let r = await run(['rollout', 'pause', 'deployment/web']);
  assert.equal(r.stdout, 'deployment.apps/web paused\n');
  r = await run(['rollout', 'pause', 'deployment/web']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: deployments.apps "web" is already paused\n');
  r = await run(['rollout', 'restart', 'deployment/web']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "error: can't restart paused deployment (run rollout resume first)\n");
  r = await run(['rollout', 'undo', 'deployment/web']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: you cannot rollback a paused deployment; resume it first/);
  r = await run(['rollout', 'resume', 'deployment/web']);
  assert.equal(r.stdout, 'deployment.apps/web resumed\n');
  r = await run(['rollout', 'resume', 'deployment/web']);
  assert.equal(r.stderr, 'error: deployments.apps "web" is not paused\n');
  const before = (await api(s, 'GET', `${DEP}/web`)).body;
  r = await run(['rollout', 'restart', 'deployment/web']);
  assert.equal(r.stdout, 'deployment.apps/web restarted\n');
  const after = (await api(s, 'GET', `${DEP}/web`)).body;
  assert.match(after.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(after.metadata.generation, before.metadata.generation + 1);
  r = await run(['rollout', 'status', 'deployment/web'], 70_000);
  assert.equal(r.code, 0, r.stderr);
});

test('rollout status fails on ProgressDeadlineExceeded and on --timeout', async () => {
  never.add('busybox:never');
  await create('stuck', 'busybox:1', { progressDeadlineSeconds: 2 });
  let r = await run(['rollout', 'status', 'deployment/stuck'], 70_000);
  assert.equal(r.code, 0, r.stderr);
  await setImage('stuck', 'busybox:never');
  r = await run(['rollout', 'status', 'deployment/stuck', '--timeout', '60s'], 70_000);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: deployment "stuck" exceeded its progress deadline\n');
  await create('slow', 'busybox:never');
  r = await run(['rollout', 'status', 'deployment/slow', '--timeout', '1s'], 30_000);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: timed out waiting for the condition\n');
  r = await run(['rollout', 'status', 'pod/x']);
  assert.equal(r.code, 1);
});
