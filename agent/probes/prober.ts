// The probe manager (kubelet's prober_manager + workers): one timer-driven
// worker per (container id, probe kind). Workers are keyed by container id,
// so a restarted container (a new id) starts from fresh state: not ready,
// not started, alive. Only changes of a published result are reported.
import { kindTitle, probeConfig, type ProbeConfig, type ProbeKind, type ProbeSpec } from './types.js';
import { initialState, observe, skipReason, type ProbeState, type Published } from './state.js';
import { runProbe, type ProbeTarget } from './run.js';
import type { ExecRunner } from './exec.js';

export interface ProbedContainer extends ProbeTarget {
  podUid: string;
  containerName: string;
  /** When the container started running (ms since epoch): initialDelaySeconds counts from it. */
  startedAt: number;
  probes: Partial<Record<ProbeKind, ProbeSpec>>;
}

export interface ProbeChange {
  podUid: string;
  containerId: string;
  containerName: string;
  kind: ProbeKind;
  result: Published;
  /** Output of the run that changed the result. */
  output: string;
  config: ProbeConfig;
}

export interface ProberOptions {
  /** Runs exec probes inside containers. */
  runtime?: ExecRunner;
  onChange: (c: ProbeChange) => void;
  /** Unhealthy warnings: every failed or errored run, as kubelet records them. */
  onEvent?: (c: ProbedContainer, type: 'Warning', reason: string, message: string) => void;
  now?: () => number;
  random?: () => number;
}

interface Worker {
  kind: ProbeKind;
  cfg: ProbeConfig;
  state: ProbeState;
  timer?: NodeJS.Timeout;
  stopped: boolean;
}

interface Entry {
  target: ProbedContainer;
  workers: Map<ProbeKind, Worker>;
}

const KINDS: ProbeKind[] = ['startup', 'liveness', 'readiness'];

export class Prober {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly born: number;
  private stopped = false;

  constructor(private readonly opts: ProberOptions) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.born = this.now();
  }

  /** Sets the running containers of one pod: new ids get fresh workers, ids no longer listed are stopped. */
  syncPod(podUid: string, containers: ProbedContainer[]): void {
    const keep = new Set(containers.map((c) => c.containerId));
    for (const [id, e] of this.entries) if (e.target.podUid === podUid && !keep.has(id)) this.remove(id);
    for (const c of containers) {
      const e = this.entries.get(c.containerId);
      if (e) {
        e.target = c; // the pod IP may have become known
        continue;
      }
      this.add(c);
    }
  }

  removePod(podUid: string): void {
    for (const [id, e] of this.entries) if (e.target.podUid === podUid) this.remove(id);
  }

  /** What the container status shows for a running container; undefined when it is not probed. */
  status(containerId: string): { ready: boolean; started: boolean } | undefined {
    const e = this.entries.get(containerId);
    if (!e) return undefined;
    const started = this.started(e);
    const readiness = e.workers.get('readiness');
    // A container is ready once started and (if it has a readiness probe) the probe passed.
    return { started, ready: started && (readiness ? readiness.state.result === 'success' : true) };
  }

  /** Number of probe workers (benchmarks, tests). */
  get size(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.workers.size;
    return n;
  }

  stop(): void {
    this.stopped = true;
    for (const id of [...this.entries.keys()]) this.remove(id);
  }

  private started(e: Entry): boolean {
    const s = e.workers.get('startup');
    return s ? s.state.result === 'success' : true;
  }

  private add(c: ProbedContainer): void {
    if (this.stopped) return;
    const e: Entry = { target: c, workers: new Map() };
    for (const kind of KINDS) {
      const spec = c.probes[kind];
      if (!spec) continue;
      e.workers.set(kind, { kind, cfg: probeConfig(kind, spec), state: initialState(kind), stopped: false });
    }
    if (e.workers.size === 0) return;
    this.entries.set(c.containerId, e);
    for (const w of e.workers.values()) {
      // kubelet: right after (re)start of the prober, wait a random part of the period before the
      // first probe, so probes of all containers found at once do not fire together.
      const jitter = this.now() - this.born < w.cfg.periodMs ? this.random() * w.cfg.periodMs : 0;
      this.arm(e, w, jitter);
    }
  }

  private remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    for (const w of e.workers.values()) {
      w.stopped = true;
      if (w.timer) clearTimeout(w.timer);
    }
    this.entries.delete(id);
  }

  private arm(e: Entry, w: Worker, delayMs: number): void {
    if (w.stopped) return;
    w.timer = setTimeout(() => void this.tick(e, w), Math.max(0, delayMs));
    w.timer.unref?.();
  }

  private async tick(e: Entry, w: Worker): Promise<void> {
    const t0 = this.now();
    try {
      await this.probeOnce(e, w);
    } finally {
      // Period from the start of this run, as a ticker; a run longer than the period starts the next at once.
      this.arm(e, w, w.cfg.periodMs - (this.now() - t0));
    }
  }

  /** One tick of one worker: skip, or probe and count the result. */
  private async probeOnce(e: Entry, w: Worker): Promise<void> {
    const skip = skipReason(w.kind, w.cfg, w.state, { now: this.now(), startedAt: e.target.startedAt, started: this.started(e) });
    if (skip) return;
    const out = await runProbe(w.cfg.handler, w.cfg.timeoutMs, e.target, this.opts.runtime);
    if (w.stopped) return;
    if (out.result !== 'success') {
      const verb = out.result === 'unknown' ? 'errored' : 'failed';
      try {
        this.opts.onEvent?.(e.target, 'Warning', 'Unhealthy', `${kindTitle(w.kind)} probe ${verb}: ${out.output.trim()}`);
      } catch {
        // listeners must not stop probing
      }
    }
    const { state, changed } = observe(w.kind, w.cfg, w.state, out.result);
    w.state = state;
    if (!changed || !state.result) return;
    try {
      this.opts.onChange({
        podUid: e.target.podUid,
        containerId: e.target.containerId,
        containerName: e.target.containerName,
        kind: w.kind,
        result: state.result,
        output: out.output,
        config: w.cfg,
      });
    } catch {
      // listeners must not stop probing
    }
  }
}
