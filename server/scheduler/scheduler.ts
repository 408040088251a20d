// The scheduling loop (kube-scheduler): informers on Nodes and Pods keep the
// snapshot current and feed pending pods into a keyed work queue; each pod is
// filtered and scored against the snapshot, assumed onto the chosen node (so
// the next decision already counts it) and bound through the pods/binding
// subresource, one store write. Pods that fit nowhere get PodScheduled=False
// with kube-scheduler's message and a FailedScheduling event, and are tried
// again when nodes or pods change (after a backoff) or on a periodic flush.

import { KINDS } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import { ApiError } from '../api/status.js';
import { Informer } from '../controllers/informer.js';
import { WorkQueue } from '../controllers/workqueue.js';
import { EventRecorder } from '../events/recorder.js';
import { bindPod } from '../registry/binding.js';
import type { Registry } from '../registry/registry.js';
import { Algorithm } from './algorithm.js';
import type { ImagePlatformResolver } from './image-platforms.js';
import { podInfo, type Platform } from './pod-info.js';
import { UnschedulablePods } from './queue-state.js';
import { boundPod, podKey, Snapshot, type BoundPod } from './snapshot.js';

const POD = KINDS.find((k) => k.kind === 'Pod')!;
const NODE = KINDS.find((k) => k.kind === 'Node')!;

export const SCHEDULER_NAME = 'default-scheduler';

export interface SchedulerOptions {
  log?: (msg: string) => void;
  /** kube-scheduler's percentageOfNodesToScore (0 = adaptive) */
  percentageOfNodesToScore?: number;
  /** image os/arch lookups; none = the platform filter has nothing to check */
  resolver?: ImagePlatformResolver;
  /** longest wait for an image's platforms before scheduling without them */
  platformBudgetMs?: number;
  /** pods being bound at the same time (the binding cycle runs asynchronously, as in kube-scheduler) */
  concurrency?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** unschedulable pods are retried at least this often without any cluster change (default 60 s) */
  flushIntervalMs?: number;
  now?: () => number;
}

/** what kube-scheduler's informer handlers treat as "needs scheduling by us" */
export function needsScheduling(pod: KubeObject): boolean {
  const spec = pod.spec ?? {};
  if (spec.nodeName) return false;
  if (pod.metadata.deletionTimestamp) return false;
  if (spec.schedulerName && spec.schedulerName !== SCHEDULER_NAME) return false;
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

function terminal(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface SchedulerStats {
  scheduled: number;
  unschedulable: number;
  bindErrors: number;
}

export class Scheduler {
  readonly snapshot = new Snapshot();
  readonly stats: SchedulerStats = { scheduled: 0, unschedulable: 0, bindErrors: 0 };
  private readonly algorithm: Algorithm;
  private readonly queue: WorkQueue;
  private readonly recorder: EventRecorder;
  private readonly pending = new Map<string, KubeObject>();
  /** pods assumed and being bound right now (not yet confirmed by the store) */
  private readonly binding = new Set<string>();
  private readonly unschedulable: UnschedulablePods;
  private readonly nodes: Informer;
  private readonly pods: Informer;
  private flush: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly log: (msg: string) => void;

  constructor(
    private readonly registry: Registry,
    private readonly opts: SchedulerOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => undefined);
    this.algorithm = new Algorithm({ percentageOfNodesToScore: opts.percentageOfNodesToScore });
    this.unschedulable = new UnschedulablePods({ initialMs: opts.backoffInitialMs, maxMs: opts.backoffMaxMs });
    this.recorder = new EventRecorder(registry, { component: SCHEDULER_NAME, log: this.log });
    this.queue = new WorkQueue((key) => this.scheduleOne(key), {
      concurrency: opts.concurrency ?? 64,
      baseDelayMs: opts.backoffInitialMs ?? 1_000,
      maxDelayMs: opts.backoffMaxMs ?? 10_000,
      onError: (key, err) => this.log(`scheduler: ${key}: ${(err as Error).message}`),
    });
    this.nodes = new Informer(registry, NODE, (n) => this.onNode(n), (n) => this.snapshot.removeNode(n.metadata.name!));
    this.pods = new Informer(registry, POD, (p) => this.onPod(p), (p) => this.onPodDelete(p));
  }

  async start(): Promise<void> {
    // nodes first, so the first pods are not judged against an empty cluster
    await this.nodes.start();
    await this.pods.start();
    const every = this.opts.flushIntervalMs ?? 60_000;
    const tick = () => {
      void this.reconcile().catch((err) => this.log(`scheduler: resync failed: ${(err as Error).message}`));
      this.moveUnschedulable();
      this.flush = setTimeout(tick, every);
      this.flush.unref?.();
    };
    this.flush = setTimeout(tick, every);
    this.flush.unref?.();
  }

  stop(): void {
    this.nodes.stop();
    this.pods.stop();
    this.queue.stop();
    if (this.flush) clearTimeout(this.flush);
  }

  /** pods waiting as unschedulable (for tests and metrics) */
  get unschedulableCount(): number {
    return this.unschedulable.size;
  }

  /**
   * Drop what the informers may have missed: a watch that restarts relists
   * objects but cannot report the ones deleted during the gap, and a stale
   * pod would hold its node's resources forever.
   */
  async reconcile(): Promise<void> {
    const [pods, nodes] = await Promise.all([this.registry.list(POD, ''), this.registry.list(NODE, '')]);
    const podKeys = new Set(pods.items.map(podKey));
    for (const key of this.snapshot.podKeys()) if (!podKeys.has(key) && !this.binding.has(key)) this.snapshot.removePod(key);
    for (const key of [...this.pending.keys()]) {
      if (!podKeys.has(key)) {
        this.pending.delete(key);
        this.unschedulable.delete(key);
      }
    }
    const nodeNames = new Set(nodes.items.map((n) => n.metadata.name!));
    for (const name of this.snapshot.nodeNames()) if (!nodeNames.has(name)) this.snapshot.removeNode(name);
  }

  private onNode(node: KubeObject): void {
    if (this.snapshot.upsertNode(node)) this.moveUnschedulable();
  }

  private onPod(pod: KubeObject): void {
    const key = podKey(pod);
    const nodeName: string | undefined = pod.spec?.nodeName;
    if (nodeName) {
      this.pending.delete(key);
      this.unschedulable.delete(key);
      if (terminal(pod)) {
        // a finished pod no longer holds resources (the scheduler's informer skips them)
        if (this.snapshot.removePod(key)) this.moveUnschedulable();
      } else if (!this.snapshot.accounted(key, pod.metadata.uid, nodeName)) {
        // the confirmation of an assumed pod (the common case) costs nothing
        this.snapshot.addPod(boundPod(pod, nodeName));
      }
      return;
    }
    if (!needsScheduling(pod)) {
      this.pending.delete(key);
      this.unschedulable.delete(key);
      return;
    }
    this.pending.set(key, pod);
    const u = this.unschedulable.get(key);
    // a pod waiting as unschedulable is retried by cluster events and its
    // backoff, not by its own status updates; a spec change retries it at once
    if (u && u.generation === pod.metadata.generation) return;
    this.queue.add(key);
  }

  private onPodDelete(pod: KubeObject): void {
    const key = podKey(pod);
    this.pending.delete(key);
    this.unschedulable.delete(key);
    if (this.snapshot.removePod(key)) this.moveUnschedulable();
  }

  /** a cluster change may let waiting pods fit: queue each once its backoff ends */
  private moveUnschedulable(): void {
    if (this.unschedulable.size === 0) return;
    for (const [key, delay] of this.unschedulable.due(this.now())) {
      if (delay === 0) this.queue.add(key);
      else this.queue.addAfter(key, delay);
    }
  }

  private async platforms(pod: KubeObject): Promise<Platform[][]> {
    const resolver = this.opts.resolver;
    if (!resolver) return [];
    const info = podInfo(pod);
    const lists = await Promise.all(info.images.map((img) => resolver.resolve(img, this.opts.platformBudgetMs ?? 1_000)));
    return lists.filter((l): l is Platform[] => l !== undefined);
  }

  private async scheduleOne(key: string): Promise<void> {
    let pod = this.pending.get(key);
    if (!pod || this.snapshot.hasPod(key)) return;
    const platforms = await this.platforms(pod);
    // the pod may have changed or gone while we waited for the registry
    pod = this.pending.get(key);
    if (!pod || this.snapshot.hasPod(key)) return;
    const info = podInfo(pod, platforms);
    const result = this.algorithm.schedule(info, this.snapshot);
    if (!result.ok) {
      await this.markUnschedulable(key, pod, result.message);
      return;
    }
    // assume: the next decision counts this pod on its node before the watch confirms it
    const assumed: BoundPod = { key, uid: pod.metadata.uid, nodeName: result.node, requests: info.requests, nonZero: info.nonZero, hostPorts: info.hostPorts, owner: info.owner };
    this.snapshot.addPod(assumed);
    this.pending.delete(key);
    this.unschedulable.delete(key);
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name!;
    this.binding.add(key);
    try {
      await bindPod(this.registry, ns, name, { target: { kind: 'Node', name: result.node }, metadata: { uid: pod.metadata.uid } });
    } catch (err) {
      this.stats.bindErrors++;
      this.snapshot.forget(assumed);
      const reason = err instanceof ApiError ? err.status.reason : undefined;
      // Conflict: bound by someone else or being deleted; NotFound: gone. The watch tells the rest.
      if (reason === 'NotFound' || reason === 'Conflict') return;
      if (!this.pending.has(key)) this.pending.set(key, pod);
      throw err;
    } finally {
      this.binding.delete(key);
    }
    this.stats.scheduled++;
    void this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${result.node}`);
  }

  private async markUnschedulable(key: string, pod: KubeObject, message: string): Promise<void> {
    this.stats.unschedulable++;
    this.unschedulable.failed(key, pod.metadata.generation, this.now());
    void this.recorder.event(pod, 'Warning', 'FailedScheduling', message);
    const conds: any[] = Array.isArray(pod.status?.conditions) ? pod.status.conditions : [];
    const old = conds.find((c) => c?.type === 'PodScheduled');
    if (old && old.status === 'False' && old.reason === 'Unschedulable' && old.message === message) return;
    const next = structuredClone(pod) as KubeObject;
    const cond = {
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message,
      lastTransitionTime: old?.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : timestamp(this.now()),
    };
    next.status = { ...(next.status ?? {}), conditions: [...conds.filter((c) => c?.type !== 'PodScheduled'), cond] };
    try {
      await this.registry.update(POD, pod.metadata.namespace ?? '', pod.metadata.name!, next, { subresource: 'status' });
    } catch (err) {
      // changed or deleted meanwhile: the watch brings the new version, the next attempt writes again
      const reason = err instanceof ApiError ? err.status.reason : undefined;
      if (reason !== 'Conflict' && reason !== 'NotFound') this.log(`scheduler: ${key}: cannot set PodScheduled: ${(err as Error).message}`);
    }
  }
}
