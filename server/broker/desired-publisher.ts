// Publishes each node's desired set, retained, on edgeplane/desired/<node>.
// Level-triggered: any change to pods, ConfigMaps, Secrets or Nodes schedules
// one recomputation of all sets from the store; a set is published only when
// its content differs from what this process last published. A fresh process
// has published nothing, so after a server restart (retained messages gone)
// every node's set — empty ones included — goes out again and agents converge.

import type { Store, Watch } from '../store/types.js';
import type { Registry } from '../registry/registry.js';
import { topics } from '../../shared/mqtt/topics.js';
import type { DesiredSet } from '../../shared/mqtt/messages.js';
import { CONFIGMAP, NODE, POD, SECRET } from './kinds.js';
import { planDesiredSets } from './desired-set.js';

export type RetainedPublisher = (topic: string, payload: string) => Promise<void>;

const DEBOUNCE_MS = 20;
const WATCHED = ['pods', 'configmaps', 'secrets', 'nodes'];

export class DesiredPublisher {
  private published = new Map<string, string>();
  private watches: Watch[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
    private readonly publish: RetainedPublisher,
    private readonly log: (m: string) => void,
  ) {}

  async start(): Promise<void> {
    this.rewatch();
    await this.runOnce();
  }

  private rewatch(): void {
    for (const w of this.watches) w.close();
    const from = this.store.revision();
    this.watches = WATCHED.map((resource) =>
      this.store.watch(
        {
          resource,
          fromRevision: from,
          onError: () => {
            // the store ended the watch (backlog, close): resubscribe and recompute everything
            if (this.closed) return;
            this.rewatch();
            this.schedule();
          },
        },
        () => this.schedule(),
      ),
    );
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runOnce();
    }, DEBOUNCE_MS);
  }

  private async runOnce(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.recompute();
        } catch (err) {
          this.log(`desired-state publish failed: ${(err as Error).message}`);
        }
      } while (this.again && !this.closed);
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async recompute(): Promise<void> {
    const revision = this.store.revision();
    const [nodes, pods, cms, secrets] = await Promise.all([
      this.registry.list(NODE, ''),
      this.registry.list(POD, ''),
      this.registry.list(CONFIGMAP, ''),
      this.registry.list(SECRET, ''),
    ]);
    const sets = planDesiredSets(
      nodes.items.map((n) => n.metadata.name!),
      pods.items,
      cms.items,
      secrets.items,
    );
    // nodes that had a set but have none now (Node deleted, no pods) get an empty one
    for (const n of this.published.keys()) if (!sets.has(n)) sets.set(n, { nodeName: n, pods: [], configMaps: [], secrets: [] });
    for (const [node, content] of sets) {
      const body = JSON.stringify(content);
      if (this.published.get(node) === body) continue;
      const msg: DesiredSet = { ...content, revision };
      await this.publish(topics.desired(node), JSON.stringify(msg));
      this.published.set(node, body);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const w of this.watches) w.close();
    await this.running;
  }
}
