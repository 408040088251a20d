// Pure command-line builders and output parsers for containerd's `ctr`
// (1.6 flags; see docs/runtime.md). Kept free of I/O so they are unit-tested.
import { cpuQuotaUs, CPU_PERIOD_US, type ContainerSpec } from './types.js';
import { normalizeImageRef } from './image-ref.js';

export function ctrGlobal(address: string, namespace: string): string[] {
  return ['-a', address, '-n', namespace];
}

/** `ctr containers create` arguments (after the global flags). */
export function ctrCreateArgs(spec: ContainerSpec, entrypoint?: string[]): string[] {
  const a = ['containers', 'create'];
  for (const [k, v] of Object.entries(spec.env ?? {})) a.push('--env', `${k}=${v}`);
  if (spec.workingDir) a.push('--cwd', spec.workingDir);
  for (const m of spec.mounts ?? []) {
    a.push('--mount', `type=bind,src=${m.hostPath},dst=${m.containerPath},options=rbind:${m.readOnly ? 'ro' : 'rw'}`);
  }
  if (spec.memoryLimitBytes) a.push('--memory-limit', String(spec.memoryLimitBytes));
  if (spec.cpuLimitMillis) a.push('--cpu-quota', String(cpuQuotaUs(spec.cpuLimitMillis)), '--cpu-period', String(CPU_PERIOD_US));
  if (spec.netns === 'host') a.push('--net-host');
  else if (spec.netns) a.push('--with-ns', `network:${spec.netns}`);
  for (const [k, v] of Object.entries(spec.labels ?? {})) a.push('--label', `${k}=${v}`);
  a.push('--', normalizeImageRef(spec.image), spec.id);
  a.push(...processArgs(spec, entrypoint));
  return a;
}

/**
 * Kubernetes semantics: `command` replaces the image entrypoint, `args` the
 * image cmd. ctr only takes a whole argv, so `args` alone needs the image's
 * entrypoint (passed in by the caller); nothing given keeps the image default.
 */
export function processArgs(spec: Pick<ContainerSpec, 'command' | 'args'>, entrypoint?: string[]): string[] {
  if (spec.command?.length) return [...spec.command, ...(spec.args ?? [])];
  if (spec.args?.length) return [...(entrypoint ?? []), ...spec.args];
  return [];
}

export interface CtrTask {
  id: string;
  pid: number;
  status: string;
}

/** Parses `ctr tasks ls` (TASK PID STATUS). */
export function parseTaskList(out: string): CtrTask[] {
  const tasks: CtrTask[] = [];
  for (const line of out.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 3) continue;
    tasks.push({ id: f[0]!, pid: Number(f[1]), status: f[2]! });
  }
  return tasks;
}

/** Parses one-per-line output (`ctr ... ls -q`). */
export function parseLines(out: string): string[] {
  return out.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** containerd filter that matches all given labels. */
/**
 * ctr filter arguments selecting containers with every label of `sel`. One
 * argument: containerd ORs separate filter arguments (filters.ParseAll → Any)
 * and ANDs the comma-separated parts of one, so `{uid, name}` as two arguments
 * matched every container named `main` of every pod (exec and logs then went
 * to another pod's container).
 */
export function labelFilters(sel: Record<string, string>): string[] {
  const parts = Object.entries(sel).map(([k, v]) => `labels.${JSON.stringify(k)}==${JSON.stringify(v)}`);
  return parts.length ? [parts.join(',')] : [];
}

/** Parses the `Server: Version:` line of `ctr version`. */
export function parseCtrVersion(out: string): string {
  const server = out.split(/^Server:/m)[1] ?? out;
  const m = /Version:\s*(\S+)/.exec(server);
  return m ? m[1]! : 'unknown';
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** ctr's pull progress redraws a table with escape codes; keep the readable lines. */
export function progressLines(chunk: string): string[] {
  return chunk
    .replace(ANSI, '\n')
    .split(/[\r\n]+/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l.length > 0 && !/^REF\b/.test(l));
}

/** `ctr tasks delete` exits 0 and only warns "task X exit with non-zero exit code N" on stderr. */
export function parseDeleteExitCode(stderr: string): number {
  const m = /exit with non-zero exit code (\d+)/.exec(stderr);
  return m ? Number(m[1]) : 0;
}

/** One line of `ctr events`: `<date> <time> <offset> <zone> <namespace> <topic> <json>`. */
export interface CtrEvent {
  namespace: string;
  topic: string;
  containerId?: string;
  /** the process of a task event: the container id for its init process, else an exec id */
  processId?: string;
}

export function parseCtrEvent(line: string): CtrEvent | undefined {
  const m = /^\S+ \S+ \S+ \S+ (\S+) (\/\S+)\s*(.*)$/.exec(line.trim());
  if (!m) return undefined;
  const ev: CtrEvent = { namespace: m[1]!, topic: m[2]! };
  try {
    const body = JSON.parse(m[3] || '{}') as { container_id?: string; id?: string; exec_id?: string };
    if (ev.topic.startsWith('/containers/')) ev.containerId = body.id;
    else {
      ev.containerId = body.container_id;
      ev.processId = body.exec_id ?? body.id;
    }
  } catch {
    /* topic alone is enough */
  }
  return ev;
}

/**
 * Whether an event changes what a relist observes: containers created,
 * updated or deleted, and their init processes created, started, exited,
 * deleted, OOM-killed, paused. Exec'd processes (exec probes, `edgectl exec`)
 * and snapshot/image/content events do not, so they do not cost a relist.
 */
export function changesContainers(e: CtrEvent): boolean {
  if (e.topic.startsWith('/containers/')) return true;
  if (!e.topic.startsWith('/tasks/') || e.topic.startsWith('/tasks/exec-')) return false;
  return !e.processId || e.processId === e.containerId;
}
