// Publishes each node's desired set, retained, on edgeplane/desired/<node>.
// Level-triggered: a change to pods, ConfigMaps, Secrets or Nodes queues the
// nodes it affects; a node's set is recomputed from the store and published
// only when its content differs from what this process last published. A
// fresh process has published nothing, so after a server restart (retained
// messages gone) every node's set — empty ones included — goes out again and
// agents converge.

import { createHash } from 'node:crypto';
import type { KubeObject } from '../../shared/api/object.js';
import type { Store, StoreEvent, Watch } from '../store/types.js';
import type { Registry } from '../registry/registry.js';
import { topics } from '../../shared/mqtt/topics.js';
import { WorkQueue } from '../controllers/workqueue.js';
import { CONFIGMAP, NODE, POD, SECRET } from './kinds.js';
import { planDesiredSets } from './desired-set.js';

export type RetainedPublisher = (topic: string, payload: string) => Promise<void>;

/**
 * A node's set is published at most once per window: a burst of pod creates
 * for one node becomes one message (the agent only needs the latest set).
 */
const BATCH_MS = 100;

/**
 * Keyed by node: a change dirties only the nodes it touches (a pod's old and
 * new node; for a ConfigMap or Secret, the nodes running pods in its
 * namespace), and the work queue coalesces bursts, so the cost of a pod create
 * is one node's set, not the whole cluster's. Only digests of what was
 * published are kept.
 */
export class DesiredPublisher {
  private readonly published = new Map<string, string>();
  private readonly podNode = new Map<string, string>();
  private readonly podsByNode = new Map<string, Set<string>>();
  /** namespace -> node -> number of that node's pods in the namespace */
  private readonly nodesByNamespace = new Map<string, Map<string, number>>();
  private watches: Watch[] = [];
  private closed = false;
  private readonly queue: WorkQueue;

  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
    private readonly publish: RetainedPublisher,
    private readonly log: (m: string) => void,
  ) {
    this.queue = new WorkQueue((node) => this.sync(node), {
      baseDelayMs: 200,
      maxDelayMs: 10_000,
      onError: (node, err) => this.log(`desired-state publish for ${node} failed: ${(err as Error).message}`),
    });
  }

  /** Resolves once every node's set has been published (or found unchanged). */
  async start(): Promise<void> {
    await this.resync();
    await this.queue.idle();
  }

  /** for tests and shutdown: resolves when no node is waiting to be published */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Watch from now, then list: events that overlap the list are harmless (the index updates are idempotent). */
  private async resync(): Promise<void> {
    for (const w of this.watches) w.close();
    const from = this.store.revision();
    const onError = () => {
      // the store ended a watch (backlog, close): start over
      if (!this.closed) void this.resync().catch((err) => this.log(`desired-state resync failed: ${(err as Error).message}`));
    };
    this.watches = [
      this.store.watch({ resource: 'pods', fromRevision: from, onError }, (ev) => this.podEvent(ev)),
      this.store.watch({ resource: 'configmaps', fromRevision: from, onError }, (ev) => this.configEvent(ev)),
      this.store.watch({ resource: 'secrets', fromRevision: from, onError }, (ev) => this.configEvent(ev)),
      this.store.watch({ resource: 'nodes', fromRevision: from, onError }, (ev) => this.dirty(ev.object.metadata.name!)),
    ];
    const [nodes, pods] = await Promise.all([this.registry.list(NODE, ''), this.registry.list(POD, '')]);
    for (const p of pods.items) this.track(podKey(p), nodeOf(p), p.metadata.namespace ?? '');
    // start-up publishes at once; only later changes are batched
    for (const n of nodes.items) this.queue.add(n.metadata.name!);
    for (const n of new Set(this.podNode.values())) this.queue.add(n);
    // nodes published before (an earlier resync) are re-checked too
    for (const n of this.published.keys()) this.queue.add(n);
  }

  private podEvent(ev: StoreEvent): void {
    const key = podKey(ev.object);
    const before = this.podNode.get(key);
    const after = ev.type === 'DELETED' ? undefined : nodeOf(ev.object);
    this.track(key, after, ev.object.metadata.namespace ?? '');
    if (before) this.dirty(before);
    if (after) this.dirty(after);
  }

  private configEvent(ev: StoreEvent): void {
    for (const node of this.nodesByNamespace.get(ev.object.metadata.namespace ?? '')?.keys() ?? []) this.dirty(node);
  }

  private dirty(node: string): void {
    this.queue.addAfter(node, BATCH_MS);
  }

  private track(key: string, node: string | undefined, namespace: string): void {
    const old = this.podNode.get(key);
    if (old === node) return;
    if (old) {
      const counts = this.nodesByNamespace.get(namespace);
      const n = (counts?.get(old) ?? 1) - 1;
      if (n <= 0) counts?.delete(old);
      else counts?.set(old, n);
      this.podNode.delete(key);
      const set = this.podsByNode.get(old);
      set?.delete(key);
      if (set?.size === 0) this.podsByNode.delete(old);
    }
    if (node) {
      this.podNode.set(key, node);
      let set = this.podsByNode.get(node);
      if (!set) this.podsByNode.set(node, (set = new Set()));
      set.add(key);
      let counts = this.nodesByNamespace.get(namespace);
      if (!counts) this.nodesByNamespace.set(namespace, (counts = new Map()));
      counts.set(node, (counts.get(node) ?? 0) + 1);
    }
  }

  private async sync(node: string): Promise<void> {
    if (this.closed) return;
    const revision = this.store.revision();
    // the index says which pods to read; the store says what they are now
    const pods: KubeObject[] = [];
    for (const key of this.podsByNode.get(node) ?? []) {
      const [ns, name] = key.split('/');
      const p = await this.store.get({ resource: 'pods', namespace: ns, name });
      if (p && nodeOf(p) === node) pods.push(p);
    }
    const namespaces = [...new Set(pods.map((p) => p.metadata.namespace ?? ''))];
    const configMaps: KubeObject[] = [];
    const secrets: KubeObject[] = [];
    for (const ns of namespaces) {
      configMaps.push(...(await this.registry.list(CONFIGMAP, ns)).items);
      secrets.push(...(await this.registry.list(SECRET, ns)).items);
    }
    const planned = planDesiredSets([node], pods, configMaps, secrets).get(node)!;
    // the node reports status itself; echoing it back would republish the set
    // on every status change
    const content = { ...planned, pods: planned.pods.map(withoutStatus) };
    const body = JSON.stringify(content);
    const digest = createHash('sha256').update(body).digest('base64');
    if (this.published.get(node) === digest) return;
    // `{"revision":N,...content}` without serializing the set twice
    const msg = `{"revision":${revision},${body.slice(1)}`;
    await this.publish(topics.desired(node), msg);
    this.published.set(node, digest);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.watches) w.close();
    this.queue.stop();
  }
}

function podKey(p: KubeObject): string {
  return `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`;
}

function nodeOf(p: KubeObject): string | undefined {
  const n = p.spec?.nodeName;
  return typeof n === 'string' && n !== '' ? n : undefined;
}

function withoutStatus(p: KubeObject): KubeObject {
  const { status: _status, ...rest } = p;
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = p.metadata;
  return { ...rest, metadata } as KubeObject;
}
