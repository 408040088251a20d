// Scheduler benchmark: `node dist/bench/scheduler.js [--nodes 5000] [--pods 10000]
// [--percentage 0] [--concurrency 64]`. Nodes (Ready, with allocatable) and
// pending pods are created directly through the Registry of an in-process
// store on a temp dir; then the scheduler starts and binds every pod through
// the binding subresource path (one store write per pod, plus the Scheduled
// Event). Prints pods/s bound and RSS as a markdown table (docs/benchmarks.md,
// "## Scheduler").

import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import { KINDS } from '../shared/api/kinds.js';
import { openJsonStore } from '../server/store/index.js';
import { Registry } from '../server/registry/registry.js';
import { ensureSystemNamespaces } from '../server/bootstrap.js';
import { Scheduler } from '../server/scheduler/scheduler.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

const NODES = arg('nodes', 5000);
const PODS = arg('pods', 10_000);
const PERCENTAGE = arg('percentage', 0);
const CONCURRENCY = arg('concurrency', 64);
const OWNERS = 20;

const NODE = KINDS.find((k) => k.kind === 'Node')!;
const POD = KINDS.find((k) => k.kind === 'Pod')!;
const MiB = 1024 * 1024;

async function parallel(n: number, width: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

function nodeBody(i: number) {
  const name = `node-${String(i).padStart(5, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/arch': i % 4 === 0 ? 'amd64' : 'arm64', 'kubernetes.io/os': 'linux', zone: `z${i % 3}` } },
    spec: { podCIDR: `10.42.${i % 256}.0/24`, ...(i % 10 === 0 ? { taints: [{ key: 'edge/slow-link', effect: 'PreferNoSchedule' }] } : {}) },
    status: {
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'AgentReady', lastTransitionTime: '2026-01-01T00:00:00Z' }],
      ...(i % 5 === 0 ? { images: [{ names: ['registry.local/web:1.2.3'], sizeBytes: 120 * MiB }] } : {}),
    },
  };
}

function podBody(i: number) {
  const owner = i % OWNERS;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-${owner}-${i}`,
      labels: { app: `web-${owner}` },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `web-${owner}`, uid: `rs-uid-${owner}`, controller: true }],
    },
    spec: {
      containers: [{ name: 'web', image: 'registry.local/web:1.2.3', resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
      ...(i % 7 === 0 ? { nodeSelector: { 'kubernetes.io/arch': 'arm64' } } : {}),
    },
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'edgeplane-bench-sched-'));
  const store = await openJsonStore({ dataDir: dir });
  const registry = new Registry(store);
  try {
    await ensureSystemNamespaces(registry);
    let t = performance.now();
    await parallel(NODES, 100, (i) => registry.create(NODE, '', nodeBody(i)));
    const nodeSetup = performance.now() - t;
    t = performance.now();
    await parallel(PODS, 100, (i) => registry.create(POD, 'default', podBody(i)));
    const podSetup = performance.now() - t;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);

    const scheduler = new Scheduler(registry, { percentageOfNodesToScore: PERCENTAGE, concurrency: CONCURRENCY, log: (m) => console.error(m) });
    // CPU spent in the decisions themselves (filter + score), measured around each one
    const algorithm = scheduler['algorithm'];
    const decide = algorithm.schedule.bind(algorithm);
    let decisionCpu = 0;
    algorithm.schedule = (pod, snap) => {
      const c = process.cpuUsage();
      try {
        return decide(pod, snap);
      } finally {
        const d = process.cpuUsage(c);
        decisionCpu += d.user + d.system;
      }
    };
    // --profile <file>: CPU profile of the scheduling phase only
    const profIdx = process.argv.indexOf('--profile');
    const session = profIdx > 0 ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const load0 = loadavg()[0];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await scheduler.start();
    const tStarted = performance.now();
    await new Promise<void>((resolve) => {
      const check = () => (scheduler.stats.scheduled + scheduler.stats.unschedulable >= PODS ? resolve() : setTimeout(check, 5));
      check();
    });
    const t1 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const load1 = loadavg()[0];
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(process.argv[profIdx + 1], JSON.stringify(profile));
      session.disconnect();
    }
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    scheduler.stop();

    // check the result in the store
    const { items } = await registry.list(POD, 'default');
    const perNode = new Map<string, number>();
    let bound = 0;
    for (const p of items) {
      const n = p.spec?.nodeName;
      if (!n) continue;
      bound++;
      perNode.set(n, (perNode.get(n) ?? 0) + 1);
    }
    const counts = [...perNode.values()];
    const secs = (t1 - t0) / 1000;
    const rows: Array<[string, string]> = [
      ['nodes / pending pods', `${NODES} / ${PODS}`],
      ['setup: create nodes, create pods', `${(nodeSetup / 1000).toFixed(1)} s, ${(podSetup / 1000).toFixed(1)} s`],
      ['scheduler start (list + watch of nodes and pods)', `${(tStarted - t0).toFixed(0)} ms`],
      ['pods bound (store) / unschedulable attempts / bind errors', `${bound} / ${scheduler.stats.unschedulable} / ${scheduler.stats.bindErrors}`],
      ['time to bind all, from scheduler start', `${secs.toFixed(2)} s`],
      ['**throughput**', `**${Math.round(scheduler.stats.scheduled / secs)} pods/s**`],
      ['CPU time of this process while scheduling (user + system)', `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`],
      ['throughput per CPU-second (independent of other load on the machine)', `${Math.round(scheduler.stats.scheduled / ((cpu.user + cpu.system) / 1e6))} pods/s`],
      ['**CPU-ms per pod bound** (1000 / this = pods/s on one dedicated core)', `**${((cpu.user + cpu.system) / 1000 / scheduler.stats.scheduled).toFixed(3)}**`],
      ['of which in decisions (filter + score), CPU-ms per pod', (decisionCpu / 1000 / Math.max(1, scheduler.stats.scheduled + scheduler.stats.unschedulable)).toFixed(3)],
      ['load average (1 min) at start / end (2 vCPU machine)', `${load0.toFixed(1)} / ${load1.toFixed(1)}`],
      ['pods per node: min / max (nodes used)', `${Math.min(...counts)} / ${Math.max(...counts)} (${perNode.size})`],
      ['RSS before scheduling (store with nodes + pods)', `${(rssBefore / MiB).toFixed(0)} MiB`],
      ['peak RSS while scheduling', `${(peak / MiB).toFixed(0)} MiB`],
      ['process peak RSS (maxRSS, includes setup)', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`],
    ];
    console.log(`percentageOfNodesToScore=${PERCENTAGE || 'adaptive'}, concurrency=${CONCURRENCY}\n`);
    console.log('| measurement | result |\n|---|---|');
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
