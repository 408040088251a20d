// Probe overhead on the agent: `node dist/bench/probes.js [--pods 100] [--probes-per-pod 2] [--period 10] [--seconds 60]`.
// The Prober runs httpGet probes (readiness and liveness per pod by default)
// against loopback HTTP listeners, one per pod, served by a child process so
// the measured CPU (process.cpuUsage of this process) is the prober's alone.
// No containers are needed. Measured after one period of warm-up (the first
// probes are jittered over a period, as kubelet does after a restart).
// Prints a markdown table.
import { fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Prober, type ProbedContainer } from '../agent/probes/prober.js';
import type { ProbeKind } from '../agent/probes/types.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

if (process.argv.includes('--serve')) {
  // Child: N listeners on loopback, counting requests.
  const n = arg('pods', 100);
  let requests = 0;
  const servers: Server[] = [];
  for (let i = 0; i < n; i++) {
    const s = createServer((_req, res) => {
      requests++;
      res.end('ok');
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
  }
  process.on('message', (m) => {
    if (m === 'count') process.send!({ requests });
    if (m === 'exit') process.exit(0);
  });
  process.send!({ ports: servers.map((s) => (s.address() as AddressInfo).port) });
} else {
  const PODS = arg('pods', 100);
  const PER_POD = arg('probes-per-pod', 2);
  const PERIOD = arg('period', 10);
  const SECONDS = arg('seconds', 60);
  const child = fork(fileURLToPath(import.meta.url), ['--serve', '--pods', String(PODS)], { stdio: 'inherit' });
  const ask = <T>(m: string) => new Promise<T>((r) => child.once('message', (x) => r(x as T)));
  const { ports } = await new Promise<{ ports: number[] }>((r) => child.once('message', (x) => r(x as { ports: number[] })));
  let failures = 0;
  let changes = 0;
  const prober = new Prober({ onChange: () => changes++, onEvent: () => failures++ });
  const kinds: ProbeKind[] = (['readiness', 'liveness', 'startup'] as ProbeKind[]).slice(0, PER_POD);
  for (let i = 0; i < PODS; i++) {
    const probes: ProbedContainer['probes'] = {};
    for (const k of kinds) probes[k] = { httpGet: { port: 'http', path: `/${k}` }, periodSeconds: PERIOD };
    prober.syncPod(`pod-${i}`, [
      { podUid: `pod-${i}`, containerName: 'app', containerId: `c-${i}`, startedAt: Date.now(), podIP: '127.0.0.1', ports: [{ name: 'http', containerPort: ports[i]! }], probes },
    ]);
  }
  // Warm-up: one period, so every worker has run once (jitter) and JIT has settled.
  await sleep(PERIOD * 1000 + 500);
  child.send('count');
  const before = (await ask<{ requests: number }>('count')).requests;
  const [failures0, changes0] = [failures, changes];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  child.send('count');
  const requests = (await ask<{ requests: number }>('count')).requests - before;
  prober.stop();

  // The floor on this machine at this moment: bare TCP connect + close to the same listeners at the
  // same rate (what any probe opening a fresh connection, as kubelet's do, must pay).
  const rate = requests / (wallMs / 1000);
  const floorSeconds = Math.min(SECONDS, 20);
  const n = Math.round(rate * floorSeconds);
  const f0 = process.cpuUsage();
  const ft0 = performance.now();
  for (let i = 0; i < n; i++) {
    const due = ft0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    void new Promise<void>((r) => {
      const sock = connect(ports[i % ports.length]!, '127.0.0.1', () => sock.destroy());
      sock.on('close', () => r());
      sock.on('error', () => r());
    });
  }
  await sleep(200);
  const f = process.cpuUsage(f0);
  const floorMs = (f.user + f.system) / 1000;
  child.send('exit');
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const rows: Array<[string, string]> = [
    ['pods × HTTP probes per pod, period', `${PODS} × ${PER_POD}, ${PERIOD} s`],
    ['probes run in the window (server count)', `${requests} (${(requests / (wallMs / 1000)).toFixed(1)}/s)`],
    ['agent CPU over the window (user + system)', `${cpuMs.toFixed(0)} ms in ${(wallMs / 1000).toFixed(1)} s`],
    ['agent CPU, % of one core', `${((cpuMs / wallMs) * 100).toFixed(2)} %`],
    ['CPU per probe', `${(cpuMs / Math.max(1, requests)).toFixed(3)} ms`],
    ['floor: bare TCP connect+close at the same rate, CPU per connection', `${(floorMs / n).toFixed(3)} ms (${n} connections)`],
    ['load average during the run (2 vCPU)', os.loadavg().map((x) => x.toFixed(1)).join(' ')],
    ['failed runs / result changes in the window', `${failures - failures0} / ${changes - changes0}`],
  ];
  console.log('| measurement | result |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}
