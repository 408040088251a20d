// edgectl get against a real server: server-side tables, output formats,
// selectors, namespaces and watch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { api, startServer, type ServerHandle } from '../helpers/server.js';
import { edgectl, startEdgectl } from './run.js';

let s: ServerHandle;
const run = (args: string[]) => edgectl(args, { kubeconfig: s.kubeconfig });

async function create(path: string, body: unknown): Promise<void> {
  const r = await api(s, 'POST', path, body);
  assert.ok(r.status === 201 || r.status === 200, `POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
}

const pod = (name: string, labels: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'main', image: 'busybox' }] },
});

before(async () => {
  s = await startServer();
  await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
  await create('/api/v1/namespaces/default/pods', pod('alpha', { app: 'web', tier: 'front' }));
  await create('/api/v1/namespaces/default/pods', pod('beta', { app: 'db' }));
  await create('/api/v1/namespaces/other/pods', pod('gamma', { app: 'web' }));
  await create('/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1', b: '2' } });
});
after(async () => {
  await s?.dispose();
});

/** the table as rows of cells split on the 3+-space gaps kubectl's alignment leaves */
function cells(out: string): string[][] {
  return out
    .trimEnd()
    .split('\n')
    .map((l) => l.split(/ {3,}/));
}

test('default table: the server\'s columns, upper-cased and aligned', async () => {
  const r = await run(['get', 'pods']);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^NAME {4}READY {3}STATUS {4}RESTARTS {3}AGE$/);
  assert.deepEqual(
    cells(r.stdout).map((c) => c[0]),
    ['NAME', 'alpha', 'beta'],
  );
  // every column starts at the same offset in every line
  const at = (line: string, word: string) => line.indexOf(word);
  assert.equal(at(lines[1], '0/1'), at(lines[0], 'READY'));
  assert.equal(at(lines[2], 'Pending'), at(lines[0], 'STATUS'));
});

test('-o wide adds the priority columns', async () => {
  const r = await run(['get', 'pods', '-o', 'wide']);
  assert.match(r.stdout.split('\n')[0], /^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$/);
});

test('-A adds NAMESPACE; --show-labels adds LABELS; --no-headers drops the header', async () => {
  let r = await run(['get', 'pods', '-A']);
  assert.deepEqual(
    cells(r.stdout).map((c) => c.slice(0, 2)),
    [
      ['NAMESPACE', 'NAME'],
      ['default', 'alpha'],
      ['default', 'beta'],
      ['other', 'gamma'],
    ],
  );
  r = await run(['get', 'pods', '--show-labels', '--no-headers']);
  assert.deepEqual(
    cells(r.stdout).map((c) => [c[0], c.at(-1)]),
    [
      ['alpha', 'app=web,tier=front'],
      ['beta', 'app=db'],
    ],
  );
});

test('-l and --field-selector filter on the server', async () => {
  let r = await run(['get', 'pods', '-A', '-l', 'app=web', '-o', 'name']);
  assert.equal(r.stdout, 'pod/alpha\npod/gamma\n');
  r = await run(['get', 'pods', '--field-selector', 'metadata.name=beta', '-o', 'name']);
  assert.equal(r.stdout, 'pod/beta\n');
  r = await run(['get', 'pods', '-l', 'app=nothing']);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'No resources found in default namespace.\n');
  assert.equal(r.code, 0);
});

test('-n picks the namespace', async () => {
  const r = await run(['-n', 'other', 'get', 'pods', '-o', 'name']);
  assert.equal(r.stdout, 'pod/gamma\n');
});

test('-o yaml: one object by name, a kind: List otherwise', async () => {
  let r = await run(['get', 'pod', 'alpha', '-o', 'yaml']);
  let doc = parse(r.stdout);
  assert.equal(doc.kind, 'Pod');
  assert.equal(doc.apiVersion, 'v1');
  assert.equal(doc.metadata.name, 'alpha');
  // keys sorted like kubectl's output
  assert.match(r.stdout, /^apiVersion: v1\nkind: Pod\nmetadata:\n/);

  r = await run(['get', 'pods', '-o', 'yaml']);
  doc = parse(r.stdout);
  assert.equal(doc.kind, 'List');
  assert.equal(doc.apiVersion, 'v1');
  assert.deepEqual(
    doc.items.map((i: any) => [i.kind, i.metadata.name]),
    [
      ['Pod', 'alpha'],
      ['Pod', 'beta'],
    ],
  );
});

test('-o json', async () => {
  const r = await run(['get', 'configmaps', 'settings', '-o', 'json']);
  const obj = JSON.parse(r.stdout);
  assert.equal(obj.kind, 'ConfigMap');
  assert.deepEqual(obj.data, { a: '1', b: '2' });
  assert.match(r.stdout, /^\{\n {4}"apiVersion": "v1",\n/);
  const list = JSON.parse((await run(['get', 'pods,cm', '-o', 'json'])).stdout);
  assert.equal(list.kind, 'List');
  assert.deepEqual(
    list.items.map((i: any) => `${i.kind}/${i.metadata.name}`),
    ['Pod/alpha', 'Pod/beta', 'ConfigMap/settings'],
  );
});

test('several types: kind/name and one table per type', async () => {
  const r = await run(['get', 'pod/alpha', 'cm/settings']);
  assert.equal(r.code, 0);
  const [pods, cms] = r.stdout.split('\n\n');
  assert.match(pods, /^NAME +READY +STATUS +RESTARTS +AGE\npod\/alpha +0\/1 /);
  assert.match(cms, /^NAME +DATA +AGE\nconfigmap\/settings +2 /);
});

test('errors: unknown type, missing object (found ones still print), no type', async () => {
  let r = await run(['get', 'frobs']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: the server doesn\'t have a resource type "frobs"\n');

  r = await run(['get', 'pods', 'alpha', 'nope', '-o', 'name']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'pod/alpha\n');
  assert.equal(r.stderr, 'error: pods "nope" not found\n');

  r = await run(['get']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: you must specify the type of resource to get/);

  r = await run(['get', 'pods', '-o', 'custom']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: unable to match a printer suitable for the output format "custom", allowed formats are: json,name,wide,yaml\n');
});

test('-w prints the list, then changes as they happen', async () => {
  const w = startEdgectl(['get', 'configmaps', '-w'], { kubeconfig: s.kubeconfig });
  try {
    await w.waitFor(/^NAME +DATA +AGE\nsettings +2 +\S+\n$/);
    await create('/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched' }, data: { x: 'y' } });
    await w.waitFor(/\nwatched +1 +\S+\n$/);
    const upd = await api(s, 'PATCH', '/api/v1/namespaces/default/configmaps/watched', { data: { x: 'y', z: 'w' } }, { contentType: 'application/merge-patch+json' });
    assert.equal(upd.status, 200);
    await w.waitFor(/\nwatched +2 +\S+\n$/);
    // header printed once; rows aligned with it
    const lines = w.stdout().trimEnd().split('\n');
    assert.equal(lines.filter((l) => l.startsWith('NAME')).length, 1);
    for (const l of lines.slice(1)) assert.equal(l.search(/ \d /) + 1, lines[0].indexOf('DATA'), l);
    assert.equal(w.stderr(), '');
  } finally {
    await w.stop();
  }
});

test('--watch-only prints only changes, for one named object', async () => {
  const w = startEdgectl(['get', 'pod', 'beta', '--watch-only', '-o', 'name'], { kubeconfig: s.kubeconfig });
  try {
    // nothing tells us when the watch is open, so change the object until a change shows up
    for (let i = 0; !/pod\/beta\n/.test(w.stdout()); i++) {
      assert.ok(i < 30, `no watch output after ${i} changes; stderr: ${w.stderr()}`);
      const upd = await api(s, 'PATCH', '/api/v1/namespaces/default/pods/beta', { metadata: { labels: { round: String(i) } } }, { contentType: 'application/merge-patch+json' });
      assert.equal(upd.status, 200);
      await w.waitFor(/pod\/beta\n/, 500).catch(() => {});
    }
    // only the named object, never the initial list
    assert.match(w.stdout(), /^(pod\/beta\n)+$/);
  } finally {
    await w.stop();
  }
});

test('get -w with several types is refused', async () => {
  const r = await run(['get', 'pods,cm', '-w']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: watch is only supported on individual resources and resource collections/);
});
