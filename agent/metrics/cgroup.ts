// Pure parsing and arithmetic for container usage from cgroup files, as
// kubelet's cAdvisor reads them:
//   CPU: cumulative usage (cgroup v2 cpu.stat usage_usec, v1 cpuacct.usage in
//        ns); a rate needs two samples (metrics-server does the same).
//   memory working set: usage − inactive file pages (v2 memory.current −
//        memory.stat inactive_file; v1 memory.usage_in_bytes −
//        memory.stat total_inactive_file), floored at 0 — the number the
//        kubelet evicts on and `kubectl top` shows.
// Both hierarchies are handled: Raspberry Pi OS before Bookworm and many
// container hosts still mount cgroup v1 (or v2 "unified" beside v1).

import { posix } from 'node:path';

export interface CgroupMount {
  /** where the hierarchy is mounted, e.g. /sys/fs/cgroup/memory */
  mountPoint: string;
  /** which cgroup of the hierarchy the mount shows ("/" normally) */
  root: string;
}

export interface CgroupMounts {
  v2?: CgroupMount;
  /** v1 hierarchies by controller (cpu, cpuacct, memory, …) */
  v1: Map<string, CgroupMount>;
}

/** mountinfo escapes space, tab, newline and backslash as octal */
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** /proc/self/mountinfo → the cgroup hierarchies (first mount of each wins) */
export function parseMountinfo(text: string): CgroupMounts {
  const out: CgroupMounts = { v1: new Map() };
  for (const line of text.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const pre = line.slice(0, sep).split(' ');
    const post = line.slice(sep + 3).split(' ');
    if (pre.length < 5 || post.length < 3) continue;
    const mount: CgroupMount = { root: unescape(pre[3]!), mountPoint: unescape(pre[4]!) };
    if (post[0] === 'cgroup2') {
      out.v2 ??= mount;
    } else if (post[0] === 'cgroup') {
      for (const opt of post[2]!.split(',')) {
        if (opt === 'rw' || opt === 'ro' || opt.includes('=')) continue;
        if (!out.v1.has(opt)) out.v1.set(opt, mount);
      }
    }
  }
  return out;
}

export interface ProcCgroup {
  /** the unified (v2) path, from the `0::` line */
  v2?: string;
  /** v1 path by controller */
  v1: Map<string, string>;
}

/** /proc/<pid>/cgroup → the process's cgroup per hierarchy */
export function parseProcCgroup(text: string): ProcCgroup {
  const out: ProcCgroup = { v1: new Map() };
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    const b = line.indexOf(':', a + 1);
    if (a < 0 || b < 0) continue;
    const controllers = line.slice(a + 1, b);
    const path = line.slice(b + 1);
    if (line.slice(0, a) === '0' && controllers === '') out.v2 = path;
    else for (const c of controllers.split(',')) if (c) out.v1.set(c, path);
  }
  return out;
}

/** the directory of a cgroup on its mount; undefined when the mount does not show it */
export function cgroupDir(mount: CgroupMount, path: string): string | undefined {
  if (mount.root === '/') return posix.join(mount.mountPoint, path);
  if (path === mount.root) return mount.mountPoint;
  if (path.startsWith(mount.root + '/')) return posix.join(mount.mountPoint, path.slice(mount.root.length));
  return undefined;
}

/** "key value" lines (cpu.stat, memory.stat) → numbers */
export function parseFlatKeyed(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(' ');
    if (i <= 0) continue;
    const n = Number(line.slice(i + 1).trim());
    if (Number.isFinite(n)) out.set(line.slice(0, i), n);
  }
  return out;
}

/** where one container's usage is read; resolved once per container (its cgroup never moves) */
export interface CgroupFiles {
  cpu: { kind: 'v2'; file: string } | { kind: 'v1'; file: string };
  memory: { kind: 'v2' | 'v1'; usageFile: string; statFile: string };
}

/**
 * The files for a process's cgroup. v2 is preferred where its memory
 * controller is enabled (memory.current exists there); otherwise the v1
 * memory and cpuacct hierarchies. `exists` is injected so this stays pure.
 */
export function cgroupFiles(mounts: CgroupMounts, proc: ProcCgroup, exists: (file: string) => boolean): CgroupFiles | undefined {
  const v2dir = mounts.v2 && proc.v2 !== undefined ? cgroupDir(mounts.v2, proc.v2) : undefined;
  let memory: CgroupFiles['memory'] | undefined;
  if (v2dir && exists(posix.join(v2dir, 'memory.current'))) {
    memory = { kind: 'v2', usageFile: posix.join(v2dir, 'memory.current'), statFile: posix.join(v2dir, 'memory.stat') };
  } else {
    const m = mounts.v1.get('memory');
    const p = proc.v1.get('memory');
    const dir = m && p !== undefined ? cgroupDir(m, p) : undefined;
    if (dir) memory = { kind: 'v1', usageFile: posix.join(dir, 'memory.usage_in_bytes'), statFile: posix.join(dir, 'memory.stat') };
  }
  let cpu: CgroupFiles['cpu'] | undefined;
  const m = mounts.v1.get('cpuacct');
  const p = proc.v1.get('cpuacct');
  const v1dir = m && p !== undefined ? cgroupDir(m, p) : undefined;
  // cpu.stat's usage_usec exists in every v2 cgroup (core accounting), but on a
  // hybrid host the container sits in the v1 cpuacct hierarchy, which is exact
  if (v1dir && exists(posix.join(v1dir, 'cpuacct.usage'))) cpu = { kind: 'v1', file: posix.join(v1dir, 'cpuacct.usage') };
  else if (v2dir) cpu = { kind: 'v2', file: posix.join(v2dir, 'cpu.stat') };
  return cpu && memory ? { cpu, memory } : undefined;
}

/** cumulative CPU in nanoseconds from the cpu file's text */
export function cpuUsageNs(kind: 'v1' | 'v2', text: string): number | undefined {
  if (kind === 'v1') {
    const n = Number(text.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  const us = parseFlatKeyed(text).get('usage_usec');
  return us === undefined ? undefined : us * 1000;
}

/** working set = usage − inactive file, floored at 0 (cAdvisor) */
export function workingSetBytes(kind: 'v1' | 'v2', usageText: string, statText: string): number | undefined {
  const usage = Number(usageText.trim());
  if (!Number.isFinite(usage)) return undefined;
  const stat = parseFlatKeyed(statText);
  const inactive = (kind === 'v2' ? stat.get('inactive_file') : stat.get('total_inactive_file')) ?? 0;
  return Math.max(0, usage - inactive);
}

export interface CpuSample {
  /** cumulative CPU time, ns */
  usageNs: number;
  /** when read, ms since epoch */
  at: number;
}

/**
 * Nanocores between two samples of the same container. undefined when there
 * is no earlier sample, time did not advance, or the counter went backwards
 * (a new cgroup under the same id).
 */
export function cpuNanoCores(prev: CpuSample | undefined, cur: CpuSample): number | undefined {
  if (!prev) return undefined;
  const dtMs = cur.at - prev.at;
  const dNs = cur.usageNs - prev.usageNs;
  if (dtMs <= 0 || dNs < 0) return undefined;
  return Math.round((dNs * 1000) / dtMs);
}
