// kubectl and edgectl take turns applying the same files: both must read the
// other's last-applied annotation and agree on "unchanged". Runs only where a
// kubectl binary is installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, tempDir, type ServerHandle } from '../helpers/server.js';
import { edgectl } from './run.js';

const kubectlFound = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

let s: ServerHandle;
let dir: string;
before(async () => {
  if (!kubectlFound) return;
  s = await startServer();
  dir = await tempDir('edgectl-interop-');
});
after(async () => {
  await s?.dispose();
});

const kubectl = (args: string[]) => execFileSync('kubectl', ['--kubeconfig', s.kubeconfig, ...args], { encoding: 'utf8' });
const manifest = (replicas: number, extraLabel = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shared
  labels:
    app: shared${extraLabel}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: shared
  template:
    metadata:
      labels:
        app: shared
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: shared
  annotations:
    note: "a <b> & c"
data:
  k: v
`;

test('kubectl then edgectl, edgectl then kubectl: unchanged both ways', { skip: !kubectlFound && 'no kubectl on PATH' }, async () => {
  const file = join(dir, 'shared.yaml');
  await writeFile(file, manifest(2));
  assert.equal(kubectl(['apply', '-f', file]), 'deployment.apps/shared created\nconfigmap/shared created\n');
  let r = await edgectl(['apply', '-f', file], { kubeconfig: s.kubeconfig });
  assert.equal(r.stdout, 'deployment.apps/shared unchanged\nconfigmap/shared unchanged\n');

  // edgectl removes a label and changes replicas; kubectl agrees afterwards
  await writeFile(file, manifest(3));
  await writeFile(join(dir, 'with-label.yaml'), manifest(2, '\n    tier: front'));
  assert.match(kubectl(['apply', '-f', join(dir, 'with-label.yaml')]), /^deployment\.apps\/shared configured\n/);
  r = await edgectl(['apply', '-f', file], { kubeconfig: s.kubeconfig });
  assert.equal(r.stdout, 'deployment.apps/shared configured\nconfigmap/shared unchanged\n');
  assert.equal(kubectl(['get', 'deploy', 'shared', '-o', 'jsonpath={.metadata.labels}']), '{"app":"shared"}');
  assert.equal(kubectl(['apply', '-f', file]), 'deployment.apps/shared unchanged\nconfigmap/shared unchanged\n');
});

/** The two commands run a moment apart: an AGE of 1s against 2s (and the padding it changes) is no difference. */
const sameAge = (out: string) => out.replace(/\b\d+(?:[smhdy]\d*)+\b/g, 'AGE').replace(/ +/g, ' ');

test('get and describe print what kubectl prints', { skip: !kubectlFound && 'no kubectl on PATH' }, async () => {
  for (const args of [
    ['get', 'deploy,cm'],
    ['get', 'deploy', '-o', 'wide', '--show-labels'],
    ['get', 'cm', 'shared', '-o', 'yaml'],
    ['get', 'deploy', '-o', 'json'],
    ['describe', 'deploy', 'shared'],
    ['describe', 'cm', 'shared'],
    ['describe', 'ns', 'default'],
  ]) {
    const r = await edgectl(args, { kubeconfig: s.kubeconfig });
    assert.equal(sameAge(r.stdout), sameAge(kubectl(args)), `edgectl ${args.join(' ')}`);
  }
});
