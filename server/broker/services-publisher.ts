// Publishes the retained ClusterServices document on edgeplane/cluster/services
// (docs/mqtt.md). Level-triggered like the desired-state publisher: any change
// to Services, Endpoints or Nodes marks the document dirty; it is rebuilt from
// the store at most once per batch window and published only when its content
// differs from what this process last published. A fresh process has published
// nothing, so a server restart (retained messages gone) republishes it at once.

import { createHash } from 'node:crypto';
import type { Store, Watch } from '../store/types.js';
import { topics } from '../../shared/mqtt/topics.js';
import { WorkQueue } from '../controllers/workqueue.js';
import { buildClusterServices, type ClusterNetwork } from './services-doc.js';
import type { RetainedPublisher } from './desired-publisher.js';

/**
 * A pod becoming ready touches its Endpoints (and often several services at
 * once during a rollout): one document per window. Short, because this is on
 * the network-programming path (issue 5: endpoint change → rule on every node
 * within a second).
 */
const BATCH_MS = 50;
const KEY = 'cluster';

export class ServicesPublisher {
  private published: string | undefined;
  private watches: Watch[] = [];
  private closed = false;
  private readonly queue: WorkQueue;

  constructor(
    private readonly store: Store,
    private readonly net: ClusterNetwork,
    private readonly publish: RetainedPublisher,
    private readonly log: (m: string) => void,
  ) {
    this.queue = new WorkQueue(() => this.sync(), {
      baseDelayMs: 200,
      maxDelayMs: 10_000,
      onError: (_k, err) => this.log(`cluster services publish failed: ${(err as Error).message}`),
    });
  }

  /** Resolves once the document has been published (or found unchanged). */
  async start(): Promise<void> {
    this.watchAll();
    this.queue.add(KEY);
    await this.queue.idle();
  }

  /** for tests and shutdown */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private watchAll(): void {
    for (const w of this.watches) w.close();
    const from = this.store.revision();
    const onError = () => {
      // the store ended a watch (backlog, close): watch again and rebuild
      if (this.closed) return;
      this.watchAll();
      this.queue.add(KEY);
    };
    const dirty = () => this.queue.addAfter(KEY, BATCH_MS);
    this.watches = ['services', 'endpoints', 'nodes'].map((resource) => this.store.watch({ resource, fromRevision: from, onError }, dirty));
  }

  private async sync(): Promise<void> {
    if (this.closed) return;
    const revision = this.store.revision();
    const [services, endpoints, nodes] = await Promise.all([
      this.store.list('services', ''),
      this.store.list('endpoints', ''),
      this.store.list('nodes', ''),
    ]);
    const body = JSON.stringify(buildClusterServices(this.net, services.items, endpoints.items, nodes.items));
    const digest = createHash('sha256').update(body).digest('base64');
    if (digest === this.published) return;
    await this.publish(topics.services, `{"revision":${revision},${body.slice(1)}`);
    this.published = digest;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.watches) w.close();
    this.queue.stop();
  }
}
