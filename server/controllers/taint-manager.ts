// The NoExecute taint manager (pkg/controller/tainteviction): pods on a node
// with a NoExecute taint they do not tolerate are deleted; those tolerating it
// for tolerationSeconds are deleted when that runs out (counted from the
// taint's timeAdded), unless the taint is gone by then. Only the server
// decides eviction: an agent cut off from the server keeps its pods running,
// and stops a deleted pod when it reconnects and receives a desired set
// without it.

import { KINDS } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import { ApiError } from '../api/status.js';
import { EventRecorder } from '../events/recorder.js';
import type { Registry } from '../registry/registry.js';
import { Informer } from './informer.js';
import { planEvictions } from './taint-eviction.js';
import { taintToString, type Taint } from './tolerations.js';
import { WorkQueue } from './workqueue.js';

const NODE = KINDS.find((k) => k.kind === 'Node')!;
const POD = KINDS.find((k) => k.kind === 'Pod')!;

const isNotFound = (err: unknown) => err instanceof ApiError && err.status.code === 404;

export class TaintManager {
  private readonly queue: WorkQueue;
  private readonly informers: Informer[];
  private readonly recorder: EventRecorder;
  /** one wake-up per node, at its earliest pending deadline */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** pods with a pending deadline per node (for the cancel Event) */
  private readonly pending = new Map<string, Map<string, KubeObject>>();
  /** when a NoExecute taint without timeAdded was first seen */
  private readonly firstSeen = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly registry: Registry,
    log: (msg: string) => void = () => undefined,
  ) {
    this.recorder = new EventRecorder(registry, { component: 'taint-eviction-controller', log });
    this.queue = new WorkQueue((name) => this.sync(name), {
      baseDelayMs: 200,
      maxDelayMs: 10_000,
      concurrency: 2,
      onError: (name, err) => log(`taint manager ${name}: ${(err as Error).message}`),
    });
    this.informers = [
      new Informer(
        registry,
        NODE,
        (n) => this.queue.add(n.metadata.name!),
        (n) => this.forget(n.metadata.name!),
      ),
      // a pod bound to a tainted node (or changing its tolerations) is judged too
      new Informer(registry, POD, (p) => {
        const node = p.spec?.nodeName;
        if (typeof node === 'string' && node) this.queue.add(node);
      }),
    ];
  }

  async start(): Promise<void> {
    for (const i of this.informers) await i.start();
  }

  stop(): void {
    this.stopped = true;
    for (const i of this.informers) i.stop();
    this.queue.stop();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private forget(node: string): void {
    const t = this.timers.get(node);
    if (t) clearTimeout(t);
    this.timers.delete(node);
    this.pending.delete(node);
  }

  private async sync(name: string): Promise<void> {
    let node: KubeObject;
    try {
      node = await this.registry.get(NODE, '', name);
    } catch (err) {
      if (isNotFound(err)) return this.forget(name);
      throw err;
    }
    const { items: pods } = await this.registry.list(POD, '', { fieldSelector: `spec.nodeName=${name}` });
    const now = new Date();
    const plan = planEvictions(node, pods, now, (t: Taint) => {
      const k = `${name}/${taintToString(t)}`;
      if (!this.firstSeen.has(k)) this.firstSeen.set(k, now.getTime());
      return this.firstSeen.get(k)!;
    });
    for (const k of [...this.firstSeen.keys()]) {
      if (k.startsWith(`${name}/`) && !(node.spec?.taints ?? []).some((t: Taint) => `${name}/${taintToString(t)}` === k)) this.firstSeen.delete(k);
    }

    const before = this.pending.get(name) ?? new Map<string, KubeObject>();
    const after = new Map(plan.later.map(({ pod }) => [pod.metadata.uid!, pod]));
    for (const pod of plan.now) {
      try {
        await this.registry.delete(POD, pod.metadata.namespace!, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
        void this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
      } catch (err) {
        if (!isNotFound(err) && !(err instanceof ApiError && err.status.code === 409)) throw err;
      }
      before.delete(pod.metadata.uid!);
    }
    // a pending eviction whose pod is still here but no longer due (the taint went away)
    const stillThere = new Set(pods.map((p) => p.metadata.uid));
    for (const [uid, pod] of before) {
      if (!after.has(uid) && stillThere.has(uid)) {
        void this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
      }
    }
    if (after.size > 0) this.pending.set(name, after);
    else this.pending.delete(name);

    const old = this.timers.get(name);
    if (old) clearTimeout(old);
    this.timers.delete(name);
    if (plan.later.length > 0 && !this.stopped) {
      const at = Math.min(...plan.later.map((l) => l.at));
      const t = setTimeout(() => {
        this.timers.delete(name);
        this.queue.add(name);
      }, Math.max(0, at - Date.now()) + 10);
      t.unref?.();
      this.timers.set(name, t);
    }
  }
}
