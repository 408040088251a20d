// The loop around the pure planner (kubelet's pod workers + PLEG):
// per-pod serialized syncs (observe → plan → act, until nothing is left to
// do), a periodic relist of the whole runtime namespace (level-triggered:
// crashes, orphans and removed pods are found by looking, not by events),
// timers for back-offs expiring. Nothing throws out of the loop: failures
// become waiting reasons, events and retries. The actions themselves are
// performed by actions.ts (ActionExecutor).
import type { CniNetwork } from '../network/cni.js';
import type { ContainerRuntime } from '../runtime/types.js';
import type { BackoffConfig } from './backoff.js';
import type { PodEvent } from './events.js';
import { LABEL_CONTAINER_NAME, LABEL_POD_UID } from './labels.js';
import type { RunningContainer } from '../metrics/pod-usage.js';
import { DEFAULT_PLAN_CONFIG, plan, planPod, type PodPlanResult } from './plan.js';
import type { RefLookup } from './refs.js';
import { loadSandboxes, teardownSandbox } from './sandbox.js';
import { computeStatus, statusChanged, type PodStatus } from './status.js';
import { emptyBook, type ObservedContainer, type PlanConfig, type Pod, type PodBook, type SandboxRecord, type WaitingReason } from './types.js';
import { Prober, type ProbeChange } from '../probes/prober.js';
import { probedContainers } from './probes.js';
import type { PodDnsOptions } from './dns-config.js';
import { ActionExecutor } from './actions.js';

export interface PodWorkerOptions {
  runtime: ContainerRuntime;
  /** Pod network; required for pods without hostNetwork. */
  network?: CniNetwork;
  /** Agent data dir: pod volumes and sandbox records live under <dataDir>/pods/<uid>. */
  dataDir: string;
  nodeName?: string;
  /** The node's IP (status.hostIP, fieldRef status.hostIP). */
  hostIP?: string;
  onStatus: (podKey: string, status: PodStatus) => void;
  onEvent?: (e: PodEvent) => void;
  /** Full relist period (kubelet relists every second; ctr calls cost more, default 5 s). */
  resyncMs?: number;
  /**
   * Relist period while the runtime's event stream is up (default 60 s): a
   * container or task change relists at once, so the periodic relist is only
   * the safety net (kubelet's evented PLEG relists every 300 s).
   */
  eventResyncMs?: number;
  /** CrashLoopBackOff (default 10 s doubling to 300 s); tests shorten it. */
  restartBackoff?: BackoffConfig;
  /** ImagePullBackOff (default 10 s doubling to 300 s). */
  pullBackoff?: BackoffConfig;
  /** Retry delay after CreateContainerConfigError and other create failures (default 10 s). */
  failureRetryMs?: number;
  now?: () => number;
  /** Pod DNS (resolv.conf): cluster DNS address and domain, the node's resolv.conf. Defaults: 10.43.0.10, cluster.local, /etc/resolv.conf. */
  dns?: PodDnsOptions;
}

const MAX_ROUNDS_PER_SYNC = 6;
/** Events come in bursts (create, start; exit, delete): one relist per burst. */
const EVENT_RELIST_DELAY_MS = 100;
const STATUS_CONCURRENCY = 8;

function podKey(p: Pod): string {
  return `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export class PodWorker {
  private readonly rt: ContainerRuntime;
  private readonly cfg: PlanConfig;
  private readonly now: () => number;
  private desired = new Map<string, Pod>();
  private refs: RefLookup = new Map();
  private sandboxes = new Map<string, SandboxRecord>();
  private readonly books = new Map<string, PodBook>();
  private readonly statuses = new Map<string, PodStatus>();
  /** Per-key serialization: the running sync of each pod (or orphan). */
  private readonly busy = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private resyncTimer?: NodeJS.Timeout;
  private resyncing?: Promise<void>;
  /** The runtime's event stream, when it has one (ctr events). */
  private events?: { close(): void };
  private eventsLive = false;
  private kickTimer?: NodeJS.Timeout;
  private lastRelistAt = 0;
  /** Relists started so far (tests, diagnostics). */
  relists = 0;
  /** Pod uids that had containers in a relist or that the worker acted on; undefined until the first relist. */
  private known?: Set<string>;
  private stopped = false;
  private readonly lastBackoff = new Map<string, string>();
  /** Liveness, readiness and startup probes of running containers. */
  private prober: Prober;
  /** The last observation of each pod, so a probe result can re-render its status without a relist. */
  private readonly lastSeen = new Map<string, { containers: ObservedContainer[]; waiting: Record<string, WaitingReason> }>();
  private readonly actions: ActionExecutor;

  constructor(private readonly opts: PodWorkerOptions) {
    this.rt = opts.runtime;
    this.now = opts.now ?? Date.now;
    this.cfg = {
      restartBackoff: opts.restartBackoff ?? DEFAULT_PLAN_CONFIG.restartBackoff,
      pullBackoff: opts.pullBackoff ?? DEFAULT_PLAN_CONFIG.pullBackoff,
      failureRetryMs: opts.failureRetryMs ?? DEFAULT_PLAN_CONFIG.failureRetryMs,
    };
    this.prober = this.makeProber();
    this.actions = new ActionExecutor({
      rt: this.rt,
      opts,
      cfg: this.cfg,
      now: this.now,
      pod: (uid) => this.desired.get(uid),
      refs: () => this.refs,
      sandboxes: () => this.sandboxes,
      book: (uid) => this.book(uid),
      existingBook: (uid) => this.books.get(uid),
      event: (uid, type, reason, message, container) => this.event(uid, type, reason, message, container),
    });
  }

  private makeProber(): Prober {
    return new Prober({
      runtime: this.rt,
      now: this.now,
      onChange: (c) => this.onProbeChange(c),
      onEvent: (c, type, reason, message) => this.event(c.podUid, type, reason, message, c.containerName),
    });
  }

  /** Loads sandbox records from a previous run and starts the periodic relist. */
  async start(): Promise<void> {
    this.sandboxes = await loadSandboxes(this.opts.dataDir);
    // A record without an IP was cut short mid-ADD: release it so the pod gets a clean sandbox.
    for (const rec of [...this.sandboxes.values()]) {
      if (rec.netns && !rec.ip) {
        await teardownSandbox(rec, this.opts.dataDir, this.opts.network).catch(() => undefined);
        this.sandboxes.delete(rec.uid);
      }
    }
    if (this.stopped) this.prober = this.makeProber();
    this.stopped = false;
    this.events = this.rt.watchChanges?.({
      onChange: () => this.kick(),
      onLive: (live) => {
        this.eventsLive = live;
        // a change between the last relist and the subscription would go unseen
        if (live) this.kick();
      },
    });
    this.tick();
  }

  /**
   * The relist loop wakes every resyncMs. While the runtime's event stream is
   * up and every pod is settled it skips the relist (no ctr process) unless
   * eventResyncMs has passed; any change the stream reports relists at once
   * (kick). An unsettled pod (waiting: back-off, pull, creating; Pending;
   * a sandbox left over) keeps the short period, since its next status (e.g.
   * ErrImagePull → ImagePullBackOff) comes from a relist, not from an event.
   */
  private readonly tick = (force = false): void => {
    if (this.stopped) return;
    const quiet = !force && this.eventsLive && this.settled() && performance.now() - this.lastRelistAt < (this.opts.eventResyncMs ?? 60_000);
    const next = () => {
      if (this.stopped) return;
      if (this.resyncTimer) clearTimeout(this.resyncTimer);
      this.resyncTimer = setTimeout(this.tick, this.opts.resyncMs ?? 5000);
    };
    if (quiet) return next();
    this.lastRelistAt = performance.now();
    this.relists++;
    void this.resync().finally(next);
  };

  /** Nothing for a relist to find that the runtime's events would not report. */
  private settled(): boolean {
    if (this.busy.size || this.timers.size) return false;
    for (const p of this.desired.values()) {
      if (p.metadata.deletionTimestamp) return false;
      const s = this.statuses.get(podKey(p));
      if (!s || s.phase === 'Pending') return false;
      for (const c of [...(s.initContainerStatuses ?? []), ...s.containerStatuses]) if (c.state.waiting) return false;
    }
    for (const uid of this.sandboxes.keys()) if (!this.desired.has(uid)) return false;
    return true;
  }

  /** A relist soon (the runtime reported a change), instead of at the next period. */
  private kick(): void {
    if (this.stopped || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = undefined;
      if (this.stopped) return;
      // a relist already running may have listed before the change: relist again after it
      if (this.resyncing) {
        void this.resyncing.finally(() => this.kick());
        return;
      }
      if (this.resyncTimer) clearTimeout(this.resyncTimer);
      this.tick(true);
    }, EVENT_RELIST_DELAY_MS);
  }

  /** Stops timers and waits for running syncs. Containers keep running (edge autonomy). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    if (this.kickTimer) clearTimeout(this.kickTimer);
    this.kickTimer = undefined;
    this.events?.close();
    this.events = undefined;
    this.eventsLive = false;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.prober.stop();
    await this.resyncing;
    while (this.busy.size) await Promise.allSettled([...this.busy.values()]);
  }

  /** Replaces the desired pod set (level-triggered) and the ConfigMaps/Secrets they may reference. */
  setDesired(pods: Pod[], refs: RefLookup = new Map()): void {
    const next = new Map<string, Pod>();
    for (const p of pods) if (p.metadata.uid) next.set(p.metadata.uid, p);
    const changed: string[] = [];
    for (const [uid, p] of next) {
      const old = this.desired.get(uid);
      if (!old || JSON.stringify(old.spec) !== JSON.stringify(p.spec) || old.metadata.deletionTimestamp !== p.metadata.deletionTimestamp) {
        changed.push(uid);
      }
    }
    for (const uid of this.desired.keys()) if (!next.has(uid)) changed.push(uid);
    this.desired = next;
    this.refs = refs;
    for (const uid of changed) {
      // A uid never seen by a completed relist and never acted on has no containers yet:
      // its first sync skips the observation (kubelet reads its PLEG cache the same way).
      const fresh = this.known !== undefined && !this.known.has(uid) && !this.sandboxes.has(uid);
      this.schedule(uid, fresh ? [] : undefined);
    }
  }

  /** The last status emitted for a pod. */
  status(key: string): PodStatus | undefined {
    return this.statuses.get(key);
  }

  /**
   * The running containers of live pods as last observed (every relist), for
   * usage metrics: no runtime call of its own.
   */
  runningContainers(): RunningContainer[] {
    const out: RunningContainer[] = [];
    for (const [uid, seen] of this.lastSeen) {
      const pod = this.desired.get(uid);
      if (!pod || pod.metadata.deletionTimestamp) continue;
      for (const c of seen.containers) {
        const name = c.labels[LABEL_CONTAINER_NAME];
        if (c.state !== 'running' || !c.pid || !name) continue;
        out.push({ podUid: uid, podNamespace: pod.metadata.namespace ?? 'default', podName: pod.metadata.name ?? '', name, id: c.id, pid: c.pid });
      }
    }
    return out;
  }

  /** One full relist and sync of every pod; resolves when all syncs it started have finished. */
  async syncNow(): Promise<void> {
    await this.resync();
    while (this.busy.size) await Promise.allSettled([...this.busy.values()]);
  }

  // ---- scheduling ----

  private schedule(key: string, pre?: ObservedContainer[], planned?: PodPlanResult): void {
    if (this.stopped) return;
    if (this.busy.has(key)) {
      this.again.add(key);
      return;
    }
    const job = this.syncKey(key, pre, planned)
      .catch((e) => this.warn(key, 'FailedSync', `error syncing pod: ${(e as Error).message}`))
      .finally(() => {
        this.busy.delete(key);
        if (this.again.delete(key)) this.schedule(key);
      });
    this.busy.set(key, job);
  }

  private requeue(uid: string, ms: number): void {
    if (this.stopped) return;
    const old = this.timers.get(uid);
    if (old) clearTimeout(old);
    const t = setTimeout(() => {
      this.timers.delete(uid);
      this.schedule(uid);
    }, ms + 10);
    t.unref?.();
    this.timers.set(uid, t);
  }

  private async resync(): Promise<void> {
    if (this.resyncing) return this.resyncing;
    this.resyncing = (async () => {
      try {
        const all = await this.observe();
        const known = new Set(this.known ?? []);
        for (const c of all) if (c.labels[LABEL_POD_UID]) known.add(c.labels[LABEL_POD_UID]!);
        this.known = known;
        const desired = [...this.desired.values()];
        const plans = plan(desired, { containers: all, sandboxes: this.sandboxes }, this.now(), this.books, this.cfg);
        for (const [key, p] of plans) {
          if (this.busy.has(key)) {
            // its running sync may have observed before this relist's change: sync it again
            // after (a relist driven by a runtime event is not repeated 5 s later)
            if (!key.startsWith('orphan/')) this.again.add(key);
            continue;
          }
          const pre = key.startsWith('orphan/') ? undefined : all.filter((c) => c.labels[LABEL_POD_UID] === key);
          this.schedule(key, pre, key.startsWith('orphan/') ? p : undefined);
        }
      } catch (e) {
        this.warn('', 'FailedRelist', `relisting containers: ${(e as Error).message}`);
      } finally {
        this.resyncing = undefined;
      }
    })();
    return this.resyncing;
  }

  // ---- observation ----

  private async observe(selector?: Record<string, string>): Promise<ObservedContainer[]> {
    const infos = await this.rt.listContainers(selector);
    const out = await mapLimit(infos, this.rt.statusConcurrency ?? STATUS_CONCURRENCY, async (info): Promise<ObservedContainer | undefined> => {
      try {
        const s = await this.rt.containerStatus(info.id);
        return {
          id: info.id,
          labels: info.labels,
          image: info.image,
          state: s.state,
          ...(s.state === 'running' && s.pid ? { pid: s.pid } : {}),
          ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
          ...(s.startedAt ? { startedAt: s.startedAt.getTime() } : {}),
          ...(s.finishedAt ? { finishedAt: s.finishedAt.getTime() } : {}),
        };
      } catch (e) {
        if ((e as { code?: string }).code === 'ContainerNotFound') return undefined; // removed meanwhile
        return { id: info.id, labels: info.labels, image: info.image, state: 'unknown' };
      }
    });
    return out.filter((c): c is ObservedContainer => !!c);
  }

  // ---- one pod ----

  private async syncKey(key: string, pre?: ObservedContainer[], planned?: PodPlanResult): Promise<void> {
    if (key.startsWith('orphan/')) {
      if (planned) await this.actions.execute(key, planned.actions, {});
      return;
    }
    const uid = key;
    const failures: Record<string, WaitingReason> = {};
    let containers = pre;
    for (let round = 0; ; round++) {
      containers ??= await this.observe({ [LABEL_POD_UID]: uid });
      const pod = this.desired.get(uid);
      const live = pod && !pod.metadata.deletionTimestamp;
      const sandboxes = new Map(this.sandboxes.has(uid) ? [[uid, this.sandboxes.get(uid)!]] : []);
      const p = live
        ? planPod(pod, containers, this.sandboxes.get(uid), this.book(uid), this.now(), this.cfg)
        : plan(pod ? [pod] : [], { containers, sandboxes }, this.now(), this.books, this.cfg).get(uid) ?? { actions: [], waiting: {} };
      // Status after every round, as kubelet updates it after each sync: Pending states are visible too.
      if (live) {
        this.emitStatus(pod, containers, { ...p.waiting, ...failures });
        this.backoffEvents(uid, p.waiting);
      } else this.prober.removePod(uid);
      if (p.actions.length === 0 || round >= MAX_ROUNDS_PER_SYNC) {
        if (live && p.requeueAfterMs !== undefined) this.requeue(uid, p.requeueAfterMs);
        if (!live && p.actions.length === 0) this.forget(uid, pod);
        return;
      }
      this.known?.add(uid);
      await this.actions.execute(uid, p.actions, failures);
      containers = undefined;
    }
  }

  private book(uid: string): PodBook {
    let b = this.books.get(uid);
    if (!b) {
      b = emptyBook();
      this.books.set(uid, b);
    }
    return b;
  }

  private forget(uid: string, pod: Pod | undefined): void {
    this.books.delete(uid);
    this.lastSeen.delete(uid);
    this.prober.removePod(uid);
    this.known?.delete(uid);
    const t = this.timers.get(uid);
    if (t) clearTimeout(t);
    this.timers.delete(uid);
    if (pod) this.statuses.delete(podKey(pod));
  }

  private emitStatus(pod: Pod, containers: ObservedContainer[], waiting: Record<string, WaitingReason>): void {
    const key = podKey(pod);
    const book = this.book(pod.metadata.uid!);
    book.startTime ??= new Date(this.now()).toISOString();
    const sb = this.sandboxes.get(pod.metadata.uid!);
    const podIP = sb ? (sb.hostNetwork ? this.opts.hostIP : sb.ip) : book.podIP;
    if (podIP) book.podIP = podIP;
    const prev = this.statuses.get(key);
    this.lastSeen.set(pod.metadata.uid!, { containers, waiting });
    const status = computeStatus({
      pod,
      containers,
      waiting,
      probes: this.syncProbes(pod, containers, book, podIP),
      now: this.now(),
      startTime: book.startTime,
      ...(podIP ? { podIP } : {}),
      ...(this.opts.hostIP ? { hostIP: this.opts.hostIP } : {}),
      ...(prev ? { prev } : {}),
    });
    if (!statusChanged(prev, status)) return;
    this.statuses.set(key, status);
    try {
      this.opts.onStatus(key, status);
    } catch {
      // A faulty listener must not stop the worker.
    }
  }

  // ---- probes ----

  /** Starts/stops probe workers to match the pod's running containers; returns their verdicts for the status. */
  private syncProbes(pod: Pod, containers: ObservedContainer[], book: PodBook, podIP: string | undefined): Map<string, { ready: boolean; started: boolean }> {
    const uid = pod.metadata.uid!;
    const probed = probedContainers(pod, containers, podIP, this.now());
    this.prober.syncPod(uid, probed);
    const out = new Map<string, { ready: boolean; started: boolean }>();
    // Until the prober has a verdict, a probed container is neither started nor ready.
    for (const c of probed) out.set(c.containerId, this.prober.status(c.containerId) ?? { ready: false, started: false });
    const running = new Set(containers.filter((c) => c.state === 'running').map((c) => c.id));
    for (const id of book.unhealthy.keys()) if (!running.has(id)) book.unhealthy.delete(id);
    return out;
  }

  private onProbeChange(c: ProbeChange): void {
    const pod = this.desired.get(c.podUid);
    if (!pod || pod.metadata.deletionTimestamp || this.stopped) return;
    if (c.result === 'failure' && c.kind !== 'readiness') {
      // kubelet: a failed liveness or startup probe kills the container; restartPolicy decides the rest.
      this.book(c.podUid).unhealthy.set(c.containerId, {
        message: `Container ${c.containerName} failed ${c.kind} probe, will be restarted`,
        ...(c.config.terminationGracePeriodSeconds !== undefined ? { gracePeriodSeconds: c.config.terminationGracePeriodSeconds } : {}),
      });
      this.schedule(c.podUid);
      return;
    }
    // Readiness or startup verdict: re-render the status from the last observation (no relist needed).
    const seen = this.lastSeen.get(c.podUid);
    if (seen) this.emitStatus(pod, seen.containers, seen.waiting);
  }

  // ---- events ----

  /** kubelet's BackOff Warning, once per new back-off period (the server aggregates repeats) */
  private backoffEvents(uid: string, waiting: Record<string, WaitingReason>): void {
    for (const [container, w] of Object.entries(waiting)) {
      if (w.reason !== 'CrashLoopBackOff' && w.reason !== 'ImagePullBackOff') continue;
      const key = `${uid}/${container}`;
      if (this.lastBackoff.get(key) === w.message) continue;
      this.lastBackoff.set(key, w.message ?? '');
      if (this.lastBackoff.size > 4096) this.lastBackoff.delete(this.lastBackoff.keys().next().value as string);
      const what = w.reason === 'CrashLoopBackOff' ? `Back-off restarting failed container ${container}` : `Back-off pulling image: ${w.message ?? ''}`;
      this.event(uid, 'Warning', 'BackOff', what, container);
    }
  }

  private event(uid: string, type: PodEvent['type'], reason: string, message: string, container?: string): void {
    const pod = this.desired.get(uid);
    const rec = this.sandboxes.get(uid);
    const [namespace, name] = pod
      ? [pod.metadata.namespace ?? 'default', pod.metadata.name ?? '']
      : (rec?.key.split('/') as [string, string] | undefined) ?? ['', ''];
    try {
      this.opts.onEvent?.({ pod: { namespace, name, uid }, type, reason, message, ...(container ? { container } : {}) });
    } catch {
      // listeners must not break the worker
    }
  }

  private warn(uid: string, reason: string, message: string): void {
    this.event(uid, 'Warning', reason, message);
  }
}
