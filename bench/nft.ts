// Service proxy (nftables) benchmark: `node dist/bench/nft.js [--services 1000] [--endpoints 3] [--runs 10] [--connects 1000] [--rounds 4]`.
// Everything runs inside network namespaces made here (test/agent/proxy/topology.ts);
// the host's tables are never touched. Needs root and nft. Prints a markdown table.
// - full apply: render + `nft -f` of the whole table (delete + re-create), fresh and repeated;
// - resync: the periodic `flush table` form;
// - incremental: one service's endpoints change (ServiceProxy.update → diff transaction,
//   sent to the long-lived `nft -i` session);
// - the huge-page malloc A/B for nft -f (NFT_FULL_ENV) and the cost of an empty transaction;
// - per-connection cost: sequential TCP connects from the node to one ClusterIP
//   with 10 vs N services programmed (the lookup is a verdict map, so it should not grow).
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { NFT_FULL_ENV, NftCli, type Nft } from '../agent/proxy/nft.js';
import { isFlatScript } from '../agent/proxy/nft-session.js';
import { run } from '../agent/runtime/run.js';
import { ServiceProxy } from '../agent/proxy/proxy.js';
import { renderFull } from '../agent/proxy/render.js';
import { buildRuleset, type LocalNode } from '../agent/proxy/ruleset.js';
import type { ClusterServices, ServiceEntry } from '../shared/mqtt/cluster-services.js';
import { createTopology } from '../test/agent/proxy/topology.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const SERVICES = arg('services', 1000);
const ENDPOINTS = arg('endpoints', 3);
const RUNS = arg('runs', 10);
const CONNECTS = arg('connects', 1000);
const ROUNDS = arg('rounds', 4);

/**
 * nft with its CPU time measured: on a shared VM wall time mostly measures
 * waiting for a core; CPU time is what an idle node pays. Full/resync scripts
 * run as `nft -f -` under `perf stat -e task-clock`; flat (incremental) scripts
 * go to NftCli's long-lived `nft -i` session, whose on-CPU time is read from
 * /proc/<pid>/schedstat before and after.
 */
class MeasuredNft implements Nft {
  lastCpuMs = 0;
  readonly cli: NftCli;
  constructor(private readonly netns: string) {
    this.cli = new NftCli({ netns });
  }
  private sessionCpuNs(): number {
    const pid = this.cli.session?.pid;
    return pid ? Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) : 0;
  }
  async apply(script: string): Promise<void> {
    if (this.cli.session && isFlatScript(script)) {
      if (!this.cli.session.pid) await this.cli.apply('add table ip edgeplane\n'); // start it outside the measurement
      const c0 = this.sessionCpuNs();
      await this.cli.apply(script);
      this.lastCpuMs = (this.sessionCpuNs() - c0) / 1e6;
      return;
    }
    const r = await run('ip', ['netns', 'exec', this.netns, 'perf', 'stat', '-x,', '-e', 'task-clock', 'nft', '-f', '-'], { input: script, env: NFT_FULL_ENV });
    if (r.exitCode !== 0) throw new Error(`nft -f: ${r.stderr.slice(0, 500)}`);
    this.lastCpuMs = Number(/^([\d.]+),msec,task-clock/m.exec(r.stderr)?.[1] ?? NaN);
  }
  listTable(family: string, name: string) {
    return this.cli.listTable(family, name);
  }
  deleteTable(family: string, name: string) {
    return this.cli.deleteTable(family, name);
  }
  close() {
    this.cli.close();
  }
}
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const NODE: LocalNode = { name: 'bench', ips: ['198.51.100.10'], podCIDR: '10.42.3.0/24', bridge: 'ep0', clusterCIDR: '10.42.0.0/16' };

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Service i: ClusterIP 10.43.(i/250+1).(i%250+1), endpoints on 10.44.x.y (never used for traffic). */
function service(i: number, generation = 0): ServiceEntry {
  const ip = `10.43.${Math.floor(i / 250) + 1}.${(i % 250) + 1}`;
  return {
    namespace: `ns-${i % 20}`,
    name: `svc-${i}`,
    type: i % 10 === 0 ? 'NodePort' : 'ClusterIP',
    clusterIP: ip,
    ports: [{ name: 'http', protocol: 'TCP', port: 80, ...(i % 10 === 0 ? { nodePort: 30000 + i } : {}) }],
    sessionAffinity: 'None',
    affinityTimeoutSeconds: 10800,
    endpoints: Array.from({ length: ENDPOINTS }, (_, e) => ({
      ip: `10.44.${(i * ENDPOINTS + e + generation) >> 8 & 255}.${(i * ENDPOINTS + e + generation) & 255}`,
      ready: true,
      ports: { http: 8080 },
    })),
  };
}

function doc(services: ServiceEntry[], revision = 1): ClusterServices {
  return { revision, serviceCIDR: '10.43.0.0/16', clusterDNS: '10.43.0.10', clusterDomain: 'cluster.local', services, nodes: [] };
}

const CLIENT = `
const net = require('net');
const [host, port, count] = process.argv.slice(1);
const one = () => new Promise((resolve, reject) => {
  const s = net.connect({ host, port: Number(port) });
  s.on('data', () => {}); s.on('end', resolve); s.on('error', reject);
});
(async () => { await one(); const t = process.hrtime.bigint(); for (let i = 0; i < Number(count); i++) await one();
  console.log(Number(process.hrtime.bigint() - t) / 1e6); })();
`;

const topo = await createTopology();
let nftForCleanup: MeasuredNft | undefined;
const rows: Array<[string, string]> = [];
const loadBefore = loadavg();
try {
  const nft = new MeasuredNft(topo.node.name);
  nftForCleanup = nft;
  const services = Array.from({ length: SERVICES }, (_, i) => service(i));
  const cs = doc(services);

  let t = performance.now();
  const cpu0 = process.cpuUsage();
  const rs = buildRuleset(cs, NODE);
  const text = renderFull(rs);
  const cpu = process.cpuUsage(cpu0);
  rows.push([
    `render ${SERVICES} services × ${ENDPOINTS} endpoints (pure JS, ${(text.length / 1024).toFixed(0)} KiB, ${rs.chains.size} chains): wall / CPU`,
    `${ms(performance.now() - t)} / ${ms((cpu.user + cpu.system) / 1000)}`,
  ]);

  t = performance.now();
  await nft.apply(text);
  rows.push(['full apply, fresh table: wall / nft CPU', `${ms(performance.now() - t)} / ${ms(nft.lastCpuMs)}`]);
  const full: number[] = [];
  const fullCpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    await nft.apply(renderFull(buildRuleset(cs, NODE)));
    full.push(performance.now() - t);
    fullCpu.push(nft.lastCpuMs);
  }
  rows.push([`full apply (render + delete + re-create), p50 of ${RUNS}: wall / nft CPU`, `${ms(pct(full, 50))} / ${ms(pct(fullCpu, 50))}`]);

  // A/B of the huge-page malloc setting (NFT_FULL_ENV), same script, interleaved
  const plainCpu: number[] = [];
  const hugeCpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [env, out] of [[{}, plainCpu], [NFT_FULL_ENV, hugeCpu]] as const) {
      const r = await run('ip', ['netns', 'exec', topo.node.name, 'perf', 'stat', '-x,', '-e', 'task-clock', 'nft', '-f', '-'], { input: text, env });
      out.push(Number(/^([\d.]+),msec,task-clock/m.exec(r.stderr)?.[1] ?? NaN));
    }
  }
  rows.push([`full apply nft CPU p50 of ${RUNS}: plain glibc malloc / \`GLIBC_TUNABLES=glibc.malloc.hugetlb=1\``, `${ms(pct(plainCpu, 50))} / ${ms(pct(hugeCpu, 50))}`]);

  const proxy = new ServiceProxy({ nft, node: NODE, resyncMs: 1e12 });
  await proxy.update(cs);
  const resync: number[] = [];
  const resyncCpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    resync.push((await proxy.resync())!.ms);
    resyncCpu.push(nft.lastCpuMs);
  }
  rows.push([`periodic resync (flush table form), p50 of ${RUNS}: wall / nft CPU`, `${ms(pct(resync, 50))} / ${ms(pct(resyncCpu, 50))}`]);

  const inc: number[] = [];
  const incCpu: number[] = [];
  const jsCpu: number[] = [];
  let bytes = 0;
  for (let i = 1; i <= RUNS * 3; i++) {
    const changed = [...services];
    changed[500 % SERVICES] = service(500 % SERVICES, i * 7919);
    const c0 = process.cpuUsage();
    const r = await proxy.update(doc(changed, i + 1));
    const c = process.cpuUsage(c0);
    jsCpu.push((c.user + c.system) / 1000);
    if (r.mode !== 'incremental') throw new Error(`expected incremental, got ${r.mode}`);
    inc.push(r.ms);
    incCpu.push(nft.lastCpuMs);
    bytes = r.bytes;
  }
  rows.push([
    `incremental: one service's endpoints replaced (${bytes} B script, \`nft -i\` session), ${RUNS * 3} runs: wall p50 / p99, nft CPU p50`,
    `${ms(pct(inc, 50))} / ${ms(pct(inc, 99))}, ${ms(pct(incCpu, 50))}`,
  ]);
  rows.push(['incremental: agent-side CPU (build with fragment cache + diff + writing to nft), p50', ms(pct(jsCpu, 50))]);
  const noop: number[] = [];
  const noopSession: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await nft.apply('add table ip edgeplane\n'); // flat: through the session
    noopSession.push(nft.lastCpuMs);
    const r = await run('ip', ['netns', 'exec', topo.node.name, 'perf', 'stat', '-x,', '-e', 'task-clock', 'nft', 'add', 'table', 'ip', 'edgeplane']);
    noop.push(Number(/^([\d.]+),msec,task-clock/m.exec(r.stderr)?.[1] ?? NaN));
  }
  rows.push(['baseline: a transaction that changes nothing (`add table`), nft CPU p50: new `nft` process / `nft -i` session line', `${ms(pct(noop, 50))} / ${ms(pct(noopSession, 50))}`]);

  // per-connection cost: target service 10.43.0.20 → the two pod backends
  for (const p of topo.pods) await topo.serve(p.ns, '0.0.0.0', 8080, p.ns);
  const target: ServiceEntry = {
    ...service(0),
    namespace: 'default',
    name: 'target',
    type: 'ClusterIP',
    clusterIP: '10.43.0.20',
    ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    endpoints: topo.pods.map((p) => ({ ip: p.ip, ready: true, ports: { http: 8080 } })),
  };
  // Interleaved rounds; the best round per configuration is reported, since the
  // load of a shared VM only ever adds time.
  const best = new Map<number, number>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of [10, SERVICES]) {
      await proxy.update(doc([target, ...services.slice(0, n)], 1000 + n));
      const r = await execa('ip', ['netns', 'exec', topo.node.name, process.execPath, '-e', CLIENT, '10.43.0.20', '80', String(CONNECTS)]);
      const perConn = (Number(r.stdout) / CONNECTS) * 1000;
      best.set(n, Math.min(best.get(n) ?? Infinity, perConn));
    }
  }
  for (const [n, us] of best) {
    rows.push([`connect+close to a ClusterIP with ${n} services (${CONNECTS} sequential, best of ${ROUNDS} rounds)`, `${us.toFixed(0)} µs/conn (${Math.round(1e6 / us)} conn/s)`]);
  }
  await proxy.cleanup();
} finally {
  nftForCleanup?.close();
  await topo.destroy();
}

console.log(`load average before / after: ${loadBefore} / ${loadavg()} (${(await import('node:os')).cpus().length} CPUs)\n`);
console.log(`| measurement | result |\n|---|---|`);
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
