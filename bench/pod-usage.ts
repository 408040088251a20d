// Cost of pod usage sampling (kubectl top pods): what one status tick of the
// agent spends reading the cgroups of N running containers.
//   node dist/bench/pod-usage.js [--containers 10] [--samples 500] [--tick-s 10]
// Starts N busybox `sleep` containers on real containerd (ctr adapter, own
// containerd namespace, host network, no traffic) and calls
// PodUsageSampler.sample() over them `samples` times, measuring the process's
// CPU time (user+system, process.cpuUsage) per sample; the share of one core
// is that cost per `tick-s` seconds (the agent's status interval, 10 s).
// Needs root and containerd. Prints markdown.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CtrRuntime } from '../agent/runtime/ctr.js';
import { PodUsageSampler, type RunningContainer } from '../agent/metrics/pod-usage.js';
import { importTestImage, removeContainerdNamespace } from '../test/helpers/image.js';
import { randomSuffix } from '../test/helpers/netns.js';
import { arg } from './args.js';

const N = Number(arg('containers', '10'));
const SAMPLES = Number(arg('samples', '500'));
const TICK_S = Number(arg('tick-s', '10'));

const ns = `edgeplane-bench-${randomSuffix()}`;
const dir = await mkdtemp(join(tmpdir(), 'ep-bench-usage-'));
const rt = new CtrRuntime({ namespace: ns, stateDir: join(dir, 'state') });
try {
  const image = await importTestImage(ns);
  const running: RunningContainer[] = [];
  for (let i = 0; i < N; i++) {
    const id = `usage-${i}`;
    await rt.createContainer({ id, image, command: ['sleep', '3600'], netns: 'host' });
    await rt.startContainer(id);
    const s = await rt.containerStatus(id);
    if (!s.pid) throw new Error(`container ${id} has no pid`);
    running.push({ podUid: `uid-${i}`, podNamespace: 'default', podName: `pod-${i}`, name: 'main', id, pid: s.pid });
  }
  // a clock one tick apart per sample: the loop measures cost, the rate math needs a time span
  let clock = Date.now();
  const sampler = new PodUsageSampler({ now: () => (clock += TICK_S * 1000) });
  const first = await sampler.sample(running); // resolves the cgroup files once
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let last = first;
  for (let i = 0; i < SAMPLES; i++) last = await sampler.sample(running);
  const wallMs = (performance.now() - t0) / SAMPLES;
  const c = process.cpuUsage(cpu0);
  const cpuMs = (c.user + c.system) / 1000 / SAMPLES;
  const ws = last.pods.map((p) => p.containers[0]!.memoryWorkingSetBytes);
  const report = JSON.stringify(last).length;
  if (last.pods.length !== N) throw new Error(`expected ${N} pods in the report, got ${last.pods.length}`);
  console.log(`| containers | CPU per sample | wall per sample | share of one core at one sample per ${TICK_S} s | report size | working set per container |`);
  console.log('|---|---|---|---|---|---|');
  console.log(
    `| ${N} | ${cpuMs.toFixed(3)} ms | ${wallMs.toFixed(3)} ms | ${((cpuMs / (TICK_S * 1000)) * 100).toFixed(4)}% | ${report} B | ${Math.min(...ws)}–${Math.max(...ws)} B |`,
  );
} finally {
  await removeContainerdNamespace(ns);
  await rm(dir, { recursive: true, force: true });
}
