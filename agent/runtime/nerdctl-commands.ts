// Pure command-line builders and output parsers for nerdctl (Docker-compatible
// flags; `--network ns:<path>` needs nerdctl 2.x). Unit-tested, since nerdctl
// is not packaged for Debian and cannot run in CI.
import { cpuQuotaUs, CPU_PERIOD_US, type ContainerInfo, type ContainerSpec, type ContainerStatus } from './types.js';
import { normalizeImageRef } from './image-ref.js';

export function nerdctlGlobal(address: string, namespace: string): string[] {
  return ['--address', address, '--namespace', namespace];
}

export function nerdctlCreateArgs(spec: ContainerSpec): string[] {
  const a = ['create', '--name', spec.id, '--pull', 'never'];
  // nerdctl would otherwise attach its own default CNI network: the agent owns pod networking.
  a.push('--network', spec.netns === 'host' ? 'host' : spec.netns ? `ns:${spec.netns}` : 'none');
  for (const [k, v] of Object.entries(spec.env ?? {})) a.push('--env', `${k}=${v}`);
  if (spec.workingDir) a.push('--workdir', spec.workingDir);
  for (const m of spec.mounts ?? []) {
    a.push('--mount', `type=bind,source=${m.hostPath},target=${m.containerPath}${m.readOnly ? ',readonly' : ''}`);
  }
  if (spec.memoryLimitBytes) a.push('--memory', String(spec.memoryLimitBytes));
  if (spec.cpuLimitMillis) a.push('--cpu-quota', String(cpuQuotaUs(spec.cpuLimitMillis)), '--cpu-period', String(CPU_PERIOD_US));
  for (const [k, v] of Object.entries(spec.labels ?? {})) a.push('--label', `${k}=${v}`);
  // Kubernetes `command` replaces the entrypoint; Docker's --entrypoint takes one program, the rest become args.
  const [entry, ...entryRest] = spec.command ?? [];
  if (entry !== undefined) a.push('--entrypoint', entry);
  a.push('--', normalizeImageRef(spec.image));
  if (entry !== undefined) a.push(...entryRest, ...(spec.args ?? []));
  else a.push(...(spec.args ?? []));
  return a;
}

export function nerdctlPullArgs(ref: string, plainHttp: boolean): string[] {
  return ['pull', ...(plainHttp ? ['--insecure-registry'] : []), normalizeImageRef(ref)];
}

export function nerdctlPsArgs(sel: Record<string, string>): string[] {
  const a = ['ps', '-a', '--no-trunc', '--format', '{{json .}}'];
  for (const [k, v] of Object.entries(sel)) a.push('--filter', `label=${k}=${v}`);
  return a;
}

export function nerdctlLogsArgs(id: string, o: { tail?: number; follow?: boolean }): string[] {
  return ['logs', ...(o.tail !== undefined ? ['--tail', String(o.tail)] : []), ...(o.follow ? ['--follow'] : []), id];
}

/** Labels come as a map, or Docker-style as "k=v,k2=v2". */
function parseLabels(v: unknown): Record<string, string> {
  if (v && typeof v === 'object') return v as Record<string, string>;
  const out: Record<string, string> = {};
  if (typeof v === 'string' && v) {
    for (const kv of v.split(',')) {
      const i = kv.indexOf('=');
      if (i > 0) out[kv.slice(0, i)] = kv.slice(i + 1);
    }
  }
  return out;
}

/** `nerdctl ps --format '{{json .}}'`: one JSON object per line; the name is our id. */
export function parsePs(out: string): ContainerInfo[] {
  const res: ContainerInfo[] = [];
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as { ID?: string; Names?: string; Image?: string; Labels?: unknown };
    res.push({ id: (o.Names || o.ID || '').split(',')[0]!, image: o.Image ?? '', labels: parseLabels(o.Labels) });
  }
  return res;
}

const ZERO_TIME = /^0001-01-01/;

/** `nerdctl inspect --mode=dockercompat <id>`: a one-element JSON array. */
export function parseInspect(id: string, out: string): ContainerStatus | undefined {
  const arr = JSON.parse(out) as {
    State?: { Status?: string; Running?: boolean; Pid?: number; ExitCode?: number; StartedAt?: string; FinishedAt?: string };
  }[];
  const s = arr[0]?.State;
  if (!s) return undefined;
  const date = (t?: string) => (t && !ZERO_TIME.test(t) ? new Date(t) : undefined);
  const state = s.Running || s.Status === 'running' || s.Status === 'paused' ? 'running' : s.Status === 'created' ? 'created' : 'exited';
  return {
    id,
    state,
    pid: state === 'running' ? s.Pid : undefined,
    exitCode: state === 'exited' ? s.ExitCode ?? 0 : undefined,
    startedAt: date(s.StartedAt),
    finishedAt: state === 'exited' ? date(s.FinishedAt) : undefined,
  };
}

/** `nerdctl version --format '{{json .}}'`: the containerd component's version. */
export function parseNerdctlVersion(out: string): string {
  const v = JSON.parse(out) as { Client?: { Version?: string }; Server?: { Components?: { Name: string; Version: string }[] } };
  return v.Server?.Components?.find((c) => c.Name === 'containerd')?.Version ?? v.Client?.Version ?? 'unknown';
}
