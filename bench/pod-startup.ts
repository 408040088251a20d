// Pod startup latency on real containerd + CNI: `node dist/bench/pod-startup.js [--pods 50] [--burst 0]`.
// Each pod (one busybox `sleep` container, image present, pod network through
// bridge/host-local inside a node netns made here, no route out) is added to
// the worker's desired set; latency = setDesired → first status with phase
// Running. Sequential by default (earlier pods keep running, so later pods
// see a fuller node); `--burst N` adds N pods in one setDesired call.
// Needs root and containerd (scripts/setup.sh). Prints a markdown table.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { importTestImage, removeContainerdNamespace } from '../test/helpers/image.js';
import { createTestNode, randomSuffix } from '../test/helpers/netns.js';
import { CtrRuntime } from '../agent/runtime/ctr.js';
import { CniNetwork } from '../agent/network/cni.js';
import { podNetworkConfig } from '../agent/network/cni-config.js';
import { deleteNetns } from '../agent/network/netns.js';
import { PodWorker } from '../agent/pods/worker.js';
import { sandboxName } from '../agent/pods/labels.js';
import type { KubeObject } from '../shared/api/object.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const PODS = arg('pods', 50);
const BURST = arg('burst', 0);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ns = `edgeplane-bench-${randomSuffix()}`;
const node = await createTestNode();
const dir = await mkdtemp(join(tmpdir(), 'ep-bench-pods-'));
const uids: string[] = [];
let worker: PodWorker | undefined;
try {
  const rt = new CtrRuntime({ namespace: ns, stateDir: join(dir, 'state') });
  const image = await importTestImage(ns);
  const running = new Map<string, () => void>();
  // First time each event reason was seen per pod: where startup time goes.
  const marks = new Map<string, Record<string, number>>();
  const begun = new Map<string, number>();
  const ended = new Map<string, number>();
  worker = new PodWorker({
    runtime: rt,
    network: new CniNetwork({ network: podNetworkConfig({ podCidr: '10.42.11.0/24', ipamDataDir: join(dir, 'ipam') }), cacheDir: join(dir, 'cni'), nodeNetns: node.name }),
    dataDir: join(dir, 'data'),
    hostIP: node.nodeIp,
    onEvent: (e) => {
      const k = `default/${e.pod.name}`;
      if (!marks.has(k)) marks.set(k, {});
      marks.get(k)![e.reason] ??= performance.now();
    },
    onStatus: (key, s) => {
      if (s.phase === 'Running') running.get(key)?.();
    },
  });
  await worker.start();
  const desired: KubeObject[] = [];
  const mk = (i: number): KubeObject => {
    const uid = randomUUID();
    uids.push(uid);
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'default', uid },
      spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'], resources: { limits: { memory: '16Mi' } } }] },
    };
  };
  const until = (key: string) => {
    begun.set(key, performance.now());
    return new Promise<void>((resolve) => running.set(key, () => {
      if (!ended.has(key)) ended.set(key, performance.now());
      resolve();
    }));
  };
  const lat: number[] = [];
  const t0 = performance.now();
  if (BURST > 0) {
    const pods = Array.from({ length: BURST }, (_, i) => mk(i));
    const waits = pods.map((p) => until(`default/${p.metadata.name}`).then(() => lat.push(performance.now() - start)));
    desired.push(...pods);
    const start = performance.now();
    worker.setDesired(desired);
    await Promise.all(waits);
  } else {
    for (let i = 0; i < PODS; i++) {
      const p = mk(i);
      desired.push(p);
      const w = until(`default/${p.metadata.name}`);
      const start = performance.now();
      worker.setDesired([...desired]);
      await w;
      lat.push(performance.now() - start);
    }
  }
  const total = performance.now() - t0;
  lat.sort((a, b) => a - b);
  const n = lat.length;
  const mode = BURST > 0 ? `${BURST} pods in one setDesired` : `${PODS} pods one after another`;
  console.log(`| pod startup (setDesired → Running, image present, ctr + CNI), ${mode} | value |`);
  console.log('|---|---|');
  console.log(`| p50 | ${pct(lat, 50).toFixed(0)} ms |`);
  console.log(`| p99 | ${pct(lat, 99).toFixed(0)} ms |`);
  console.log(`| min / max | ${lat[0]!.toFixed(0)} / ${lat[n - 1]!.toFixed(0)} ms |`);
  console.log(`| total for ${n} pods | ${(total / 1000).toFixed(1)} s |`);
  // Median time of each step from setDesired (sandbox + image check → Pulled; create → Created; start → Started; relist → Running).
  const steps: Record<string, number[]> = { Pulled: [], Created: [], Started: [], Running: [] };
  for (const [k, t0k] of begun) {
    const m = marks.get(k) ?? {};
    for (const r of ['Pulled', 'Created', 'Started']) if (m[r] !== undefined) steps[r]!.push(m[r]! - t0k);
    if (ended.has(k)) steps.Running!.push(ended.get(k)! - t0k);
  }
  console.log(`| median ms from setDesired to ${Object.entries(steps).map(([r, v]) => `${r} ${pct(v.sort((a, b) => a - b), 50)?.toFixed(0)}`).join(', ')} | |`);

  // Tear down through the worker: stop, remove, CNI DEL, netns delete.
  worker.setDesired([]);
  for (let i = 0; i < 60 && (await rt.listContainers()).length > 0; i++) await worker.syncNow();
} finally {
  await worker?.stop();
  await removeContainerdNamespace(ns);
  for (const uid of uids) await deleteNetns(sandboxName(uid)).catch(() => undefined);
  await node.destroy();
  await rm(dir, { recursive: true, force: true });
}
