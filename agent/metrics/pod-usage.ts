// Samples the CPU and memory of the node's running containers from their
// cgroup files, once per status tick (no timer of its own). Per container:
// /proc/<pid>/cgroup is read once to find its cgroup (it never moves), then
// each tick reads two or three small files — a few syscalls per container,
// nothing spawned. The CPU rate is over the time since the previous tick.

import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { PodMetricsReport, PodUsage } from '../../shared/mqtt/pod-metrics.js';
import {
  cgroupFiles,
  cpuNanoCores,
  cpuUsageNs,
  parseMountinfo,
  parseProcCgroup,
  workingSetBytes,
  type CgroupFiles,
  type CgroupMounts,
  type CpuSample,
} from './cgroup.js';

/** one running container of a pod, as the pod worker last observed it */
export interface RunningContainer {
  podUid: string;
  podNamespace: string;
  podName: string;
  /** the container's name in the pod spec */
  name: string;
  /** runtime id (changes with every restart) */
  id: string;
  /** the task's init process on the host */
  pid: number;
}

export interface ContainerReading {
  cpu: CpuSample;
  memoryWorkingSetBytes: number;
}

export interface PodUsageSamplerOptions {
  /** /proc (tests in another mount namespace may point elsewhere) */
  procRoot?: string;
  now?: () => number;
}

export class PodUsageSampler {
  private readonly procRoot: string;
  private readonly now: () => number;
  private mounts?: CgroupMounts;
  /** container id → its cgroup files (null: not readable, do not retry every tick) */
  private readonly files = new Map<string, { pid: number; files: CgroupFiles | null }>();
  private readonly prev = new Map<string, CpuSample>();
  private lastAt: number | undefined;

  constructor(o: PodUsageSamplerOptions = {}) {
    this.procRoot = o.procRoot ?? '/proc';
    this.now = o.now ?? Date.now;
  }

  /** CPU time and working set of one process's cgroup now; undefined when unreadable */
  async read(id: string, pid: number): Promise<ContainerReading | undefined> {
    this.mounts ??= parseMountinfo(await readFile(`${this.procRoot}/self/mountinfo`, 'utf8'));
    let f = this.files.get(id);
    if (!f || f.pid !== pid) {
      let files: CgroupFiles | null = null;
      try {
        const proc = parseProcCgroup(await readFile(`${this.procRoot}/${pid}/cgroup`, 'utf8'));
        files = cgroupFiles(this.mounts, proc, existsSync) ?? null;
      } catch {
        /* the process is gone: the next observation has a new pid or none */
      }
      f = { pid, files };
      this.files.set(id, f);
    }
    if (!f.files) return undefined;
    const { cpu, memory } = f.files;
    try {
      // synchronous on purpose: cgroup files are kernel-generated, never wait on storage, and
      // three tiny sync reads cost a fraction of the threadpool round trips of async ones
      const cpuText = readFileSync(cpu.file, 'utf8');
      const usageText = readFileSync(memory.usageFile, 'utf8');
      const statText = readFileSync(memory.statFile, 'utf8');
      const usageNs = cpuUsageNs(cpu.kind, cpuText);
      const ws = workingSetBytes(memory.kind, usageText, statText);
      if (usageNs === undefined || ws === undefined) return undefined;
      return { cpu: { usageNs, at: this.now() }, memoryWorkingSetBytes: ws };
    } catch {
      this.files.delete(id); // cgroup removed (container exited): resolve again if it is still listed
      return undefined;
    }
  }

  /**
   * One sample of every running container → the report of the pods whose
   * containers all have a CPU rate (a container's first sample has none, as
   * with metrics-server, so a new pod appears from its second tick on).
   */
  async sample(containers: readonly RunningContainer[]): Promise<PodMetricsReport> {
    const readings = await Promise.all(containers.map(async (c) => ({ c, r: await this.read(c.id, c.pid) })));
    const at = this.now();
    const windowMs = this.lastAt === undefined ? 0 : at - this.lastAt;
    this.lastAt = at;
    const pods = new Map<string, PodUsage | null>();
    const live = new Set<string>();
    for (const { c, r } of readings) {
      live.add(c.id);
      const before = this.prev.get(c.id);
      const rate = r ? cpuNanoCores(before, r.cpu) : undefined;
      // keep the older sample when no time passed (two samples in one ms): the rate needs a span
      if (r && (!before || r.cpu.at !== before.at)) this.prev.set(c.id, r.cpu);
      if (pods.get(c.podUid) === null) continue;
      if (!r || rate === undefined) {
        pods.set(c.podUid, null); // incomplete pod: a partial sum would under-report it
        continue;
      }
      const p = pods.get(c.podUid) ?? { namespace: c.podNamespace, name: c.podName, uid: c.podUid, containers: [] };
      p.containers.push({ name: c.name, cpuNanoCores: rate, memoryWorkingSetBytes: r.memoryWorkingSetBytes });
      pods.set(c.podUid, p);
    }
    // containers that stopped or restarted (new id): forget their state
    for (const id of [...this.prev.keys()]) if (!live.has(id)) this.prev.delete(id);
    for (const id of [...this.files.keys()]) if (!live.has(id)) this.files.delete(id);
    const list = [...pods.values()].filter((p): p is PodUsage => p !== null);
    for (const p of list) p.containers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { timestamp: at, windowMs, pods: list };
  }
}
