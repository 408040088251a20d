// Real kubectl against our server with the generated kubeconfig (issue #2:
// "kubectl get/apply/delete/describe/-w").

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, type ServerHandle } from '../../helpers/server.js';

const run = promisify(execFile);

describe('kubectl', () => {
  let s: ServerHandle;
  let kubectl: (...args: string[]) => Promise<{ stdout: string; stderr: string }>;
  before(async () => {
    s = await startServer();
    const env = { ...process.env, KUBECONFIG: s.kubeconfig, HOME: s.dataDir };
    kubectl = (...args) => run('kubectl', args, { env, timeout: 60000 });
  });
  after(async () => {
    await s.dispose();
  });

  const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: edge}
`;

  it('applies, re-applies with changes, gets, describes, watches and deletes', async () => {
    const file = join(s.dataDir, 'app.yaml');
    await writeFile(file, manifest);
    const applied = await kubectl('apply', '-f', file);
    assert.match(applied.stdout, /deployment\.apps\/web created/);
    assert.match(applied.stdout, /service\/web created/);
    assert.match(applied.stdout, /configmap\/settings created/);

    await writeFile(file, manifest.replace('replicas: 2', 'replicas: 3').replace('nginx:1.25', 'nginx:1.27'));
    const reapplied = await kubectl('apply', '-f', file);
    assert.match(reapplied.stdout, /deployment\.apps\/web configured/);
    assert.match(reapplied.stdout, /configmap\/settings unchanged/);

    const json = JSON.parse((await kubectl('get', 'deployment', 'web', '-o', 'json')).stdout);
    assert.equal(json.spec.replicas, 3);
    assert.equal(json.spec.template.spec.containers[0].image, 'nginx:1.27');

    const table = (await kubectl('get', 'deployments')).stdout;
    assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/m);
    assert.match(table, /^web\s+/m);
    const wide = (await kubectl('get', 'svc', 'web', '-o', 'wide')).stdout;
    assert.match(wide, /SELECTOR/);

    const described = (await kubectl('describe', 'deployment', 'web')).stdout;
    assert.match(described, /Name:\s+web/);
    assert.match(described, /nginx:1\.27/);

    const labeled = await kubectl('label', 'configmap', 'settings', 'tier=edge');
    assert.match(labeled.stdout, /configmap\/settings labeled/);
    const setImage = await kubectl('set', 'image', 'deployment/web', 'web=nginx:1.28');
    assert.match(setImage.stdout, /image updated/);
    const scaled = await kubectl('scale', 'deployment/web', '--replicas=1');
    assert.match(scaled.stdout, /scaled/);

    // get -w: the change arrives on the stream
    const env = { ...process.env, KUBECONFIG: s.kubeconfig, HOME: s.dataDir };
    const w = spawn('kubectl', ['get', 'configmaps', '-w'], { env });
    let out = '';
    w.stdout.on('data', (d) => (out += d));
    try {
      await waitFor(() => /settings/.test(out), () => out);
      await writeFile(join(s.dataDir, 'late.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: late}\ndata: {a: b}\n');
      await kubectl('apply', '-f', join(s.dataDir, 'late.yaml'));
      await waitFor(() => /late/.test(out), () => out);
    } finally {
      w.kill();
    }

    const deleted = await kubectl('delete', '-f', file);
    assert.match(deleted.stdout, /deployment\.apps "web" deleted/);
    const after = await kubectl('get', 'deployments', '-o', 'name');
    assert.equal(after.stdout.trim(), '');
  });

  it('gets a clear error for protobuf bodies (typed kubectl create)', async () => {
    await assert.rejects(kubectl('create', 'configmap', 'proto', '--from-literal=a=b'), (err: any) => {
      assert.match(err.stderr, /protobuf request bodies are not supported; send JSON or YAML/);
      return true;
    });
  });

  it('reports strict field validation errors with the field path', async () => {
    const file = join(s.dataDir, 'bad.yaml');
    await writeFile(file, manifest.replace('image: nginx:1.25', 'image: nginx:1.25\n        imagee: typo'));
    await assert.rejects(kubectl('apply', '-f', file), (err: any) => {
      assert.match(err.stderr, /unknown field "spec\.template\.spec\.containers\[0\]\.imagee"/);
      return true;
    });
  });
});

async function waitFor(cond: () => boolean, describe: () => string): Promise<void> {
  const deadline = Date.now() + 20000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
