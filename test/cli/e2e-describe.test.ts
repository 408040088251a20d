// edgectl describe against a real server, including the Events section.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer, type ServerHandle } from '../helpers/server.js';
import { edgectl } from './run.js';

let s: ServerHandle;
const run = (args: string[]) => edgectl(args, { kubeconfig: s.kubeconfig });

async function create(path: string, body: unknown): Promise<any> {
  const r = await api(s, 'POST', path, body);
  assert.ok(r.status === 201 || r.status === 200, `POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const TWO_HOURS_AGO = new Date(Date.now() - 2 * 3600_000).toISOString();
let podUid: string;

before(async () => {
  // describe rendering only: no workload controller adding ReplicaSets and events
  s = await startServer({ extraArgs: ['--controllers', '*,-deployment,-replicaset'] });
  const p = await create('/api/v1/namespaces/default/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', labels: { app: 'web' } },
    spec: {
      containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }], env: [{ name: 'MODE', value: 'edge' }] }],
      volumes: [{ name: 'scratch', emptyDir: {} }],
      // not for the built-in scheduler: with no nodes it would add a FailedScheduling event
      schedulerName: 'describe-test',
    },
  });
  podUid = p.metadata.uid;
  await create('/apis/apps/v1/namespaces/default/deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    },
  });
});
after(async () => {
  await s?.dispose();
});

test('describe pod: header fields, containers, volumes, and Events: <none>', async () => {
  const r = await run(['describe', 'pod', 'web-1']);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  const out = r.stdout;
  assert.match(out, /^Name: +web-1\n/);
  assert.match(out, /^Namespace: +default$/m);
  assert.match(out, /^Labels: +app=web$/m);
  assert.match(out, /^Node: +<none>$/m);
  assert.match(out, /^Status: +Pending$/m);
  assert.match(out, /^Containers:\n  web:\n    Image: +nginx:1\.25\n    Port: +80\/TCP\n/m);
  assert.match(out, /^      MODE: +edge$/m);
  assert.match(out, /^Volumes:\n  scratch:\n    Type: +EmptyDir/m);
  assert.match(out, /\nEvents: +<none>\n$/);
});

test('describe pod lists the events about it, oldest first', async () => {
  const event = (name: string, reason: string, message: string, uid: string, minutesAgo: number) => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'default', uid },
    reason,
    message,
    type: 'Normal',
    source: { component: 'edgeplane-scheduler' },
    firstTimestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    lastTimestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    count: 1,
  });
  await create('/api/v1/namespaces/default/events', event('web-1.b', 'Pulled', 'Pulled image nginx:1.25', podUid, 30));
  await create('/api/v1/namespaces/default/events', event('web-1.a', 'Scheduled', 'Successfully assigned default/web-1 to edge-1', podUid, 120));
  // an event about an earlier pod of the same name (other uid) is not shown
  await create('/api/v1/namespaces/default/events', event('web-1.old', 'Killing', 'old pod', 'another-uid', 200));
  const r = await run(['describe', 'pods/web-1']);
  assert.equal(r.code, 0);
  const events = r.stdout.slice(r.stdout.indexOf('Events:'));
  assert.equal(
    events,
    'Events:\n' +
      '  Type    Reason     Age   From                 Message\n' +
      '  ----    ------     ----  ----                 -------\n' +
      '  Normal  Scheduled  120m  edgeplane-scheduler  Successfully assigned default/web-1 to edge-1\n' +
      '  Normal  Pulled     30m   edgeplane-scheduler  Pulled image nginx:1.25\n',
  );
});

test('describe deployment: replicas, strategy, pod template, its newest ReplicaSet', async () => {
  const d = (await api(s, 'GET', '/apis/apps/v1/namespaces/default/deployments/web')).body;
  // a ReplicaSet owned by the Deployment, at a revision no controller will have reached
  await create('/apis/apps/v1/namespaces/default/replicasets', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'web-manual',
      labels: { app: 'web', 'pod-template-hash': 'manual' },
      annotations: { 'deployment.kubernetes.io/revision': '100' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true }],
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': 'manual' } },
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': 'manual' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    },
  });
  const r = await run(['describe', 'deploy', 'web']);
  assert.equal(r.stderr, '');
  const out = r.stdout;
  assert.match(out, /^Name: +web\n/);
  assert.match(out, /^Selector: +app=web$/m);
  assert.match(out, /^Replicas: +3 desired \| \d+ updated \| \d+ total \| \d+ available \| \d+ unavailable$/m);
  assert.match(out, /^StrategyType: +RollingUpdate$/m);
  assert.match(out, /^Pod Template:\n  Labels: +app=web\n  Containers:\n   web:\n    Image: +nginx:1\.25\n/m);
  assert.match(out, /^NewReplicaSet: +web-manual \(\d+\/3 replicas created\)$/m);
  assert.match(out, /\nEvents: +<none>\n$/);
});

test('describe by name prefix, all of a type, and generic kinds', async () => {
  let r = await run(['describe', 'pod', 'web']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Name: +web-1\n/);
  r = await run(['describe', 'namespace', 'default']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Name: +default\nLabels:/);
  r = await run(['describe', 'deployments']);
  assert.match(r.stdout, /^Name: +web\n/);
});

test('describe of a missing object: one error line, exit 1', async () => {
  const r = await run(['describe', 'pod', 'nope']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'error: pods "nope" not found\n');
});
