// Rollout benchmark (issue #4): a 1,000-replica Deployment rolled to a new
// image on 500 hollow nodes, against a real server process on loopback.
// Nodes are Node objects created directly; the server's scheduler binds the
// pods, and the driver, standing in for the agents, reports each bound pod
// Running/Ready through the pods' /status subresource. With --bind the driver
// binds pods round-robin itself through pods/binding (racing the scheduler;
// what this benchmark did before the server had one). Measures the time for
// the initial rollout and for the image rollout, and the server's peak RSS.
// Run: npm run build && node dist/bench/rollout.js [--replicas 1000] [--nodes 500] [--workers 32] [--bind]

import { Agent } from 'node:https';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openRequest, startServer, type ServerHandle } from '../test/helpers/server.js';

const { values } = parseArgs({
  options: {
    replicas: { type: 'string', default: '1000' },
    nodes: { type: 'string', default: '500' },
    workers: { type: 'string', default: '32' },
    bind: { type: 'boolean', default: false },
  },
});
const REPLICAS = Number(values.replicas);
const NODES = Number(values.nodes);
const WORKERS = Number(values.workers);
const BIND = values.bind === true;
const NS = '/api/v1/namespaces/default';
const DEP = '/apis/apps/v1/namespaces/default/deployments';

async function call(s: ServerHandle, agent: Agent, method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; body: any }> {
  const res = await openRequest(s, method, path, body === undefined ? undefined : JSON.stringify(body), { agent, contentType });
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode ?? 0, body: parsed };
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** newline-delimited watch events, handed to `on` */
async function watch(s: ServerHandle, path: string, on: (ev: any) => void): Promise<() => void> {
  const res = await openRequest(s, 'GET', path);
  let buf = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.trim()) on(JSON.parse(line));
    }
  });
  res.on('error', () => undefined);
  return () => res.destroy();
}

function isReady(p: any): boolean {
  return (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

async function main(): Promise<void> {
  const s = await startServer();
  const pid = s.proc.pid!;
  const agent = new Agent({ keepAlive: true, maxSockets: WORKERS + 4, ca: s.ca });
  let peak = await rssMb(pid);
  const idleRss = peak;
  const sampler = setInterval(() => void rssMb(pid).then((m) => (peak = Math.max(peak, m))).catch(() => undefined), 100);
  try {
    // hollow nodes
    for (let i = 0; i < NODES; i += WORKERS) {
      await Promise.all(
        Array.from({ length: Math.min(WORKERS, NODES - i) }, (_, j) =>
          call(s, agent, 'POST', '/api/v1/nodes', {
            apiVersion: 'v1',
            kind: 'Node',
            metadata: { name: `hollow-${i + j}`, labels: { 'kubernetes.io/arch': 'arm64' } },
            status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { cpu: '4', memory: '4Gi', pods: '110' } },
          }),
        ),
      );
    }
    // the pod driver: a bound pod is reported Running/Ready (an unbound one waits
    // for the scheduler, or is bound round-robin with --bind); the queue holds
    // names and the newest version of each pod, so a binding seen while the pod
    // waits in the queue is not lost
    let nextNode = 0;
    let bound = 0;
    const queue: string[] = [];
    const queued = new Set<string>();
    const latest = new Map<string, any>();
    let marked = 0;
    const work = async () => {
      for (;;) {
        const name = queue.shift();
        if (name === undefined) {
          await new Promise((r) => setTimeout(r, 5));
          if (stop) return;
          continue;
        }
        queued.delete(name);
        const pod = latest.get(name);
        if (!pod || isReady(pod)) continue;
        if (!pod.spec.nodeName) {
          if (!BIND) continue; // the binding's watch event queues it again
          const r = await call(s, agent, 'POST', `${NS}/pods/${name}/binding`, {
            apiVersion: 'v1',
            kind: 'Binding',
            metadata: { name },
            target: { apiVersion: 'v1', kind: 'Node', name: `hollow-${nextNode++ % NODES}` },
          });
          if (r.status === 201 || r.status === 200) bound++;
          else if (r.status !== 409) continue; // gone
        }
        const t = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        const body = { apiVersion: 'v1', kind: 'Pod', metadata: { name }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t }] } };
        const r = await call(s, agent, 'PUT', `${NS}/pods/${name}/status`, body);
        if (r.status === 200) marked++;
      }
    };
    let stop = false;
    const closePods = await watch(s, `${NS}/pods?watch=true`, (ev) => {
      const p = ev.object;
      const name = p.metadata.name;
      if (ev.type === 'DELETED') {
        latest.delete(name);
        return;
      }
      latest.set(name, p);
      if (isReady(p) || queued.has(name)) return;
      queued.add(name);
      queue.push(name);
    });
    const workers = Array.from({ length: WORKERS }, work);
    let dep: any;
    const closeDep = await watch(s, `${DEP}?watch=true`, (ev) => (dep = ev.object));
    const complete = (image: string) =>
      !!dep &&
      dep.metadata.generation === dep.status?.observedGeneration &&
      dep.spec.template.spec.containers[0].image === image &&
      dep.status.updatedReplicas === REPLICAS &&
      dep.status.replicas === REPLICAS &&
      dep.status.availableReplicas === REPLICAS;
    const waitFor = async (image: string) => {
      while (!complete(image)) await new Promise((r) => setTimeout(r, 20));
    };
    let t0 = performance.now();
    const created = await call(s, agent, 'POST', DEP, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bench' },
      spec: {
        replicas: REPLICAS,
        selector: { matchLabels: { app: 'bench' } },
        template: { metadata: { labels: { app: 'bench' } }, spec: { containers: [{ name: 'app', image: 'registry.local/app:1', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
      },
    });
    if (created.status !== 201) throw new Error(`create: ${JSON.stringify(created.body)}`);
    await waitFor('registry.local/app:1');
    const initial = (performance.now() - t0) / 1000;
    const rssAfterInitial = await rssMb(pid);
    const peakInitial = peak;
    t0 = performance.now();
    const patched = await call(s, agent, 'PATCH', `${DEP}/bench`, { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.local/app:2' }] } } } }, 'application/strategic-merge-patch+json');
    if (patched.status !== 200) throw new Error(`patch: ${JSON.stringify(patched.body)}`);
    await waitFor('registry.local/app:2');
    // finished when the last old pod is gone too
    const podCount = async () => (await call(s, agent, 'GET', `${NS}/pods?labelSelector=app%3Dbench`)).body.items.length;
    while ((await podCount()) !== REPLICAS) await new Promise((r) => setTimeout(r, 20));
    const rollout = (performance.now() - t0) / 1000;
    stop = true;
    closePods();
    closeDep();
    await Promise.all(workers);
    const rows: Array<[string, string]> = [
      ['nodes (Node objects) / replicas', `${NODES} / ${REPLICAS}`],
      ['pods bound by', BIND ? `the benchmark (--bind, racing the scheduler): ${bound}` : 'the scheduler'],
      ['initial rollout: create → all available', `${initial.toFixed(1)} s`],
      ['image rollout (maxSurge 25%, maxUnavailable 25%): patch → complete, old pods gone', `${rollout.toFixed(1)} s`],
      ['pod status writes by the driver (both rollouts)', String(marked)],
      ['server RSS idle (before) / after the initial rollout', `${idleRss.toFixed(0)} MB / ${rssAfterInitial.toFixed(0)} MB`],
      ['server peak RSS: initial rollout / whole run', `${peakInitial.toFixed(0)} MB / ${peak.toFixed(0)} MB`],
    ];
    console.log('| measurement | result |\n|---|---|');
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  } finally {
    clearInterval(sampler);
    agent.destroy();
    await s.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
