// edgectl delete against a real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { api, startServer, tempDir, type ServerHandle } from '../helpers/server.js';
import { edgectl } from './run.js';

let s: ServerHandle;
let dir: string;
const run = (args: string[], stdin?: string) => edgectl(args, { kubeconfig: s.kubeconfig, cwd: dir, stdin });

async function cm(name: string, labels: Record<string, string> = {}, namespace = 'default'): Promise<void> {
  const r = await api(s, 'POST', `/api/v1/namespaces/${namespace}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
}
const exists = async (path: string) => (await api(s, 'GET', path)).status === 200;

before(async () => {
  s = await startServer();
  dir = await tempDir('edgectl-delete-');
  await api(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scratch' } });
});
after(async () => {
  await s?.dispose();
});

test('delete by type and names, and by type/name', async () => {
  await cm('a');
  await cm('b');
  await cm('c');
  let r = await run(['delete', 'configmap', 'a', 'b']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'configmap "a" deleted\nconfigmap "b" deleted\n');
  assert.equal(await exists('/api/v1/namespaces/default/configmaps/a'), false);
  r = await run(['delete', 'cm/c']);
  assert.equal(r.stdout, 'configmap "c" deleted\n');
  assert.equal(r.code, 0);
});

test('delete -f (file and stdin)', async () => {
  await cm('from-file');
  await cm('from-stdin');
  await writeFile(join(dir, 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\n');
  let r = await run(['delete', '-f', 'x.yaml']);
  assert.equal(r.stdout, 'configmap "from-file" deleted\n');
  r = await run(['delete', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-stdin\n');
  assert.equal(r.stdout, 'configmap "from-stdin" deleted\n');
  r = await run(['delete', '-f', 'x.yaml']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: x.yaml (document 1): ConfigMap "from-file": configmaps "from-file" not found\n');
});

test('not found: an error, unless --ignore-not-found', async () => {
  let r = await run(['delete', 'cm', 'ghost']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: configmaps "ghost" not found\n');
  r = await run(['delete', 'cm', 'ghost', '--ignore-not-found']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout + r.stderr, '');
});

test('delete -l and --all', async () => {
  await cm('l1', { sel: 'yes' });
  await cm('l2', { sel: 'yes' });
  await cm('l3', { sel: 'no' });
  let r = await run(['delete', 'cm', '-l', 'sel=yes']);
  assert.equal(r.stdout, 'configmap "l1" deleted\nconfigmap "l2" deleted\n');
  assert.equal(await exists('/api/v1/namespaces/default/configmaps/l3'), true);

  await cm('s1', {}, 'scratch');
  await cm('s2', {}, 'scratch');
  r = await run(['-n', 'scratch', 'delete', 'configmaps', '--all']);
  assert.equal(r.stdout, 'configmap "s1" deleted\nconfigmap "s2" deleted\n');
  r = await run(['-n', 'scratch', 'delete', 'configmaps', '--all']);
  assert.equal(r.stderr, 'No resources found\n');
  assert.equal(r.code, 0);
});

test('--cascade sets the propagation policy; bad values are refused', async () => {
  const d = await api(s, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'w', image: 'nginx' }] } } },
  });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  let r = await run(['delete', 'deployment', 'web', '--cascade=orphan']);
  assert.equal(r.stdout, 'deployment.apps "web" deleted\n');
  r = await run(['delete', 'deployment', 'web', '--cascade=sideways']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"\n');
});

test('delete needs names, a selector or --all', async () => {
  let r = await run(['delete', 'configmaps']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: resource\(s\) were provided, but no name was specified/);
  r = await run(['delete']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: you must provide one or more resources/);
});
