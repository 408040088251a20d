// Store benchmark: `node dist/bench/store.js [--objects 10000] [--writes 10000]`.
// With N objects already stored, measures: create throughput with 100
// concurrent writers (creates/s, latency), LIST of N, watch delivery latency
// after commit, RSS, open time (snapshot load and journal replay), and bytes
// written while idle. Prints a markdown table (docs/benchmarks.md, "## Store").

import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../shared/api/object.js';
import { openJsonStore, type JsonFileStore, type ObjectKey } from '../server/store/index.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

const OBJECTS = arg('objects', 10_000);
const WRITES = arg('writes', 10_000);
const WRITERS = arg('writers', 100);
const IDLE_SECONDS = arg('idle-seconds', 10);

/** A pod of realistic size (~1.5 KB of JSON). */
function pod(ns: string, name: string, i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      uid: `6f1c2d3e-${String(i).padStart(4, '0')}-4a5b-8c9d-0e1f2a3b4c5d`,
      creationTimestamp: '2025-01-01T00:00:00Z',
      generation: 1,
      labels: { app: 'web', tier: 'frontend', 'pod-template-hash': '7d9f8c6b5' },
      annotations: { 'edgeplane.io/note': 'benchmark object' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f8c6b5', uid: 'rs-uid', controller: true }],
    },
    spec: {
      nodeName: `node-${i % 50}`,
      restartPolicy: 'Always',
      containers: [
        {
          name: 'web',
          image: 'registry.local/web:1.2.3',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          env: [
            { name: 'MODE', value: 'production' },
            { name: 'LOG_LEVEL', value: 'info' },
          ],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
        },
      ],
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    },
    status: {
      phase: 'Running',
      podIP: `10.42.${i % 250}.${(i * 7) % 250}`,
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:05Z' },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-01-01T00:00:01Z' },
      ],
      containerStatuses: [{ name: 'web', ready: true, restartCount: 0, image: 'registry.local/web:1.2.3', state: { running: { startedAt: '2025-01-01T00:00:04Z' } } }],
    },
  };
}

const key = (ns: string, name: string): ObjectKey => ({ resource: 'pods', namespace: ns, name });

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const ms = (x: number) => `${x.toFixed(x < 1 ? 3 : x < 10 ? 2 : 1)} ms`;
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

async function timeOpen(dataDir: string): Promise<{ millis: number; replayed: number; store: JsonFileStore }> {
  const t0 = performance.now();
  const store = await openJsonStore({ dataDir });
  return { millis: performance.now() - t0, replayed: store.stats().replayedRecords, store };
}

async function main(): Promise<void> {
  const rows: Array<[string, string]> = [];
  const root = await mkdtemp(join(tmpdir(), 'edgeplane-bench-store-'));
  try {
    const dataDir = join(root, 'a');
    const store = await openJsonStore({ dataDir });

    // Preload N objects (64 concurrent writers).
    let t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        for (let i = next++; i < OBJECTS; i = next++) await store.create(key('bench', `pod-${i}`), pod('bench', `pod-${i}`, i));
      }),
    );
    rows.push([`preload ${OBJECTS} objects (64 writers)`, `${((OBJECTS / (performance.now() - t0)) * 1000).toFixed(0)} creates/s`]);
    const objBytes = Buffer.byteLength(JSON.stringify(pod('bench', 'pod-1', 1)));

    // Create throughput with N concurrent writers, each awaiting its own creates.
    const lat: number[] = [];
    const s0 = store.stats();
    next = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (let i = next++; i < WRITES; i = next++) {
          const a = performance.now();
          await store.create(key('load', `pod-${i}`), pod('load', `pod-${i}`, i));
          lat.push(performance.now() - a);
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    const s1 = store.stats();
    lat.sort((a, b) => a - b);
    rows.push([`create throughput (${WRITERS} concurrent writers, ${WRITES} creates)`, `${(WRITES / secs).toFixed(0)} creates/s`]);
    rows.push(['create latency p50 / p99', `${ms(pct(lat, 50))} / ${ms(pct(lat, 99))}`]);
    rows.push(['group commit: writes per fsync', `${((s1.writes - s0.writes) / (s1.fsyncs - s0.fsyncs)).toFixed(1)} (${s1.commits - s0.commits} commits)`]);

    // LIST of N objects: warm (sorted view cached) and cold (after a write to the resource).
    const warm: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < 30; i++) {
      await store.update(key('bench', 'pod-0'), pod('bench', 'pod-0', i));
      let a = performance.now();
      const r = await store.list('pods', 'bench');
      cold.push(performance.now() - a);
      if (r.items.length !== OBJECTS) throw new Error(`list returned ${r.items.length}`);
      a = performance.now();
      await store.list('pods', 'bench');
      warm.push(performance.now() - a);
    }
    warm.sort((a, b) => a - b);
    cold.sort((a, b) => a - b);
    rows.push([`LIST ${OBJECTS} (one namespace, store holds ${s1.objects}) p50, cached order`, ms(pct(warm, 50))]);
    rows.push([`LIST ${OBJECTS} p50, right after a write (re-sort)`, ms(pct(cold, 50))]);

    // Watch delivery latency: from the write's ack to the watcher callback.
    const acked = new Map<string, number>();
    const seen = new Map<string, number>();
    const w = store.watch({ resource: 'pods', namespace: 'watch', fromRevision: store.revision() }, (e) => seen.set(e.object.metadata.name!, performance.now()));
    const started = new Map<string, number>();
    next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = next++; i < 2000; i = next++) {
          const name = `pod-${i}`;
          started.set(name, performance.now());
          await store.create(key('watch', name), pod('watch', name, i));
          acked.set(name, performance.now());
        }
      }),
    );
    while (seen.size < 2000) await new Promise((r) => setImmediate(r));
    w.close();
    const afterAck = [...acked].map(([n, t]) => seen.get(n)! - t).sort((a, b) => a - b);
    const endToEnd = [...started].map(([n, t]) => seen.get(n)! - t).sort((a, b) => a - b);
    rows.push(['watch delivery after commit ack p50 / p99', `${ms(pct(afterAck, 50))} / ${ms(pct(afterAck, 99))}`]);
    rows.push(['watch create-call-to-event p50 / p99 (10 writers)', `${ms(pct(endToEnd, 50))} / ${ms(pct(endToEnd, 99))}`]);

    const total = store.stats();
    global.gc?.();
    rows.push([`RSS with ${total.objects} objects (~${objBytes} B JSON each)`, mib(process.memoryUsage().rss)]);
    rows.push(['journal size before snapshot', mib(total.journalBytes)]);

    // Idle: no bytes, no fsyncs.
    const idle0 = store.stats();
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idle1 = store.stats();
    rows.push([`bytes written while idle (${IDLE_SECONDS} s)`, `${idle1.bytesWritten - idle0.bytesWritten} B, ${idle1.fsyncs - idle0.fsyncs} fsyncs`]);

    // Open after a crash: copy the files while the store is open (everything is in the journal).
    const crashDir = join(root, 'crash');
    await cp(dataDir, crashDir, { recursive: true, filter: (src) => !src.endsWith('LOCK') });
    const replay = await timeOpen(crashDir);
    rows.push([`open after crash: replay ${replay.replayed} journal records`, ms(replay.millis)]);
    await replay.store.close();

    // Clean close writes a snapshot; open loads it.
    t0 = performance.now();
    await store.close();
    rows.push([`close (writes snapshot of ${total.objects} objects)`, ms(performance.now() - t0)]);
    const snap = await timeOpen(dataDir);
    rows.push([`open from snapshot (${snap.store.stats().objects} objects, ${snap.replayed} replayed)`, ms(snap.millis)]);
    await snap.store.close();

    console.log(`Store benchmark: Node ${process.version}, ${process.platform}/${process.arch}, fsync on, data in ${tmpdir()}\n`);
    console.log('| measurement | result |\n|---|---|');
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
