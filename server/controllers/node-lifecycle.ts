// The node lifecycle controller's tainting half (pkg/controller/nodelifecycle):
// keeps the condition taints of every Node in line with its conditions and
// spec.unschedulable (see node-taints.ts), and records NodeNotReady/NodeReady
// Events. The broker (server/broker/node-lifecycle.ts) owns the conditions:
// Ready=Unknown when the agent's MQTT session is gone (the node stopped
// reporting, as kubelet's missed heartbeats do in Kubernetes), Ready=True while
// it reports. Eviction is taint-manager.ts's job. While a node is not ready its
// pods are marked not ready (MarkPodsNotReady, see pod-state.ts), so Services
// stop sending them traffic within seconds of the node dropping off.

import { KINDS } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import { EventRecorder } from '../events/recorder.js';
import type { Registry } from '../registry/registry.js';
import { Informer } from './informer.js';
import { planNodeTaints, readyState, type ReadyState } from './node-taints.js';
import { WorkQueue } from './workqueue.js';
import { podReadyForNode } from './pod-state.js';

const NODE = KINDS.find((k) => k.kind === 'Node')!;
const POD = KINDS.find((k) => k.kind === 'Pod')!;

export class NodeLifecycleController {
  private readonly queue: WorkQueue;
  private readonly informer: Informer;
  private readonly recorder: EventRecorder;
  /** last Ready state seen per node, for transition Events */
  private readonly lastReady = new Map<string, ReadyState>();

  constructor(
    private readonly registry: Registry,
    log: (msg: string) => void = () => undefined,
  ) {
    this.recorder = new EventRecorder(registry, { component: 'node-controller', log });
    this.queue = new WorkQueue((name) => this.sync(name), {
      baseDelayMs: 100,
      maxDelayMs: 10_000,
      concurrency: 2,
      onError: (name, err) => log(`node lifecycle ${name}: ${(err as Error).message}`),
    });
    this.informer = new Informer(
      registry,
      NODE,
      (n) => this.queue.add(n.metadata.name!),
      (n) => this.lastReady.delete(n.metadata.name!),
    );
  }

  async start(): Promise<void> {
    await this.informer.start();
  }

  stop(): void {
    this.informer.stop();
    this.queue.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async sync(name: string): Promise<void> {
    const node = await this.registry.find(NODE, '', name);
    if (!node) return;
    const prev = this.lastReady.get(name);
    this.recordTransition(node);
    const state = readyState(node);
    // Pods are listed only while the node is not ready or just after it recovered, never for every healthy node.
    if (state !== 'True' || (prev !== undefined && prev !== 'True')) await this.syncPodsReady(name, state === 'True');
    const taints = planNodeTaints(node, new Date());
    if (!taints) return;
    const next = structuredClone(node) as KubeObject;
    next.spec = { ...(next.spec ?? {}), taints };
    if (taints.length === 0) delete next.spec.taints;
    // resourceVersion precondition: a concurrent status write makes this a conflict, retried on fresh data
    await this.registry.update(NODE, '', name, next);
  }

  private async syncPodsReady(node: string, nodeReady: boolean): Promise<void> {
    const { items } = await this.registry.list(POD, '', { fieldSelector: `spec.nodeName=${node}` });
    const now = new Date();
    for (const pod of items) {
      const status = podReadyForNode(pod, nodeReady, now);
      if (!status) continue;
      // resourceVersion precondition: an agent report written meanwhile wins (Conflict → the node is synced again)
      await this.registry.update(POD, pod.metadata.namespace!, pod.metadata.name!, { ...structuredClone(pod), status }, { subresource: 'status' });
      if (!nodeReady) void this.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }

  private recordTransition(node: KubeObject): void {
    const name = node.metadata.name!;
    const state = readyState(node);
    const prev = this.lastReady.get(name);
    this.lastReady.set(name, state);
    if (prev === state || (prev === undefined && state === 'True')) return;
    if (prev !== undefined && prev !== 'True' && state !== 'True') return; // False ⇄ Unknown: still not ready
    const reason = state === 'True' ? 'NodeReady' : 'NodeNotReady';
    void this.recorder.event(node, 'Normal', reason, `Node ${name} status is now: ${reason}`);
  }
}
