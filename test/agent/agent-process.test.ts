// The real `edgeplane agent` process against a real `edgeplane server` process.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, stat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startServer, api, tempDir, EDGEPLANE_BIN, type ServerHandle } from '../helpers/server.js';
import { mqttConnected, mqttPortFromOutput } from '../helpers/hollow-agent.js';
import { topics } from '../../shared/mqtt/topics.js';
import { removeContainerdNamespace } from '../helpers/image.js';

// the agent also runs the pod worker: its own containerd namespace keeps it away from anything else;
// it runs in the root network namespace, so service routing and DNS stay off
const CONTAINERD_NS = `edgeplane-proc-${process.pid}`;
let s: ServerHandle;
let agentDir: string;
let mqttPort: number;
let joinToken: string;
before(async () => {
  s = await startServer();
  mqttPort = mqttPortFromOutput(s.output());
  joinToken = (await readFile(join(s.dataDir, 'join-token'), 'utf8')).trim();
  agentDir = await tempDir('edgeplane-agent-');
});
after(async () => {
  await s.dispose();
  await rm(agentDir, { recursive: true, force: true });
  await removeContainerdNamespace(CONTAINERD_NS);
});

function startAgent(args: string[]): { proc: ChildProcess; output: () => string; stop: () => Promise<number | null> } {
  const proc = spawn(process.execPath, [EDGEPLANE_BIN, 'agent', '--server', `127.0.0.1:${mqttPort}`, '--data-dir', agentDir, '--node-name', 'proc-1', '--containerd-namespace', CONTAINERD_NS, '--disable-service-routing', '--disable-dns', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return {
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      const [code] = (await new Promise<unknown[]>((r) => proc.once('exit', (...a) => r(a)))) as [number | null];
      return code;
    },
  };
}

async function nodeReady(want: string, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await api(s, 'GET', '/api/v1/nodes/proc-1');
    const ready = r.body?.status?.conditions?.find((c: any) => c.type === 'Ready')?.status;
    if (r.status === 200 && ready === want) return r.body;
    if (Date.now() > deadline) throw new Error(`Node proc-1 not Ready=${want}: ${JSON.stringify(r.body).slice(0, 400)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

test('the agent joins, reports facts, keeps a 0600 credential and reuses it after a restart', async (t) => {
  const a1 = startAgent(['--token', joinToken, '--labels', 'zone=lab,tier=edge']);
  try {
    const node = await nodeReady('True');
    assert.equal(node.metadata.labels.zone, 'lab');
    assert.equal(node.metadata.labels.tier, 'edge');
    assert.ok(node.metadata.labels['kubernetes.io/arch']);
    assert.match(node.spec.podCIDR, /^10\.42\.\d+\.0\/24$/);
    assert.ok(Number(node.status.capacity.cpu) >= 1);
    assert.ok(node.status.nodeInfo.kernelVersion);
  } catch (err) {
    t.diagnostic(a1.output());
    throw err;
  }
  const credPath = join(agentDir, 'credential.json');
  assert.equal((await stat(credPath)).mode & 0o777, 0o600);
  assert.equal((await stat(join(agentDir, 'node-password'))).mode & 0o777, 0o600);
  const cred1 = await readFile(credPath, 'utf8');

  // a dashboard sees online and status
  const dashPw = /^password=(\S+)$/m.exec(await readFile(join(s.dataDir, 'dashboard-credentials'), 'utf8'))![1];
  const d = mqtt.connect(`mqtt://127.0.0.1:${mqttPort}`, { clientId: 'dash-proc', username: 'dashboard', password: dashPw, protocolVersion: 4, reconnectPeriod: 0 });
  await mqttConnected(d);
  const seen = new Map<string, string>();
  d.on('message', (tp, p) => seen.set(tp, p.toString()));
  await d.subscribeAsync([topics.allOnline, topics.allStatus], { qos: 1 });
  const until = async (pred: () => boolean, what: string) => {
    const deadline = Date.now() + 15_000;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await until(() => seen.get(topics.online('proc-1')) === 'online', 'online');
  await until(() => seen.has(topics.status('proc-1')), 'status');
  assert.equal(JSON.parse(seen.get(topics.status('proc-1'))!).nodeName, 'proc-1');

  // graceful stop: offline, NotReady
  assert.equal(await a1.stop(), 0);
  await until(() => seen.get(topics.online('proc-1')) === 'offline', 'offline');
  await nodeReady('Unknown');

  // restart without a token: the stored credential is used
  const a2 = startAgent([]);
  try {
    await nodeReady('True');
    await until(() => seen.get(topics.online('proc-1')) === 'online', 'online again');
    assert.equal(await readFile(credPath, 'utf8'), cred1);
    assert.ok((await stat(join(agentDir, 'desired.json'))).isFile());
  } finally {
    t.diagnostic(a2.output());
    await a2.stop();
    await d.endAsync();
  }
});

test('an agent without credential and without token fails with a stable code', async () => {
  const dir = await tempDir('edgeplane-agent-empty-');
  const proc = spawn(process.execPath, [EDGEPLANE_BIN, 'agent', '--server', `127.0.0.1:${mqttPort}`, '--data-dir', dir, '--node-name', 'proc-2'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stderr!.on('data', (d) => (out += d));
  const [code] = (await new Promise<unknown[]>((r) => proc.once('exit', (...a) => r(a)))) as [number];
  assert.equal(code, 1);
  assert.match(out, /NotJoined/);
  await rm(dir, { recursive: true, force: true });
});

test('SIGTERM stops the agent promptly while the server is unreachable (pods keep running)', { timeout: 60_000 }, async (t) => {
  const a = startAgent([]);
  try {
    await nodeReady('True');
  } catch (err) {
    t.diagnostic(a.output());
    throw err;
  }
  // the server goes away: the agent is now reconnecting
  await s.kill();
  await new Promise((r) => setTimeout(r, 2000));
  const code = await Promise.race([a.stop(), new Promise((r) => setTimeout(() => r('hung'), 20_000))]);
  if (code === 'hung') a.proc.kill('SIGKILL');
  assert.equal(code, 0, a.output());
  assert.match(a.output(), /SIGTERM: shutting down/);
});
