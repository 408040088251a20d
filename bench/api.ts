// API benchmark (issue #2 targets), against a real server process on loopback:
//   with 10,000 pods stored and 100 concurrent clients: pod creates/s and
//   latency; LIST of all pods; watch delivery latency after commit; server RSS;
//   bytes the idle server writes.
// Run: npm run build && node dist/bench/api.js [--preload 10000] [--creates 5000] [--idle-seconds 60]

import { Agent } from 'node:https';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openRequest, SERVER_NODE_ARGS, startServer, tempDir, type ServerHandle } from '../test/helpers/server.js';

const { values } = parseArgs({
  options: {
    preload: { type: 'string', default: '10000' },
    creates: { type: 'string', default: '5000' },
    clients: { type: 'string', default: '100' },
    'idle-seconds': { type: 'string', default: '60' },
    'node-args': { type: 'string' },
    // pods created unbound (as a Deployment's are before scheduling): no desired-state publishing
    unbound: { type: 'boolean', default: false },
  },
});
const PRELOAD = Number(values.preload);
const CREATES = Number(values.creates);
const CLIENTS = Number(values.clients);
const IDLE_SECONDS = Number(values['idle-seconds']);

function pod(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench', shard: String(name.length % 7) } },
    spec: {
      ...(values.unbound ? {} : { nodeName: `node-${name.length % 50}` }),
      containers: [{ name: 'app', image: 'registry.local/app:1.0', ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '50m', memory: '32Mi' } } }],
    },
  };
}

async function httpCall(s: ServerHandle, agent: Agent, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await openRequest(s, method, path, body === undefined ? undefined : JSON.stringify(body), { agent });
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return { status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') };
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function createPods(s: ServerHandle, agent: Agent, prefix: string, n: number, onAck?: (name: string, t: number) => void) {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < n) {
        const name = `${prefix}-${next++}`;
        const t0 = performance.now();
        const r = await httpCall(s, agent, 'POST', '/api/v1/namespaces/default/pods', pod(name));
        const t1 = performance.now();
        if (r.status !== 201) throw new Error(`create ${name}: ${r.status} ${r.text}`);
        latencies.push(t1 - t0);
        onAck?.(name, t1);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { rate: n / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99), max: latencies[latencies.length - 1] };
}

/** sizes and mtimes of every file under dir, as one comparable string */
async function dirState(dir: string): Promise<string> {
  const out: string[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath ?? (e as any).path, e.name);
    const st = await stat(p);
    out.push(`${p}:${st.size}:${st.mtimeMs}`);
  }
  return out.sort().join('\n');
}

async function procStat(pid: number) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  let wchar = NaN;
  let writeBytes = NaN;
  try {
    const io = await readFile(`/proc/${pid}/io`, 'utf8');
    wchar = Number(/wchar:\s+(\d+)/.exec(io)?.[1]);
    writeBytes = Number(/^write_bytes:\s+(\d+)/m.exec(io)?.[1]);
  } catch {
    /* not readable here */
  }
  return { rssMb: rssKb / 1024, wchar, writeBytes };
}

/** Watch pods and record arrival time per name. */
async function watchPods(s: ServerHandle, fromRv: string, arrivals: Map<string, number>): Promise<() => void> {
  const res = await openRequest(s, 'GET', `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${fromRv}`);
  let buf = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    const now = performance.now();
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const name = /"name":"([^"]+)"/.exec(line)?.[1];
      if (name && !arrivals.has(name)) arrivals.set(name, now);
    }
  });
  res.on('error', () => undefined);
  return () => res.destroy();
}

async function main() {
  const dataDir = await tempDir('edgeplane-bench-');
  // default: the flags the server ships with; --node-args='' compares Node's defaults
  const nodeArgs = values['node-args'] === undefined ? SERVER_NODE_ARGS : values['node-args'].split(' ').filter(Boolean);
  const s = await startServer({ dataDir, nodeArgs });
  console.log(`server node flags: ${nodeArgs.join(' ') || '(none)'}; pods ${values.unbound ? 'unbound' : 'bound to 50 nodes'}`);
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const rows: string[][] = [];
  try {
    const preload = await createPods(s, agent, 'pre', PRELOAD);
    rows.push([`pod creates, empty → ${PRELOAD} pods, ${CLIENTS} clients`, `${preload.rate.toFixed(0)}/s`, `p50 ${preload.p50.toFixed(1)} ms, p99 ${preload.p99.toFixed(1)} ms`]);

    const listTimes: number[] = [];
    let listRv = '';
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const r = await httpCall(s, agent, 'GET', '/api/v1/pods');
      listTimes.push(performance.now() - t0);
      const body = JSON.parse(r.text);
      if (body.items.length !== PRELOAD) throw new Error(`list returned ${body.items.length}`);
      listRv = body.metadata.resourceVersion;
    }
    listTimes.sort((a, b) => a - b);
    rows.push([`LIST all ${PRELOAD} pods (JSON, ${10} runs)`, `p50 ${pct(listTimes, 50).toFixed(0)} ms`, `max ${listTimes[listTimes.length - 1].toFixed(0)} ms`]);

    const afterPreload = await procStat(s.proc.pid!);
    rows.push([`server RSS with ${PRELOAD} pods`, `${afterPreload.rssMb.toFixed(0)} MB`, '']);

    const arrivals = new Map<string, number>();
    const stop = await watchPods(s, listRv, arrivals);
    const acks = new Map<string, number>();
    const loaded = await createPods(s, agent, 'load', CREATES, (name, t) => acks.set(name, t));
    rows.push([`pod creates with ${PRELOAD} stored, ${CLIENTS} clients (${CREATES} creates)`, `${loaded.rate.toFixed(0)}/s`, `p50 ${loaded.p50.toFixed(1)} ms, p99 ${loaded.p99.toFixed(1)} ms, max ${loaded.max.toFixed(1)} ms`]);
    const deadline = Date.now() + 10000;
    while (arrivals.size < CREATES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    stop();
    // delivery after commit: event arrival minus the ack's arrival at the client
    // (the ack is sent right after the commit; negative = event came first)
    const delays = [...acks].map(([n, t]) => Math.max(0, (arrivals.get(n) ?? Infinity) - t)).sort((a, b) => a - b);
    rows.push([`watch delivery after commit, under that load (${arrivals.size}/${CREATES} seen)`, `p50 ${pct(delays, 50).toFixed(1)} ms`, `p99 ${pct(delays, 99).toFixed(1)} ms`]);

    const loadedStat = await procStat(s.proc.pid!);
    rows.push([`server RSS with ${PRELOAD + CREATES} pods`, `${loadedStat.rssMb.toFixed(0)} MB`, '']);

    // idle: no clients at all for IDLE_SECONDS. write_bytes counts what the
    // process sent to storage; the data dir's files are checked too.
    agent.destroy();
    await new Promise((r) => setTimeout(r, 1000));
    const before = await procStat(s.proc.pid!);
    const filesBefore = await dirState(dataDir);
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const afterIdle = await procStat(s.proc.pid!);
    const filesAfter = await dirState(dataDir);
    const disk = afterIdle.writeBytes - before.writeBytes;
    rows.push([
      `idle server, ${IDLE_SECONDS} s: bytes written to storage (/proc/pid/io write_bytes)`,
      `${disk} B`,
      `→ ${((disk * 3600) / IDLE_SECONDS).toFixed(0)} B/hour; data dir ${filesBefore === filesAfter ? 'unchanged' : 'CHANGED'}; all write() calls incl. sockets: ${afterIdle.wchar - before.wchar} B`,
    ]);
    rows.push([`server RSS with ${PRELOAD + CREATES} pods after the idle period`, `${afterIdle.rssMb.toFixed(0)} MB`, 'steady state (V8 shrinks the heap once allocation stops)']);
  } finally {
    agent.destroy();
    await s.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log('| measurement | result | detail |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

await main();
