// Agent footprint at idle and disconnect → NotReady latency (issue #3):
//   node dist/bench/agent-idle.js [--pods 10] [--idle-s 60] [--kills 20] [--trials 20] [--silent 5]
//     [--node-args "--max-semi-space-size=1"] [--exec-s 60] [--trace-exec FILE]
// A real `edgeplane server` process listens on the gateway of a test LAN
// (TEST-NET-2 bridge made here, no route out); one real `edgeplane agent`
// process runs in a node network namespace on real containerd (own containerd
// namespace and data dir) with N busybox `sleep` pods bound by spec.nodeName.
// Once all are Running, the agent's node process is sampled for `idle-s`
// seconds: VmRSS from /proc/<pid>/status, CPU from utime+stime in
// /proc/<pid>/stat (and cutime+cstime: the ctr processes it spawned and reaped).
// Then, in a separate window of `exec-s` seconds (strace slows fork/exec, so
// not during the CPU sample), the processes the agent starts, counted from
// strace's successful execve calls: a load-independent idle cost.
// Then disconnect latency, from the kill to a watch event showing the Node's
// Ready condition no longer True: `kills` SIGKILLs of the real agent (the kernel
// closes its socket), and `trials` hollow agents each leaving cleanly, crashing
// (FIN without DISCONNECT) and `silent` ones going quiet (keepalive 5 s).
// Needs root and containerd (scripts/setup.sh). Prints markdown.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { api, eventually, openRequest, startServer, tempDir, type ServerHandle } from '../test/helpers/server.js';
import { createLan, type Lan } from '../test/helpers/lan.js';
import { startAgentProcess, type AgentProcess } from '../test/helpers/agent-process.js';
import { importTestImage, removeContainerdNamespace, TEST_IMAGE } from '../test/helpers/image.js';
import { randomSuffix } from '../test/helpers/netns.js';
import { HollowAgent } from '../test/helpers/hollow-agent.js';
import { sandboxName } from '../agent/pods/labels.js';
import { arg } from './args.js';
import { freePort } from '../test/helpers/port.js';

const PODS = Number(arg('pods', '10'));
const IDLE_S = Number(arg('idle-s', '60'));
const KILLS = Number(arg('kills', '20'));
const TRIALS = Number(arg('trials', '20'));
const SILENT = Number(arg('silent', '5'));
/** strace the agent's execve calls (with children) for `exec-s` seconds after the CPU window, into this file */
const EXEC_S = Number(arg('exec-s', '60'));
const TRACE = arg('trace-exec', EXEC_S > 0 ? `/tmp/edgeplane-bench-idle-exec-${process.pid}.txt` : '');
const NODE_ARGS = arg('node-args', '').split(/\s+/).filter(Boolean);

const PODS_PATH = '/api/v1/namespaces/default/pods';
const CLK_TCK = Number((await execa('getconf', ['CLK_TCK'])).stdout) || 100;

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const fmt = (v: number) => v.toFixed(0);

/** VmRSS, RssAnon (private heap etc.), RssFile (mapped node binary and libraries, shared page cache), kB */
async function rssKb(pid: number): Promise<[number, number, number]> {
  const st = await readFile(`/proc/${pid}/status`, 'utf8');
  const f = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(st)?.[1] ?? NaN);
  return [f('VmRSS'), f('RssAnon'), f('RssFile')];
}
/** [self ticks, reaped children ticks] */
async function cpuTicks(pid: number): Promise<[number, number]> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields after the command: state=0 ... utime=11 stime=12 cutime=13 cstime=14
  return [Number(f[11]) + Number(f[12]), Number(f[13]) + Number(f[14])];
}

/** Node Ready status by name, kept current by one watch; waiters fire on each event. */
class NodeWatch {
  ready = new Map<string, string>();
  private waiters: Array<() => void> = [];
  private res?: Awaited<ReturnType<typeof openRequest>>;

  async open(s: ServerHandle): Promise<void> {
    const list = await api(s, 'GET', '/api/v1/nodes');
    for (const n of list.body.items ?? []) this.update(n);
    this.res = await openRequest(s, 'GET', `/api/v1/nodes?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`);
    let buf = '';
    this.res.setEncoding('utf8');
    this.res.on('data', (chunk: string) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (!line.trim()) continue;
        const ev = JSON.parse(line);
        if (ev.type === 'DELETED') this.ready.delete(ev.object.metadata.name);
        else if (ev.object?.kind === 'Node') this.update(ev.object);
      }
      for (const w of this.waiters.splice(0)) w();
    });
    this.res.on('error', () => undefined);
  }

  private update(n: any): void {
    this.ready.set(n.metadata.name, n.status?.conditions?.find((c: any) => c.type === 'Ready')?.status ?? 'Unknown');
  }

  /** ms (performance.now) when pred first holds for the node */
  async until(node: string, pred: (status: string | undefined) => boolean, timeoutMs = 60_000): Promise<number> {
    const end = Date.now() + timeoutMs;
    while (!pred(this.ready.get(node))) {
      if (Date.now() > end) throw new Error(`node ${node}: Ready still ${this.ready.get(node)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 1000);
      });
    }
    return performance.now();
  }

  close(): void {
    this.res?.destroy();
  }
}

const id = randomSuffix();
const cns = `edgeplane-bench-idle-${id}`;
const nodeName = `idle-${id}`;
let lan: Lan | undefined;
let s: ServerHandle | undefined;
let serverDir = '';
let agentDir = '';
let agent: AgentProcess | undefined;
const watch = new NodeWatch();
const uids: string[] = [];
const hollows: HollowAgent[] = [];
try {
  lan = await createLan();
  const node = await lan.addNode(1);
  serverDir = await tempDir('ep-bench-idle-server-');
  agentDir = await tempDir('ep-bench-idle-agent-');
  const httpPort = await freePort(lan.gateway);
  const mqttPort = await freePort(lan.gateway);
  await importTestImage(cns);
  s = await startServer({ dataDir: serverDir, extraArgs: ['--bind-address', lan.gateway, '--http-port', String(httpPort), '--mqtt-port', String(mqttPort)] });
  const token = (await readFile(join(serverDir, 'join-token'), 'utf8')).trim();
  const server = s;
  const startAgent = () =>
    startAgentProcess({ node, nodeName, server: `${lan!.gateway}:${mqttPort}`, token, dataDir: agentDir, containerdNamespace: cns, nodeArgs: NODE_ARGS });
  agent = startAgent();
  await watch.open(server);
  // The agent exits when its first join fails (under load: "connack timeout"); systemd would restart it.
  for (let attempt = 0; ; attempt++) {
    const up = await watch.until(nodeName, (r) => r === 'True', 30_000).then(() => true, () => false);
    if (up) break;
    if (attempt >= 3) throw new Error(`agent never became Ready\n${agent.output().slice(-3000)}`);
    console.error(`agent not Ready, restarting:\n${agent.output().slice(-300)}`);
    await agent.kill();
    agent = startAgent();
  }

  for (let i = 0; i < PODS; i++) {
    const r = await api(server, 'POST', PODS_PATH, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `idle-${i}` },
      spec: { nodeName, terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: TEST_IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sleep', '86400'] }] },
    });
    if (r.status !== 201) throw new Error(`create pod: ${JSON.stringify(r.body)}`);
    uids.push(r.body.metadata.uid);
  }
  await eventually(async () => {
    const items = (await api(server, 'GET', PODS_PATH)).body.items as any[];
    return items.filter((p) => p.status?.phase === 'Running').length === PODS;
  }, `${PODS} pods Running`, 180_000);
  // Let start-up garbage settle before sampling.
  await new Promise((r) => setTimeout(r, 10_000));

  const pid = agent.proc.pid!;
  const comm = (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
  if (comm !== 'node') throw new Error(`pid ${pid} is ${comm}, not node`);
  const rss: number[] = [];
  const anon: number[] = [];
  const file: number[] = [];
  const [self0, kids0] = await cpuTicks(pid);
  const t0 = performance.now();
  for (let i = 0; i < IDLE_S; i++) {
    const [r, a, f] = await rssKb(pid);
    rss.push(r);
    anon.push(a);
    file.push(f);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const [self1, kids1] = await cpuTicks(pid);
  const secs = (performance.now() - t0) / 1000;
  const selfPct = ((self1 - self0) / CLK_TCK / secs) * 100;
  const kidsPct = ((kids1 - kids0) / CLK_TCK / secs) * 100;
  const mb = (kb: number) => (kb / 1024).toFixed(1);
  console.log(`\n### Agent at idle: ${PODS} Running pods, node flags: ${NODE_ARGS.join(' ') || '(none)'}\n`);
  console.log('| measurement | target | result |');
  console.log('|---|---|---|');
  console.log(`| RSS (VmRSS of the node process), mean / max over ${IDLE_S} s | ≤ 50 MB | ${mb(rss.reduce((a, b) => a + b, 0) / rss.length)} / ${mb(Math.max(...rss))} MiB |`);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  console.log(`| of which RssAnon / RssFile (mean) | — | ${mb(mean(anon))} / ${mb(mean(file))} MiB |`);
  console.log(`| CPU of the agent process (utime+stime) | ≤ 1% of one core | ${selfPct.toFixed(2)}% |`);
  console.log(`| CPU of the ctr processes it spawned (cutime+cstime) | — | ${kidsPct.toFixed(2)}% |`);
  if (TRACE && EXEC_S > 0) {
    const tracer = execa('strace', ['-f', '-qq', '-e', 'trace=execve', '-o', TRACE, '-p', String(pid)], { reject: false });
    const te = performance.now();
    await new Promise((r) => setTimeout(r, EXEC_S * 1000));
    tracer.kill('SIGINT');
    await tracer;
    const mins = (performance.now() - te) / 60_000;
    // one successful execve per process started (PATH lookups fail with ENOENT first)
    const started = (await readFile(TRACE, 'utf8')).split('\n').filter((l) => /execve\(.*\) = 0/.test(l));
    const by = new Map<string, number>();
    for (const l of started) {
      const m = /execve\("[^"]*", \["([^"]*)"(?:, "([^"]*)")?(?:, "([^"]*)")?(?:, "([^"]*)")?(?:, "([^"]*)")?(?:, "([^"]*)")?(?:, "([^"]*)")?/.exec(l);
      // ctr: name the subcommand (after -a <sock> -n <ns>)
      const key = m ? (m[1] === 'ctr' ? ['ctr', m[6], m[7]].filter(Boolean).join(' ') : m[1]!.split('/').pop()!) : '?';
      by.set(key, (by.get(key) ?? 0) + 1);
    }
    const detail = [...by].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${(n / mins).toFixed(0)}`).join(', ');
    console.log(`| processes started per minute (strace execve, ${EXEC_S} s) | — | ${(started.length / mins).toFixed(0)} (${detail}) |`);
  }

  // Disconnect latency with the real agent: SIGKILL, the kernel closes the socket.
  const killMs: number[] = [];
  for (let i = 0; i < KILLS; i++) {
    const t = performance.now();
    await agent.kill();
    killMs.push((await watch.until(nodeName, (r) => r !== 'True')) - t);
    agent = startAgent();
    await watch.until(nodeName, (r) => r === 'True', 60_000);
  }

  // Hollow agents (test/helpers/hollow-agent.ts) on the same server: clean leave, crash, silent death.
  const hollow = async (name: string) => {
    const h = await HollowAgent.start({ mqttPort, host: lan!.gateway, token, nodeName: name, nodePassword: `bench-${name}` });
    hollows.push(h);
    await h.reportStatus();
    await watch.until(name, (r) => r === 'True', 30_000);
    return h;
  };
  const clean: number[] = [];
  const crash: number[] = [];
  const silent: number[] = [];
  for (let i = 0; i < TRIALS; i++) {
    let h = await hollow(`hollow-clean-${id}`);
    let t = performance.now();
    await h.disconnect();
    clean.push((await watch.until(h.nodeName, (r) => r !== 'True')) - t);
    h = await hollow(`hollow-crash-${id}`);
    t = performance.now();
    h.crash();
    crash.push((await watch.until(h.nodeName, (r) => r !== 'True')) - t);
    h.dispose();
  }
  for (let i = 0; i < SILENT; i++) {
    const h = await hollow(`hollow-silent-${id}`);
    const t = performance.now();
    h.dieSilently();
    silent.push((await watch.until(h.nodeName, (r) => r !== 'True')) - t);
    h.dispose();
  }

  console.log('\n### Disconnect → Node Ready leaves True (watch event)\n');
  console.log('| how the connection ends | trials | p50 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|');
  const row = (what: string, v: number[]) => v.length && console.log(`| ${what} | ${v.length} | ${fmt(pct(v, 50))} | ${fmt(pct(v, 99))} | ${fmt(Math.max(...v))} |`);
  row('real agent SIGKILLed (socket closed by the kernel)', killMs);
  row('hollow agent, clean leave (`offline` + DISCONNECT)', clean);
  row('hollow agent, crash (FIN, no DISCONNECT)', crash);
  row('hollow agent, silent death (keepalive 5 s)', silent);
} finally {
  watch.close();
  for (const h of hollows) h.dispose();
  await agent?.kill().catch(() => undefined);
  await s?.dispose().catch(() => undefined);
  await removeContainerdNamespace(cns).catch(() => undefined);
  for (const uid of uids) await execa('ip', ['netns', 'delete', sandboxName(uid)], { reject: false });
  await lan?.destroy().catch(() => undefined);
  if (serverDir) await rm(serverDir, { recursive: true, force: true });
  if (agentDir) await rm(agentDir, { recursive: true, force: true });
}
