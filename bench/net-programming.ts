// Network programming latency (issue #5): an endpoint change (a pod becomes
// ready or unready) → the rule is active on every node. Target p99 ≤ 1 s.
//   node dist/bench/net-programming.js [--nodes 4] [--hollow 2] [--pods 6] [--changes 120]
//     [--gap-ms 300] [--timeout-ms 30000] [--debug] [--compare-bin OTHER/dist/bin/edgeplane.js]
// With --compare-bin every even-numbered node runs that other build's agent, so
// two builds are compared in one run under the same (shared-VM) load.
// A real `edgeplane server` listens on the gateway of a test LAN (TEST-NET-2
// bridge made here, no route out). `nodes` real `edgeplane agent` processes
// (--disable-dns, each on its own containerd namespace, no pods) run in their
// own network namespaces and program the real nftables service proxy there.
// The endpoints are pods bound to `hollow` simulated nodes (test/helpers/
// hollow-agent.ts) that report them Running/Ready over real MQTT with distinct
// pod IPs; one Service selects them all. Each change flips one pod's Ready
// condition (unready, then ready again, the next pod, ...): at most one pod is
// unready at a time, so the service always keeps endpoints.
// Clock: t0 is taken just before the hollow agent publishes the pod status.
// "Rule active" is observed from the kernel: `nft monitor` runs in every node
// namespace and prints each committed transaction; the change is active when
// the service chain's numgen vmap gains a `goto` to the pod's endpoint chain
// (ready) or the endpoint chain is deleted (unready). Stages, from the same
// clock: the Endpoints watch event (server: pod status → endpoints controller),
// the ClusterServices document on MQTT (publisher), and per node the rest
// (agent: MQTT → services.json → routes → nft apply → commit).
// Traffic: none besides loopback/LAN control traffic. Everything made here
// (namespaces, bridge, processes, containerd namespaces, temp dirs) is removed
// in `finally` and on SIGINT/SIGTERM. Needs root and containerd. Prints markdown.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { api, eventually, openRequest, startServer, tempDir, type ServerHandle } from '../test/helpers/server.js';
import { createLan, type Lan, type LanNode } from '../test/helpers/lan.js';
import { startAgentProcess, type AgentProcess } from '../test/helpers/agent-process.js';
import { removeContainerdNamespace } from '../test/helpers/image.js';
import { randomSuffix } from '../test/helpers/netns.js';
import { HollowAgent } from '../test/helpers/hollow-agent.js';
import { topics } from '../shared/mqtt/topics.js';
import type { KubeObject } from '../shared/api/object.js';
import { arg } from './args.js';
import { freePort } from '../test/helpers/port.js';

const NODES = Number(arg('nodes', '4'));
const HOLLOW = Number(arg('hollow', '2'));
const PODS = Number(arg('pods', '6'));
const CHANGES = Number(arg('changes', '120'));
const GAP_MS = Number(arg('gap-ms', '300'));
const TIMEOUT_MS = Number(arg('timeout-ms', '30000'));
const DEBUG = process.argv.includes('--debug');
const COMPARE_BIN = arg('compare-bin', '');
/** node index (1-based) → which build its agent runs */
const buildOf = (i: number) => (COMPARE_BIN && i % 2 === 0 ? 'compare' : 'this');
const PORT = 8080;
const NS = 'default';

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Items stamped on arrival (performance.now), and waiters for the first matching one after a time. */
class Feed<T> {
  private items: Array<{ t: number; v: T }> = [];
  private waiters: Array<() => void> = [];

  push(v: T): void {
    this.items.push({ t: performance.now(), v });
    for (const w of this.waiters.splice(0)) w();
  }

  /** arrival time of the first item at or after `since` that matches; undefined on timeout */
  async first(since: number, pred: (v: T) => boolean, timeoutMs: number): Promise<number | undefined> {
    const end = performance.now() + timeoutMs;
    let from = 0;
    for (;;) {
      for (; from < this.items.length; from++) {
        const it = this.items[from]!;
        if (it.t >= since && pred(it.v)) return it.t;
      }
      if (performance.now() > end) return undefined;
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 250);
      });
    }
  }

  /** forget items older than `t` (keeps memory flat over many changes) */
  trim(t: number): void {
    this.items = this.items.filter((i) => i.t >= t);
  }
}

/** `nft monitor` inside a node namespace: one line per committed object change */
function startMonitor(node: LanNode, feed: Feed<string>): ChildProcess {
  // `ip netns exec` execs nft in place, so killing this pid stops the monitor.
  const p = spawn('ip', ['netns', 'exec', node.netns, 'stdbuf', '-oL', 'nft', 'monitor'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  p.stdout!.setEncoding('utf8');
  p.stdout!.on('data', (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (DEBUG) console.error(`[${node.netns}] ${line}`);
      feed.push(line);
    }
  });
  // nft 1.0.6's monitor sometimes cannot name a set ("W: Received event for an unknown set")
  // and prints no element line; the `# new generation` line of each commit still marks the time
  p.stderr!.on('data', (d) => {
    if (DEBUG) console.error(`nft monitor ${node.netns}: ${String(d).trim()}`);
  });
  return p;
}

const id = randomSuffix();
const svcName = `web-${id}`;
const podIP = (k: number) => `10.42.250.${10 + k}`;
/** how an endpoint appears in the table listing and in `nft monitor` lines: the value of a backend map element */
const backend = (k: number) => `: ${podIP(k)} . ${PORT}`;

let lan: Lan | undefined;
let s: ServerHandle | undefined;
const dirs: string[] = [];
const agents: AgentProcess[] = [];
const cnsList: string[] = [];
const monitors: ChildProcess[] = [];
const hollows: HollowAgent[] = [];
let epWatch: Awaited<ReturnType<typeof openRequest>> | undefined;
let cleaned: Promise<void> | undefined;

function cleanup(): Promise<void> {
  // every step on its own: one that throws must not leave agents, namespaces or tables behind
  const step = (f: () => unknown) => {
    try {
      f();
    } catch {
      /* best effort */
    }
  };
  cleaned ??= (async () => {
    step(() => epWatch?.destroy());
    for (const m of monitors) step(() => m.exitCode === null && m.signalCode === null && m.kill('SIGTERM'));
    for (const h of hollows) step(() => h.dispose());
    await Promise.all(agents.map((a) => a.stop().catch(() => a.kill())));
    await s?.dispose().catch(() => undefined);
    // deleting the namespaces takes the agents' nft tables and routes with them
    await lan?.destroy().catch(() => undefined);
    for (const c of cnsList) await removeContainerdNamespace(c).catch(() => undefined);
    for (const d of dirs) await rm(d, { recursive: true, force: true }).catch(() => undefined);
  })();
  return cleaned;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

try {
  lan = await createLan();
  const serverDir = await tempDir('ep-bench-net-server-');
  dirs.push(serverDir);
  const httpPort = await freePort(lan.gateway);
  const mqttPort = await freePort(lan.gateway);
  s = await startServer({ dataDir: serverDir, extraArgs: ['--bind-address', lan.gateway, '--http-port', String(httpPort), '--mqtt-port', String(mqttPort)] });
  const server = s;
  const token = (await readFile(join(serverDir, 'join-token'), 'utf8')).trim();

  // Real agents, one per node namespace, each with an nft monitor.
  const nodes: LanNode[] = [];
  const nftFeeds: Array<Feed<string>> = [];
  const nodeNames: string[] = [];
  for (let i = 1; i <= NODES; i++) {
    const node = await lan.addNode(i);
    nodes.push(node);
    const feed = new Feed<string>();
    nftFeeds.push(feed);
    const dataDir = await tempDir('ep-bench-net-agent-');
    dirs.push(dataDir);
    const cns = `edgeplane-bench-net-${id}-${i}`;
    cnsList.push(cns);
    const nodeName = `net-${id}-${i}`;
    nodeNames.push(nodeName);
    agents.push(startAgentProcess({ node, nodeName, server: `${lan.gateway}:${mqttPort}`, token, dataDir, containerdNamespace: cns, extraArgs: ['--disable-dns'], ...(buildOf(i) === 'compare' ? { bin: COMPARE_BIN } : {}) }));
  }
  await eventually(async () => {
    const items = (await api(server, 'GET', '/api/v1/nodes')).body.items as KubeObject[];
    const ready = items.filter((n: any) => n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).map((n) => n.metadata.name);
    return nodeNames.every((n) => ready.includes(n));
  }, `${NODES} agents Ready`, 120_000).catch((e) => {
    throw new Error(`${(e as Error).message}\n${agents.map((a) => a.output().slice(-1500)).join('\n---\n')}`);
  });

  // Hollow nodes carry the endpoints.
  for (let h = 0; h < HOLLOW; h++) {
    // An unused LAN address as InternalIP (the default 127.0.0.1 is no valid next hop, so every
    // agent would retry two failing `ip route replace` per document: not what a real cluster does).
    const g = lan.gateway.split('.');
    const addr = `${g.slice(0, 3).join('.')}.${Number(g[3]) + 20 + h}`;
    const nodeName = `hollow-${id}-${h}`;
    const hollow = await HollowAgent.start({
      mqttPort, host: lan.gateway, token, nodeName, nodePassword: `bench-${id}-${h}`,
      facts: { addresses: [{ type: 'InternalIP', address: addr }, { type: 'Hostname', address: nodeName }] },
    });
    hollows.push(hollow);
    await hollow.reportStatus();
  }
  // The ClusterServices document as the agents receive it (a node session may subscribe to it).
  const docFeed = new Feed<any>();
  hollows[0]!.client.on('message', (topic, payload) => {
    if (topic !== topics.services) return;
    try {
      docFeed.push(JSON.parse(String(payload)));
    } catch {
      /* not ours to judge */
    }
  });
  await hollows[0]!.client.subscribeAsync(topics.services, { qos: 1 });

  const svc = await api(server, 'POST', `/api/v1/namespaces/${NS}/services`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: svcName },
    spec: { selector: { app: svcName }, ports: [{ name: 'http', port: 80, targetPort: PORT, protocol: 'TCP' }] },
  });
  if (svc.status !== 201) throw new Error(`create service: ${JSON.stringify(svc.body)}`);
  const pods: KubeObject[] = [];
  for (let k = 0; k < PODS; k++) {
    const r = await api(server, 'POST', `/api/v1/namespaces/${NS}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${svcName}-${k}`, labels: { app: svcName } },
      spec: { nodeName: hollows[k % HOLLOW]!.nodeName, containers: [{ name: 'web', image: 'busybox', ports: [{ containerPort: PORT }] }] },
    });
    if (r.status !== 201) throw new Error(`create pod: ${JSON.stringify(r.body)}`);
    pods.push(r.body);
  }
  const report = (k: number, ready: boolean) => hollows[k % HOLLOW]!.reportPod(pods[k]!, 'Running', ready, podIP(k));
  for (let k = 0; k < PODS; k++) await report(k, true);
  // Every node has every endpoint before the measurement starts.
  for (const node of nodes) {
    await eventually(async () => {
      const r = await node.exec(['nft', 'list', 'table', 'ip', 'edgeplane']);
      return r.exitCode === 0 && pods.every((_, k) => r.stdout.includes(backend(k)));
    }, `all ${PODS} endpoints programmed in ${node.netns}`, 60_000);
  }
  // Monitors start once the table and its maps exist: nft 1.0.6's monitor cannot print
  // elements of a set created after it started ("Received event for an unknown set").
  nodes.forEach((node, i) => monitors.push(startMonitor(node, nftFeeds[i]!)));
  await new Promise((r) => setTimeout(r, 1000));

  const epFeed = new Feed<any>();
  epWatch = await openRequest(server, 'GET', `/api/v1/namespaces/${NS}/endpoints?watch=true`);
  {
    let buf = '';
    epWatch.setEncoding('utf8');
    epWatch.on('data', (chunk: string) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.trim()) epFeed.push(JSON.parse(line).object);
      }
    });
    epWatch.on('error', () => undefined);
  }
  await sleep(1000);

  const load0 = loadavg();
  const started = new Date();
  const endToEnd: number[] = [];
  const slowest: number[] = [];
  const toEndpoints: number[] = [];
  const toDoc: number[] = [];
  const onAgent: number[] = [];
  const byBuild = { this: { e2e: [] as number[], agent: [] as number[] }, compare: { e2e: [] as number[], agent: [] as number[] } };
  let missed = 0;
  for (let i = 0; i < CHANGES; i++) {
    const k = Math.floor(i / 2) % PODS;
    const ready = i % 2 === 1;
    const ip = podIP(k);
    const epMatch = (o: any) =>
      o?.metadata?.name === svcName &&
      (o.subsets ?? []).some((sub: any) => ((ready ? sub.addresses : sub.notReadyAddresses) ?? []).some((a: any) => a.ip === ip));
    const docMatch = (d: any) =>
      (d?.services ?? []).some((sv: any) => sv.namespace === NS && sv.name === svcName && sv.endpoints?.some((e: any) => e.ip === ip && e.ready === ready));
    // the endpoint is a backend map element (`<clusterIP> . <port> . <index> : <podIP> . <port>`,
    // docs/networking.md): added when it turns ready, deleted when it turns unready
    const nftMatch = (line: string) => (line.includes(backend(k)) && line.startsWith(ready ? 'add element' : 'delete element')) || line.startsWith('# new generation');
    /** the commit time: the first matching monitor line after t0 whose commit left the endpoint as wanted (checked by listing the table) */
    const committed = async (f: Feed<string>, node: LanNode): Promise<number | undefined> => {
      let since = t0;
      for (;;) {
        const t = await f.first(since, nftMatch, TIMEOUT_MS - (performance.now() - t0));
        if (t === undefined) return undefined;
        const r = await node.exec(['nft', 'list', 'table', 'ip', 'edgeplane']);
        if (r.exitCode === 0 && r.stdout.includes(backend(k)) === ready) return t;
        since = t + 0.001;
      }
    };
    const t0 = performance.now();
    const waits = Promise.all([
      epFeed.first(t0, epMatch, TIMEOUT_MS),
      docFeed.first(t0, docMatch, TIMEOUT_MS),
      Promise.all(nftFeeds.map((f, n) => committed(f, nodes[n]!))),
    ]);
    await report(k, ready);
    const [tEp, tDoc, tNodes] = await waits;
    if (tEp !== undefined) toEndpoints.push(tEp - t0);
    if (tEp !== undefined && tDoc !== undefined) toDoc.push(tDoc - tEp);
    tNodes.forEach((t, n) => {
      if (t === undefined) {
        missed++;
        return;
      }
      const b = byBuild[buildOf(n + 1)];
      endToEnd.push(t - t0);
      b.e2e.push(t - t0);
      if (tDoc !== undefined) {
        onAgent.push(t - tDoc);
        b.agent.push(t - tDoc);
      }
    });
    const done = tNodes.filter((t): t is number => t !== undefined);
    if (done.length) slowest.push(Math.max(...done) - t0);
    if (DEBUG) console.error(`change ${i} pod ${k} ready=${ready}: ep ${tEp! - t0} doc ${tDoc! - t0} nodes ${tNodes.map((t) => (t! - t0).toFixed(0)).join(' ')}`);
    for (const f of [epFeed, docFeed, ...nftFeeds]) f.trim(t0);
    await sleep(GAP_MS);
  }
  const load1 = loadavg();

  const f = (v: number) => v.toFixed(0);
  const row = (what: string, v: number[]) =>
    console.log(`| ${what} | ${v.length} | ${v.length ? f(pct(v, 50)) : '—'} | ${v.length ? f(pct(v, 99)) : '—'} | ${v.length ? f(Math.max(...v)) : '—'} |`);
  console.log(`\n### Network programming: ${NODES} nodes, ${CHANGES} endpoint changes (${started.toISOString()})\n`);
  console.log(`load average before / after: ${load0.map((l) => l.toFixed(2)).join(' ')} / ${load1.map((l) => l.toFixed(2)).join(' ')}; ` +
    `${PODS} endpoints on ${HOLLOW} hollow nodes; gap ${GAP_MS} ms; missed (no rule within ${TIMEOUT_MS} ms): ${missed}\n`);
  console.log('| measurement | samples | p50 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|');
  row('**status published → rule committed, every (node, change)** (target p99 ≤ 1000)', endToEnd);
  row('status published → rule committed on the last node, per change', slowest);
  row('stage: status published → Endpoints watch event (server)', toEndpoints);
  row('stage: Endpoints event → ClusterServices on MQTT (publisher)', toDoc);
  row('stage: ClusterServices on MQTT → rule committed, per node (agent)', onAgent);
  if (COMPARE_BIN) {
    for (const b of ['this', 'compare'] as const) {
      const what = b === 'this' ? 'this build' : `--compare-bin ${COMPARE_BIN}`;
      row(`${what}: status published → rule committed, per (node, change)`, byBuild[b].e2e);
      row(`${what}: ClusterServices on MQTT → rule committed (agent)`, byBuild[b].agent);
    }
  }
  if (missed) process.exitCode = 1;
} finally {
  await cleanup();
}
