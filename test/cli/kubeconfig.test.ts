import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { locateKubeconfig, readKubeconfig, resolveAccess } from '../../cli/kubeconfig.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgectl-kc-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const kc = (server: string, extra = '') => `apiVersion: v1
kind: Config
clusters:
- name: edge
  cluster:
    server: ${server}
contexts:
- name: edge
  context:
    cluster: edge
    user: admin
    namespace: apps
- name: other
  context:
    cluster: edge
    user: reader
current-context: edge
users:
- name: admin
  user:
    token: admin-token
- name: reader
  user:
    tokenFile: reader.token
${extra}`;

test('search order: --kubeconfig, KUBECONFIG, ~/.kube/config, then the server admin kubeconfig', async () => {
  const home = join(dir, 'home');
  const fallback = join(dir, 'admin.kubeconfig');
  const fallbacks = [join(dir, 'nope', 'admin.kubeconfig'), fallback];
  const explicit = join(dir, 'explicit');
  await writeFile(explicit, kc('http://a:1'));
  assert.deepEqual(locateKubeconfig({ flag: explicit, env: { KUBECONFIG: '/nope' }, home, fallbacks }), [explicit]);
  assert.throws(() => locateKubeconfig({ flag: join(dir, 'missing'), env: {}, home, fallbacks }), /kubeconfig .*missing \(from --kubeconfig\) does not exist/);

  // nothing anywhere
  assert.deepEqual(locateKubeconfig({ env: {}, home, fallbacks }), []);
  // the server's admin kubeconfig is the last resort
  await writeFile(fallback, kc('http://fallback:1'));
  assert.deepEqual(locateKubeconfig({ env: {}, home, fallbacks }), [fallback]);
  // ~/.kube/config wins over it
  await mkdir(join(home, '.kube'), { recursive: true });
  await writeFile(join(home, '.kube', 'config'), kc('http://home:1'));
  assert.deepEqual(locateKubeconfig({ env: {}, home, fallbacks }), [join(home, '.kube', 'config')]);
  // KUBECONFIG wins over both; missing entries in it are skipped
  assert.deepEqual(locateKubeconfig({ env: { KUBECONFIG: ['/nope', explicit].join(delimiter) }, home, fallbacks }), [explicit]);
  assert.throws(() => locateKubeconfig({ env: { KUBECONFIG: '/nope' }, home, fallbacks }), /none of the files in KUBECONFIG exist/);
});

test('resolves the current context, its namespace and token; --context picks another; tokenFile is relative to the file', async () => {
  const file = join(dir, 'config');
  await writeFile(file, kc('http://127.0.0.1:6443/'));
  await writeFile(join(dir, 'reader.token'), 'reader-token\n');
  const cfg = readKubeconfig([file]);
  const a = resolveAccess(cfg);
  assert.equal(a.server, 'http://127.0.0.1:6443');
  assert.equal(a.namespace, 'apps');
  assert.equal(a.token, 'admin-token');
  assert.equal(a.insecureSkipTlsVerify, false);
  const b = resolveAccess(cfg, 'other');
  assert.equal(b.token, 'reader-token');
  assert.equal(b.namespace, undefined);
  assert.throws(() => resolveAccess(cfg, 'nope'), /context "nope" not found in kubeconfig/);
});

test('TLS settings: certificate-authority-data, certificate-authority file, insecure-skip-tls-verify', async () => {
  const file = join(dir, 'tls');
  await writeFile(join(dir, 'ca.crt'), 'PEM-FROM-FILE');
  await writeFile(
    file,
    `clusters:
- name: a
  cluster: {server: "https://a:6443", certificate-authority-data: ${Buffer.from('PEM-DATA').toString('base64')}}
- name: b
  cluster: {server: "https://b:6443", certificate-authority: ca.crt, insecure-skip-tls-verify: true}
contexts:
- {name: a, context: {cluster: a}}
- {name: b, context: {cluster: b}}
current-context: a
`,
  );
  const cfg = readKubeconfig([file]);
  assert.equal(resolveAccess(cfg).ca?.toString(), 'PEM-DATA');
  const b = resolveAccess(cfg, 'b');
  assert.equal(b.ca?.toString(), 'PEM-FROM-FILE');
  assert.equal(b.insecureSkipTlsVerify, true);
  assert.equal(b.token, undefined);
});

test('several files merge, the first one that sets an entry wins', async () => {
  const f1 = join(dir, 'one');
  const f2 = join(dir, 'two');
  await writeFile(f1, 'current-context: b\nclusters:\n- name: c\n  cluster: {server: "http://first:1"}\n');
  await writeFile(f2, kc('http://second:1') + 'contexts:\n');
  await writeFile(
    f2,
    'current-context: a\nclusters:\n- name: c\n  cluster: {server: "http://second:1"}\ncontexts:\n- {name: b, context: {cluster: c, namespace: ns2}}\n',
  );
  const a = resolveAccess(readKubeconfig([f1, f2]));
  assert.equal(a.contextName, 'b');
  assert.equal(a.server, 'http://first:1');
  assert.equal(a.namespace, 'ns2');
});

test('clear errors for broken kubeconfigs', async () => {
  const bad = join(dir, 'bad');
  await writeFile(bad, 'clusters: [\n');
  assert.throws(() => readKubeconfig([bad]), /kubeconfig .*bad is not valid YAML/);
  const noCurrent = join(dir, 'nocurrent');
  await writeFile(noCurrent, 'contexts:\n- {name: a, context: {cluster: x}}\n- {name: b, context: {cluster: x}}\n');
  assert.throws(() => resolveAccess(readKubeconfig([noCurrent])), /has no current-context; pass --context/);
  const noCluster = join(dir, 'nocluster');
  await writeFile(noCluster, 'contexts:\n- {name: a, context: {cluster: x}}\n');
  // a single context is used even without current-context
  assert.throws(() => resolveAccess(readKubeconfig([noCluster])), /context "a" refers to cluster "x", which is not in kubeconfig/);
  const missingToken = join(dir, 'missingtoken');
  await writeFile(
    missingToken,
    'clusters: [{name: c, cluster: {server: "http://x:1"}}]\nusers: [{name: u, user: {tokenFile: /nonexistent/token}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]\n',
  );
  assert.throws(() => resolveAccess(readKubeconfig([missingToken])), /cannot read \/nonexistent\/token \(referenced by kubeconfig .*\): no such file or directory/);
});
