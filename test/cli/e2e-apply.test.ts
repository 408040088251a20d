// edgectl apply against a real server: create / configure / unchanged, the
// three-way merge, inputs (multi-document, directories, stdin) and errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { api, startServer, tempDir, type ServerHandle } from '../helpers/server.js';
import { edgectl } from './run.js';

let s: ServerHandle;
let dir: string;
before(async () => {
  s = await startServer();
  dir = await tempDir('edgectl-apply-');
});
after(async () => {
  await s?.dispose();
});

const run = (args: string[], stdin?: string) => edgectl(args, { kubeconfig: s.kubeconfig, cwd: dir, stdin });

const deployment = (opts: { name?: string; labels?: string; minReady?: boolean; image?: string; imageField?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${opts.name ?? 'web'}
  labels:
    app: web
${opts.labels ?? ''}spec:
  replicas: 2
${opts.minReady ? '  minReadySeconds: 5\n' : ''}  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        ${opts.imageField ?? 'image'}: ${opts.image ?? 'nginx:1.25'}
        ports:
        - containerPort: 80
`;

test('apply creates, then reports unchanged, then configures and deletes removed fields', async () => {
  await writeFile(join(dir, 'web.yaml'), deployment({ labels: '    tier: front\n', minReady: true }));
  let r = await run(['apply', '-f', 'web.yaml']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'deployment.apps/web created\n');
  assert.equal(r.code, 0);

  const created = await api(s, 'GET', '/apis/apps/v1/namespaces/default/deployments/web');
  assert.equal(created.status, 200);
  assert.equal(created.body.metadata.labels.tier, 'front');
  const lastApplied = JSON.parse(created.body.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
  assert.equal(lastApplied.metadata.namespace, 'default');
  assert.equal(lastApplied.spec.minReadySeconds, 5);

  r = await run(['apply', '-f', 'web.yaml']);
  assert.equal(r.stdout, 'deployment.apps/web unchanged\n');
  assert.equal(r.code, 0);

  // someone else sets an annotation: not in the config, so apply leaves it alone
  const annotated = await api(s, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { metadata: { annotations: { 'owner/note': 'kept' } } }, {
    contentType: 'application/merge-patch+json',
  });
  assert.equal(annotated.status, 200, JSON.stringify(annotated.body));

  // remove the tier label and minReadySeconds, change the image
  await writeFile(join(dir, 'web.yaml'), deployment({ image: 'nginx:1.26' }));
  r = await run(['apply', '-f', 'web.yaml']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'deployment.apps/web configured\n');
  const live = (await api(s, 'GET', '/apis/apps/v1/namespaces/default/deployments/web')).body;
  assert.deepEqual(live.metadata.labels, { app: 'web' });
  assert.notEqual(live.spec.minReadySeconds, 5);
  assert.equal(live.spec.template.spec.containers[0].image, 'nginx:1.26');
  assert.equal(live.metadata.annotations['owner/note'], 'kept');
  assert.equal(live.metadata.uid, created.body.metadata.uid);

  r = await run(['apply', '-f', 'web.yaml']);
  assert.equal(r.stdout, 'deployment.apps/web unchanged\n');
});

test('multi-document files, directories (-R), JSON and stdin', async () => {
  const d = join(dir, 'manifests');
  await mkdir(join(d, 'nested'), { recursive: true });
  await writeFile(
    join(d, 'a.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-a\ndata:\n  k: v\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-a\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n',
  );
  await writeFile(join(d, 'b.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-b' }, data: { x: '1' } }));
  await writeFile(join(d, 'notes.txt'), 'not a manifest');
  await writeFile(join(d, 'nested', 'c.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-c\n');

  let r = await run(['apply', '-f', 'manifests']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'configmap/cm-a created\nservice/svc-a created\nconfigmap/cm-b created\n');
  assert.equal((await api(s, 'GET', '/api/v1/namespaces/default/configmaps/cm-c')).status, 404);

  r = await run(['apply', '-R', '-f', 'manifests']);
  assert.equal(r.stdout, 'configmap/cm-a unchanged\nservice/svc-a unchanged\nconfigmap/cm-b unchanged\nconfigmap/cm-c created\n');

  r = await run(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-stdin\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-b\ndata:\n  x: "2"\n');
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'configmap/from-stdin created\nconfigmap/cm-b configured\n');
  assert.deepEqual((await api(s, 'GET', '/api/v1/namespaces/default/configmaps/cm-b')).body.data, { x: '2' });

  // repeatable -f
  r = await run(['apply', '-f', join('manifests', 'b.json'), '-f', join('manifests', 'nested', 'c.yml')]);
  assert.equal(r.stdout, 'configmap/cm-b configured\nconfigmap/cm-c unchanged\n');
});

test('an unknown field: one line naming file, document, object and field; exit 1', async () => {
  await writeFile(join(dir, 'app.yaml'), deployment({ name: 'first' }) + '---\n' + deployment({ name: 'web2', imageField: 'imagee' }));
  const r = await run(['apply', '-f', 'app.yaml']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: app.yaml (document 2): Deployment "web2": spec.template.spec.containers[0].imagee: unknown field\n');
  // the valid document was still applied, as kubectl does
  assert.equal(r.stdout, 'deployment.apps/first created\n');
  assert.equal((await api(s, 'GET', '/apis/apps/v1/namespaces/default/deployments/web2')).status, 404);
});

test('an unknown field in an update is rejected too (strict field validation on the patch)', async () => {
  await writeFile(join(dir, 'first.yaml'), deployment({ name: 'first', imageField: 'imagee' }));
  const r = await run(['apply', '-f', 'first.yaml']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: first.yaml (document 1): Deployment "first": spec.template.spec.containers[0].imagee: unknown field\n');
});

test('unknown kinds are refused before anything is sent', async () => {
  await writeFile(join(dir, 'foo.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: never\n---\napiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n');
  const r = await run(['apply', '-f', 'foo.yaml']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: foo.yaml (document 2): no matches for kind "Foo" in version "v1"\n');
  assert.equal(r.stdout, '');
  assert.equal((await api(s, 'GET', '/api/v1/namespaces/default/configmaps/never')).status, 404);
});

test('input errors: missing path, YAML syntax, no -f', async () => {
  let r = await run(['apply', '-f', 'missing.yaml']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: the path "missing.yaml" does not exist\n');

  await writeFile(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [oops\n');
  r = await run(['apply', '-f', 'broken.yaml']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: .*broken\.yaml.*\n$/);

  r = await run(['apply']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: must specify -f <file|directory|->\n');
});

test('namespaces: manifest, then -n, then default; a manifest/-n mismatch is refused', async () => {
  let r = await run(['apply', '-f', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n');
  assert.equal(r.stdout, 'namespace/team-a created\n');
  r = await run(['-n', 'team-a', 'apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: in-team-a\n');
  assert.equal(r.stdout, 'configmap/in-team-a created\n');
  assert.equal((await api(s, 'GET', '/api/v1/namespaces/team-a/configmaps/in-team-a')).status, 200);

  r = await run(['apply', '-n', 'default', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: team-a\n');
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    `error: STDIN (document 1): the namespace from the provided object "team-a" does not match the namespace "default". You must pass '--namespace=team-a' to perform this operation.\n`,
  );
});

test('a read-only (viewer) token gets one clear Forbidden line', async () => {
  await writeFile(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: viewer-made\n');
  const r = await run(['--token', s.viewerToken, 'apply', '-f', 'cm.yaml']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: cm\.yaml \(document 1\): ConfigMap "viewer-made": .*forbidden.*\n$/i);
  assert.equal(r.stderr.split('\n').length, 2, r.stderr);
});

test('a bad token is reported as such', async () => {
  const r = await run(['--token', 'not-a-token', 'apply', '-f', 'cm.yaml']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: cm.yaml (document 1): ConfigMap "viewer-made": you must be logged in to the server (Unauthorized): the token was not accepted\n');
});
