// version, api-resources, kubeconfig discovery and connection errors, end to end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { GIT_VERSION } from '../../shared/version.js';
import { SERVER_ADMIN_KUBECONFIGS } from '../../cli/kubeconfig.js';
import { REPO_DIST, startServer, tempDir, type ServerHandle } from '../helpers/server.js';
import { edgectl } from './run.js';

let s: ServerHandle;
let dir: string;
let pkgVersion: string;
before(async () => {
  s = await startServer();
  dir = await tempDir('edgectl-misc-');
  pkgVersion = JSON.parse(await readFile(join(REPO_DIST, '..', 'package.json'), 'utf8')).version;
});
after(async () => {
  await s?.dispose();
});

/** an environment with no kubeconfig anywhere (HOME is an empty directory) */
const bareEnv = (home: string, extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: home, ...extra });

async function kubeconfigFor(server: string, name: string, clusterExtra = ''): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server}\n${clusterExtra}users:\n- name: u\n  user:\n    token: ${s.adminToken}\ncontexts:\n- name: x\n  context:\n    cluster: c\n    user: u\ncurrent-context: x\n`);
  return path;
}

test('version prints the client and the server version', async () => {
  const r = await edgectl(['version'], { kubeconfig: s.kubeconfig });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, `Client Version: v${pkgVersion}\nServer Version: ${GIT_VERSION}\n`);
  const j = JSON.parse((await edgectl(['version', '-o', 'json'], { kubeconfig: s.kubeconfig })).stdout);
  assert.equal(j.clientVersion.gitVersion, `v${pkgVersion}`);
  assert.equal(j.serverVersion.gitVersion, GIT_VERSION);
});

test('version --client needs no kubeconfig', async () => {
  const home = await tempDir('edgectl-home-');
  const r = await edgectl(['version', '--client'], { env: bareEnv(home) });
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `Client Version: v${pkgVersion}\n`);
});

test('api-resources lists the served kinds from discovery', async () => {
  const r = await edgectl(['api-resources'], { kubeconfig: s.kubeconfig });
  assert.equal(r.code, 0);
  const lines = r.stdout.split('\n');
  assert.match(lines[0], /^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND$/);
  assert.ok(lines.some((l) => /^pods +po +v1 +true +Pod$/.test(l)), r.stdout);
  assert.ok(lines.some((l) => /^deployments +deploy +apps\/v1 +true +Deployment$/.test(l)), r.stdout);
  assert.ok(lines.some((l) => /^nodes +no +v1 +false +Node$/.test(l)), r.stdout);
});

const serverKubeconfigHere = SERVER_ADMIN_KUBECONFIGS.find((f) => existsSync(f));

test('no kubeconfig anywhere: one clear line', { skip: serverKubeconfigHere && `${serverKubeconfigHere} exists on this machine` }, async () => {
  const home = await tempDir('edgectl-home-');
  const r = await edgectl(['get', 'pods'], { env: bareEnv(home) });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    `error: no kubeconfig found: pass --kubeconfig or set KUBECONFIG (looked for ${[join(home, '.kube', 'config'), ...SERVER_ADMIN_KUBECONFIGS].join(', ')})\n`,
  );
});

test('--kubeconfig naming a missing file', async () => {
  const r = await edgectl(['get', 'pods'], { kubeconfig: join(dir, 'nope.kubeconfig') });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `error: kubeconfig ${join(dir, 'nope.kubeconfig')} (from --kubeconfig) does not exist\n`);
});

test('KUBECONFIG and ~/.kube/config are used when --kubeconfig is not given', async () => {
  const home = await tempDir('edgectl-home-');
  let r = await edgectl(['get', 'ns', 'default', '-o', 'name'], { env: bareEnv(home, { KUBECONFIG: s.kubeconfig }) });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'namespace/default\n');
  await mkdir(join(home, '.kube'));
  await copyFile(s.kubeconfig, join(home, '.kube', 'config'));
  r = await edgectl(['get', 'ns', 'default', '-o', 'name'], { env: bareEnv(home) });
  assert.equal(r.stdout, 'namespace/default\n');
});

test('https: the kubeconfig CA is trusted; without it the certificate is refused unless insecure-skip-tls-verify', async () => {
  assert.match(s.url, /^https:/);
  const noCa = await kubeconfigFor(s.url, 'no-ca.kubeconfig');
  let r = await edgectl(['get', 'ns', 'default', '-o', 'name'], { kubeconfig: noCa });
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`^error: cannot reach the server at ${s.url}: TLS error: .*certificate.*\n$`));
  const insecure = await kubeconfigFor(s.url, 'insecure.kubeconfig', '    insecure-skip-tls-verify: true\n');
  r = await edgectl(['get', 'ns', 'default', '-o', 'name'], { kubeconfig: insecure });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'namespace/default\n');
});

test('an unreachable server: cannot reach ... connection refused', async () => {
  // a port that was free a moment ago
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
  const kc = await kubeconfigFor(`http://127.0.0.1:${port}`, 'closed.kubeconfig');
  const r = await edgectl(['get', 'pods'], { kubeconfig: kc });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `error: cannot reach the server at http://127.0.0.1:${port}: connection refused\n`);
});

test('--request-timeout bounds a server that never answers', async () => {
  const silent: Server = createServer(() => {
    /* accept and say nothing */
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  const port = (silent.address() as { port: number }).port;
  try {
    const kc = await kubeconfigFor(`http://127.0.0.1:${port}`, 'silent.kubeconfig');
    const r = await edgectl(['--request-timeout', '300ms', 'get', 'pods'], { kubeconfig: kc });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `error: the server at http://127.0.0.1:${port} did not respond within 300ms (see --request-timeout)\n`);
  } finally {
    silent.close();
    (silent as any).closeAllConnections?.();
  }
});

test('usage errors come from the parser as one line too', async () => {
  let r = await edgectl(['frobnicate'], { kubeconfig: s.kubeconfig });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: unknown command 'frobnicate'/);
  r = await edgectl(['get', 'pods', '--bogus'], { kubeconfig: s.kubeconfig });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: unknown option '--bogus'/);
});

test('EDGECTL_DEBUG=1 adds the stack trace', async () => {
  const r = await edgectl(['get', 'pods'], { kubeconfig: join(dir, 'nope'), env: { ...process.env, EDGECTL_DEBUG: '1' } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: kubeconfig .* does not exist\nCliError: .*\n +at /);
});
