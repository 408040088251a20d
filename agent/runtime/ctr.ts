// ContainerRuntime over containerd's own CLI, `ctr` (always shipped with
// containerd). ctr keeps no exit codes or timestamps once a task is deleted,
// so this adapter records them in a small state file per container.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { EdgeplaneError } from '../../shared/errors.js';
import { run, runOk } from './run.js';
import {
  ctrCreateArgs,
  changesContainers,
  ctrGlobal,
  labelFilters,
  parseCtrVersion,
  parseDeleteExitCode,
  parseCtrEvent,
  parseLines,
  parseTaskList,
  progressLines,
} from './ctr-commands.js';
import { isPlainHttpRegistry, normalizeImageRef } from './image-ref.js';
import { readLogFile } from './log-file.js';
import {
  DEFAULT_ADDRESS,
  DEFAULT_NAMESPACE,
  DEFAULT_STATE_DIR,
  type ContainerInfo,
  type ContainerRuntime,
  type ContainerSpec,
  type ContainerStatus,
  type ExecOptions,
  type ExecResult,
  type LogOptions,
  type PullPolicy,
  type PullProgress,
  type RuntimeOptions,
} from './types.js';

interface StateFile {
  startedAt?: string;
  exitCode?: number;
  finishedAt?: string;
}

const POLL_MS = 100;
/** `ctr events` restarts: 1 s doubling to 30 s while it keeps failing */
const EVENTS_RETRY_MS = 1000;
const EVENTS_RETRY_MAX_MS = 30_000;
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

export class CtrRuntime implements ContainerRuntime {
  readonly name = 'ctr';
  readonly statusConcurrency = Infinity;
  readonly namespace: string;
  private readonly global: string[];
  private readonly dir: string;
  // Serializes status reads per container: reading an exit deletes the task, which must happen once.
  private readonly locks = new Map<string, Promise<unknown>>();
  // Idle cost: every ctr call is a process (~30-50 ms of CPU). A relist of N
  // containers took 1 + 2N calls; image and labels never change for a
  // container id, so they are cached until it is removed, and concurrent
  // status reads share one `tasks ls` as long as no task changed meanwhile.
  private readonly infos = new Map<string, ContainerInfo>();
  private tasksInFlight?: { gen: number; p: Promise<ReturnType<typeof parseTaskList>> };
  /** Bumped by every call that changes tasks, so a read never joins a listing started before it. */
  private taskGen = 0;

  constructor(opts: RuntimeOptions = {}, private readonly bin = 'ctr') {
    this.namespace = opts.namespace ?? DEFAULT_NAMESPACE;
    this.global = ctrGlobal(opts.address ?? DEFAULT_ADDRESS, this.namespace);
    this.dir = join(opts.stateDir ?? DEFAULT_STATE_DIR, this.namespace);
  }

  private ctr(args: string[]) {
    return run(this.bin, [...this.global, ...args]);
  }
  private ctrOk(code: string, args: string[]) {
    return runOk(code, this.bin, [...this.global, ...args]);
  }

  logPath(id: string): string {
    return join(this.dir, `${id}.log`);
  }
  private statePath(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  async version(): Promise<string> {
    return parseCtrVersion(await this.ctrOk('RuntimeUnavailable', ['version']));
  }

  /**
   * One long-lived `ctr events` process, filtered to this namespace, instead
   * of a relist (`containers ls` + `tasks ls`, two processes) every 5 s: the
   * pod worker relists when a container or task changes and otherwise once a
   * minute (kubelet's evented PLEG, with its relist kept as the safety net).
   * If the stream ends it is reopened with backoff; meanwhile onLive(false)
   * puts the worker back on its short relist period.
   */
  watchChanges(h: { onChange(): void; onLive(live: boolean): void }): { close(): void } {
    let closed = false;
    let child: ChildProcess | undefined;
    let retry: NodeJS.Timeout | undefined;
    let delay = EVENTS_RETRY_MS;
    const open = () => {
      if (closed) return;
      const argv = [this.bin, ...this.global, 'events', `namespace==${JSON.stringify(this.namespace)}`];
      // setpriv (util-linux) sets PR_SET_PDEATHSIG and execs ctr in place: if the agent is
      // SIGKILLed, ctr goes with it instead of lingering until its next event's EPIPE
      const [file, ...args] = SETPRIV ? [SETPRIV, '--pdeathsig', 'KILL', '--', ...argv] : argv;
      const c = spawn(file!, args, { stdio: ['ignore', 'pipe', 'ignore'] });
      child = c;
      let live = false;
      c.once('spawn', () => {
        live = true;
        h.onLive(true);
      });
      createInterface({ input: c.stdout! }).on('line', (line) => {
        delay = EVENTS_RETRY_MS; // it works: the next failure retries quickly again
        const ev = parseCtrEvent(line);
        if (ev && ev.namespace === this.namespace && changesContainers(ev)) h.onChange();
      });
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        child = undefined;
        if (live) h.onLive(false);
        if (closed) return;
        retry = setTimeout(open, delay);
        delay = Math.min(delay * 2, EVENTS_RETRY_MAX_MS);
      };
      c.once('error', end);
      c.once('close', end);
    };
    open();
    return {
      close() {
        closed = true;
        clearTimeout(retry);
        child?.kill();
      },
    };
  }

  async imageExists(ref: string): Promise<boolean> {
    const name = normalizeImageRef(ref);
    const out = await this.ctrOk('RuntimeError', ['images', 'ls', '-q', `name==${name}`]);
    return parseLines(out).includes(name);
  }

  async ensureImage(ref: string, policy: PullPolicy, onProgress?: (p: PullProgress) => void): Promise<void> {
    if (policy !== 'Always' && (await this.imageExists(ref))) return;
    if (policy === 'Never') {
      throw new EdgeplaneError('ErrImageNeverPull', `image ${ref} is not present and imagePullPolicy is Never`);
    }
    const args = [...this.global, 'images', 'pull'];
    if (isPlainHttpRegistry(ref)) args.push('--plain-http');
    args.push(normalizeImageRef(ref));
    // loaded on first use: execa is ≈8 MiB of module graph an idle agent does not need
    const { execa } = await import('execa');
    const child = execa(this.bin, args, { reject: false, stdin: 'ignore', all: true });
    let last = '';
    child.all?.on('data', (d: Buffer) => {
      for (const line of progressLines(d.toString())) {
        if (line === last) continue;
        last = line;
        onProgress?.({ message: line });
      }
    });
    const r = await child;
    if (r.exitCode !== 0) {
      const msg = String(r.all ?? '').split('\n').filter((l) => l.startsWith('ctr:')).pop() ?? `exit ${r.exitCode}`;
      throw new EdgeplaneError('ErrImagePull', `pulling ${ref}: ${msg.replace(/^ctr:\s*/, '')}`, { cause: r });
    }
  }

  async createContainer(spec: ContainerSpec): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // A reused id must not inherit the previous container's exit record.
    await rm(this.statePath(spec.id), { force: true });
    this.infos.delete(spec.id);
    let entrypoint: string[] | undefined;
    if (!spec.command?.length && spec.args?.length) entrypoint = await this.imageEntrypoint(spec.image);
    await this.ctrOk('CreateContainerError', ctrCreateArgs(spec, entrypoint));
  }

  async startContainer(id: string): Promise<void> {
    // Under the container's status lock: a status read racing the start could
    // list tasks before the new task shows and report the container still
    // `created`, and the worker would start it a second time.
    return this.locked(id, async () => {
      await mkdir(this.dir, { recursive: true });
      this.taskGen++;
      try {
        await this.ctrOk('StartContainerError', ['tasks', 'start', '-d', '--log-uri', `file://${this.logPath(id)}`, id]);
      } finally {
        this.taskGen++;
      }
      await this.writeState(id, { startedAt: new Date().toISOString() });
    });
  }

  async stopContainer(id: string, gracePeriodSeconds: number): Promise<void> {
    if ((await this.containerStatus(id)).state !== 'running') return;
    await this.kill(id, 'SIGTERM');
    const deadline = Date.now() + Math.max(0, gracePeriodSeconds) * 1000;
    while (Date.now() < deadline) {
      if ((await this.containerStatus(id)).state !== 'running') return;
      await sleep(POLL_MS);
    }
    await this.kill(id, 'SIGKILL');
    for (;;) {
      if ((await this.containerStatus(id)).state !== 'running') return;
      await sleep(POLL_MS);
    }
  }

  private async kill(id: string, signal: string): Promise<void> {
    this.taskGen++;
    const r = await this.ctr(['tasks', 'kill', '-a', '-s', signal, id]);
    // The task may have exited between the status check and the kill.
    if (r.exitCode !== 0 && !/not found|process already finished/i.test(r.stderr)) {
      throw new EdgeplaneError('StopContainerError', `kill ${signal} ${id}: ${r.stderr.trim()}`, { cause: r });
    }
  }

  async removeContainer(id: string): Promise<void> {
    const task = (await this.tasks()).find((t) => t.id === id);
    this.taskGen++;
    if (task) await this.ctr(['tasks', 'delete', '-f', id]);
    this.taskGen++;
    this.infos.delete(id);
    const r = await this.ctr(['containers', 'delete', id]);
    if (r.exitCode !== 0 && !/not found/i.test(r.stderr)) {
      throw new EdgeplaneError('RemoveContainerError', `remove ${id}: ${r.stderr.trim()}`, { cause: r });
    }
    await rm(this.logPath(id), { force: true });
    await rm(this.statePath(id), { force: true });
  }

  async listContainers(labelSelector: Record<string, string> = {}): Promise<ContainerInfo[]> {
    const ids = parseLines(await this.ctrOk('RuntimeError', ['containers', 'ls', '-q', ...labelFilters(labelSelector)]));
    const out: ContainerInfo[] = [];
    for (const id of ids) {
      let info = this.infos.get(id);
      if (!info) {
        const r = await this.ctr(['containers', 'info', id]);
        if (r.exitCode !== 0) continue; // removed meanwhile
        const raw = JSON.parse(r.stdout) as { Image?: string; Labels?: Record<string, string> };
        info = { id, image: raw.Image ?? '', labels: raw.Labels ?? {} };
        this.infos.set(id, info);
      }
      out.push(structuredClone(info));
    }
    // Forget containers removed behind our back (only an unfiltered list sees all of them).
    if (Object.keys(labelSelector).length === 0) {
      const live = new Set(ids);
      for (const id of this.infos.keys()) if (!live.has(id)) this.infos.delete(id);
    }
    return out;
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    return this.locked(id, () => this.readStatus(id));
  }

  /** Runs `fn` after every earlier locked call for this container (status reads, starts) has settled. */
  private async locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.locks.set(id, next);
    try {
      return await next;
    } finally {
      if (this.locks.get(id) === next) this.locks.delete(id);
    }
  }

  private async readStatus(id: string): Promise<ContainerStatus> {
    const state = await this.readState(id);
    const startedAt = state.startedAt ? new Date(state.startedAt) : undefined;
    const task = (await this.tasks()).find((t) => t.id === id);
    if (task && (task.status === 'RUNNING' || task.status === 'PAUSED')) {
      return { id, state: 'running', pid: task.pid, startedAt };
    }
    if (task && task.status === 'STOPPED') {
      // Deleting the task is the only place ctr reports the exit code (a warning on stderr).
      this.taskGen++;
      const r = await this.ctr(['tasks', 'delete', id]);
      if (r.exitCode === 0) {
        const exitCode = parseDeleteExitCode(r.stderr);
        const finishedAt = new Date().toISOString();
        await this.writeState(id, { ...state, exitCode, finishedAt });
        return { id, state: 'exited', exitCode, startedAt, finishedAt: new Date(finishedAt) };
      }
      if (!/not found/i.test(r.stderr)) {
        throw new EdgeplaneError('RuntimeError', `ctr tasks delete ${id}: ${r.stderr.trim() || `exit ${r.exitCode}`}`, { cause: r });
      }
    } else if (task) {
      // CREATED (between create and start) or UNKNOWN (shim busy): neither `created` nor
      // `exited` is true, and calling it `created` would make the worker start it again.
      throw new EdgeplaneError('RuntimeError', `task ${id} is ${task.status}`);
    }
    if (state.exitCode !== undefined) {
      return { id, state: 'exited', exitCode: state.exitCode, startedAt, finishedAt: state.finishedAt ? new Date(state.finishedAt) : undefined };
    }
    const c = await this.ctr(['containers', 'info', id]);
    if (c.exitCode !== 0) throw new EdgeplaneError('ContainerNotFound', `container ${id} not found`, { cause: c });
    return { id, state: 'created' };
  }

  logs(id: string, opts: LogOptions = {}): AsyncIterable<string> {
    return readLogFile(this.logPath(id), {
      ...opts,
      isRunning: async () => (await this.containerStatus(id)).state === 'running',
    });
  }

  async exec(id: string, argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const execId = `exec-${randomBytes(6).toString('hex')}`;
    let r;
    try {
      r = await run(this.bin, [...this.global, 'tasks', 'exec', '--exec-id', execId, id, ...argv], { timeoutMs: opts.timeoutMs });
    } catch (e) {
      // Killing the ctr client leaves the exec'd process running in the container: kill it too.
      if ((e as { code?: string }).code === 'ExecTimeout') await this.ctr(['tasks', 'kill', '--exec-id', execId, '-s', 'SIGKILL', id]).catch(() => undefined);
      throw e;
    }
    // ctr's own failures (no such task, bad binary) also exit 1 but say so on stderr.
    if (r.exitCode !== 0 && /^ctr: /m.test(r.stderr) && !r.stdout) {
      throw new EdgeplaneError('ExecFailed', `exec in ${id}: ${r.stderr.trim()}`, { cause: r });
    }
    return r;
  }

  private tasks(): Promise<ReturnType<typeof parseTaskList>> {
    const gen = this.taskGen;
    if (this.tasksInFlight?.gen === gen) return this.tasksInFlight.p;
    const p = this.ctrOk('RuntimeError', ['tasks', 'ls']).then(parseTaskList);
    const entry = { gen, p };
    this.tasksInFlight = entry;
    const done = () => {
      if (this.tasksInFlight === entry) this.tasksInFlight = undefined;
    };
    p.then(done, done);
    return p;
  }

  private async readState(id: string): Promise<StateFile> {
    try {
      return JSON.parse(await readFile(this.statePath(id), 'utf8')) as StateFile;
    } catch {
      return {};
    }
  }
  private async writeState(id: string, s: StateFile): Promise<void> {
    await writeFile(this.statePath(id), JSON.stringify(s));
  }

  /** Entrypoint from the image config: index/manifest → config, read from the content store. */
  private async imageEntrypoint(ref: string): Promise<string[]> {
    const name = normalizeImageRef(ref);
    const ls = await this.ctrOk('RuntimeError', ['images', 'ls', `name==${name}`]);
    const digest = /sha256:[0-9a-f]{64}/.exec(ls.split('\n')[1] ?? '')?.[0];
    if (!digest) throw new EdgeplaneError('ErrImageInspect', `image ${ref} not found`);
    let doc = JSON.parse(await this.ctrOk('ErrImageInspect', ['content', 'get', digest])) as {
      manifests?: { digest: string; platform?: { architecture?: string } }[];
      config?: { digest: string };
    };
    if (doc.manifests) {
      const arch = ({ x64: 'amd64', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[process.arch];
      const m = doc.manifests.find((x) => !x.platform || x.platform.architecture === arch) ?? doc.manifests[0];
      if (!m) throw new EdgeplaneError('ErrImageInspect', `image ${ref} has no manifest`);
      doc = JSON.parse(await this.ctrOk('ErrImageInspect', ['content', 'get', m.digest]));
    }
    if (!doc.config) throw new EdgeplaneError('ErrImageInspect', `image ${ref} has no config`);
    const cfg = JSON.parse(await this.ctrOk('ErrImageInspect', ['content', 'get', doc.config.digest])) as {
      config?: { Entrypoint?: string[] | null };
    };
    return cfg.config?.Entrypoint ?? [];
  }
}
