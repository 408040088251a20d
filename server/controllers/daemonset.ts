// The DaemonSet controller (pkg/controller/daemon, shrunk): one pod per node
// that matches the DaemonSet, created with spec.nodeName set (so no scheduler
// is involved) and pinned by node affinity as Kubernetes ≥1.12 pins them.
// Level-triggered: any change to the DaemonSet, one of its pods or any Node
// queues the DaemonSet, and sync() recomputes everything from the store.

import { KINDS } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import { ApiError } from '../api/status.js';
import { EventRecorder } from '../events/recorder.js';
import type { Registry } from '../registry/registry.js';
import { Informer } from './informer.js';
import { WorkQueue } from './workqueue.js';
import { planDaemonSet, type DaemonSetStatus } from './daemonset/plan.js';
import { controllerOf, newDaemonPod } from './daemonset/pod.js';

const DAEMONSET = KINDS.find((k) => k.kind === 'DaemonSet')!;
const POD = KINDS.find((k) => k.kind === 'Pod')!;
const NODE = KINDS.find((k) => k.kind === 'Node')!;

const STATUS_FIELDS: Array<keyof DaemonSetStatus> = [
  'currentNumberScheduled',
  'numberMisscheduled',
  'desiredNumberScheduled',
  'numberReady',
  'observedGeneration',
  'updatedNumberScheduled',
  'numberAvailable',
  'numberUnavailable',
];

const isNotFound = (err: unknown) => err instanceof ApiError && err.status.code === 404;

export class DaemonSetController {
  private readonly queue: WorkQueue;
  private readonly informers: Informer[];
  private readonly known = new Set<string>();
  private readonly recorder: EventRecorder;

  constructor(
    private readonly registry: Registry,
    log: (msg: string) => void = () => undefined,
  ) {
    this.recorder = new EventRecorder(registry, { component: 'daemonset-controller', log });
    this.queue = new WorkQueue((key) => this.sync(key), {
      baseDelayMs: 200,
      maxDelayMs: 30_000,
      concurrency: 2,
      onError: (key, err) => log(`daemonset ${key}: ${(err as Error).message}`),
    });
    const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
    this.informers = [
      new Informer(
        registry,
        DAEMONSET,
        (ds) => {
          this.known.add(key(ds));
          this.queue.add(key(ds));
        },
        (ds) => this.known.delete(key(ds)),
      ),
      new Informer(
        registry,
        POD,
        (p) => this.podChanged(p),
        (p) => this.podChanged(p),
      ),
      // a node joining, leaving, relabelled or (un)tainted can change every DaemonSet
      new Informer(
        registry,
        NODE,
        () => this.enqueueAll(),
        () => this.enqueueAll(),
      ),
    ];
  }

  async start(): Promise<void> {
    for (const i of this.informers) await i.start();
  }

  stop(): void {
    for (const i of this.informers) i.stop();
    this.queue.stop();
  }

  /** for tests: resolves when nothing is queued */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private podChanged(pod: KubeObject): void {
    const ref = controllerOf(pod);
    if (ref?.kind === 'DaemonSet') this.queue.add(`${pod.metadata.namespace}/${ref.name}`);
  }

  private enqueueAll(): void {
    for (const k of this.known) this.queue.add(k);
  }

  private async sync(key: string): Promise<void> {
    const [namespace, name] = key.split('/');
    let ds: KubeObject;
    try {
      ds = await this.registry.get(DAEMONSET, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    // a DaemonSet being deleted is the garbage collector's: creating pods now would race it
    if (ds.metadata.deletionTimestamp) return;
    const [{ items: nodes }, { items: allPods }] = await Promise.all([this.registry.list(NODE, ''), this.registry.list(POD, namespace)]);
    const pods = allPods.filter((p) => controllerOf(p)?.uid === ds.metadata.uid);
    const plan = planDaemonSet(ds, nodes, pods, new Date());

    for (const { pod } of plan.delete) {
      try {
        await this.registry.delete(POD, namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
        void this.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        if (!isNotFound(err)) {
          void this.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
          throw err;
        }
      }
    }
    for (const nodeName of plan.create) {
      try {
        const { object } = await this.registry.create(POD, namespace, newDaemonPod(ds, nodeName, plan.hash));
        void this.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${object.metadata.name}`);
      } catch (err) {
        void this.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
        throw err;
      }
    }
    await this.writeStatus(ds, plan.status);
    if (plan.requeueAfterMs !== undefined) this.queue.addAfter(key, plan.requeueAfterMs + 50);
  }

  private async writeStatus(ds: KubeObject, status: DaemonSetStatus): Promise<void> {
    const cur = ds.status ?? {};
    if (STATUS_FIELDS.every((f) => (cur[f] ?? 0) === status[f])) return;
    const next = structuredClone(ds) as KubeObject;
    next.status = { ...cur, ...status };
    // resourceVersion precondition: a conflict retries the whole sync on fresh data
    await this.registry.update(DAEMONSET, ds.metadata.namespace!, ds.metadata.name!, next, { subresource: 'status' });
  }
}
