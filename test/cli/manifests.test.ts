import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { checkObject, expandPaths, namespaceFor, originOf, readManifests } from '../../cli/manifests.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgectl-manifests-'));
  await mkdir(join(dir, 'sub'));
  await writeFile(join(dir, 'b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n');
  await writeFile(join(dir, 'a.json'), '{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"}}');
  await writeFile(join(dir, 'c.YML'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: c\n');
  await writeFile(join(dir, 'README.md'), '# not a manifest');
  await writeFile(join(dir, 'sub', 'e.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e\n');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('directories: manifest extensions only, sorted, recursive only with -R', async () => {
  assert.deepEqual(await expandPaths([dir], false), [join(dir, 'a.json'), join(dir, 'b.yaml'), join(dir, 'c.YML')]);
  assert.deepEqual(await expandPaths([dir], true), [join(dir, 'a.json'), join(dir, 'b.yaml'), join(dir, 'c.YML'), join(dir, 'sub', 'e.yaml')]);
  // a file named explicitly is read whatever its extension
  assert.deepEqual(await expandPaths([join(dir, 'README.md'), '-', '-'], false), [join(dir, 'README.md'), '-']);
  await assert.rejects(expandPaths([join(dir, 'nope')], false), { message: `the path "${join(dir, 'nope')}" does not exist` });
});

test('reads files and stdin into objects with their origin', async () => {
  const stdin = Readable.from([Buffer.from('apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n')]);
  const objs = await readManifests([join(dir, 'b.yaml'), '-'], false, stdin);
  assert.deepEqual(
    objs.map((o) => [o.kind.kind, o.object.metadata.name, originOf(o)]),
    [
      ['ConfigMap', 'b', `${join(dir, 'b.yaml')} (document 1)`],
      ['Deployment', 'd', `${join(dir, 'b.yaml')} (document 2)`],
      ['Secret', 's', 'STDIN (document 1)'],
    ],
  );
});

test('objects are checked against the kind registry', () => {
  assert.throws(() => checkObject({ apiVersion: 'v1', kind: 'Foo', metadata: { name: 'x' } }, 'f.yaml', 2), {
    message: 'f.yaml (document 2): no matches for kind "Foo" in version "v1"',
  });
  assert.throws(() => checkObject({ apiVersion: 'v1', kind: 'Deployment', metadata: { name: 'x' } }, 'f.yaml', 1), {
    message: 'f.yaml (document 1): no matches for kind "Deployment" in version "v1"',
  });
  assert.throws(() => checkObject({ apiVersion: 'v1', metadata: { name: 'x' } }, 'f.yaml', 1), { message: 'f.yaml (document 1): the object has no kind' });
  assert.throws(() => checkObject({ apiVersion: 'v1', kind: 'Pod', metadata: {} }, 'f.yaml', 3), {
    message: 'f.yaml (document 3): Pod: metadata.name is required',
  });
  assert.throws(() => checkObject(['a'], 'f.yaml', 1), /f\.yaml \(document 1\): not a Kubernetes object/);
  // `name: yes` is a boolean in YAML 1.1
  assert.throws(() => checkObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: true } }, 'f.yaml', 1), {
    message: 'f.yaml (document 1): Pod: metadata.name must be a string, not true (quote it)',
  });
});

test('a List document stands for its items', async () => {
  const file = join(dir, 'list.json');
  await writeFile(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [1, 2].map((n) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm${n}` } })) }));
  const objs = await readManifests([file], false);
  assert.deepEqual(
    objs.map((o) => [o.object.metadata.name, originOf(o)]),
    [
      ['cm1', `${file} (document 1)`],
      ['cm2', `${file} (document 1)`],
    ],
  );
  await rm(file);
});

test('namespace: the object\'s own, else the default; none for cluster-scoped; -n mismatch refused', () => {
  const cm = checkObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, 'x', 1);
  const own = checkObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'team' } }, 'x', 1);
  const node = checkObject({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', namespace: 'ignored' } }, 'x', 1);
  assert.equal(namespaceFor(cm, 'default', false), 'default');
  assert.equal(namespaceFor(own, 'default', false), 'team');
  assert.equal(namespaceFor(own, 'team', true), 'team');
  assert.equal(namespaceFor(node, 'default', true), undefined);
  assert.throws(() => namespaceFor(own, 'other', true), /the namespace from the provided object "team" does not match the namespace "other"/);
});
