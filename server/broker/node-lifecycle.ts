// Node liveness and status (the kubelet-facing half of the node lifecycle
// controller). Liveness is soft state: which MQTT client currently speaks for
// each node and its last status report, held in memory. The Node object is
// written only when planNode() says something meaningful changed: on join,
// connect/disconnect, and fact or pressure changes — never per heartbeat.

import type { Registry } from '../registry/registry.js';
import type { NodeStatusReport } from '../../shared/mqtt/messages.js';
import { isConflict, isNotFound, NODE } from './kinds.js';
import { planNode } from './node-status.js';
import { KeyedSync } from './keyed-sync.js';

const CONFLICT_RETRY_MS = 20;

interface Liveness {
  /** the aedes client object of the live session (identity, not id: a reconnect replaces it) */
  client?: object;
  report?: NodeStatusReport;
}

export interface NodeLifecycleOptions {
  registry: Registry;
  log: (m: string) => void;
  /** after a server start, nodes that have not reconnected by then become Unknown */
  startupGraceMs?: number;
  /** observer for tests/benchmarks: called after a Node write */
  onWrite?: (node: string, what: 'metadata' | 'status') => void;
}

export class NodeLifecycle {
  private live = new Map<string, Liveness>();
  private sync: KeyedSync;
  private graceTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly opts: NodeLifecycleOptions) {
    this.sync = new KeyedSync(
      (n) => this.reconcile(n),
      (n, err) => opts.log(`node ${n}: status write failed: ${(err as Error).message}`),
    );
  }

  start(): void {
    // Ready=True left in the store by the previous server process is unverified
    // until the agent reconnects; give agents time to do so, then mark the rest.
    this.graceTimer = setTimeout(() => {
      void this.opts.registry.list(NODE, '').then(({ items }) => {
        for (const n of items) if (!this.isOnline(n.metadata.name!)) this.sync.kick(n.metadata.name!);
      }, () => undefined);
    }, this.opts.startupGraceMs ?? 40_000);
    this.graceTimer.unref();
  }

  isOnline(node: string): boolean {
    return this.live.get(node)?.client !== undefined;
  }

  connected(node: string, client: object): void {
    // a new session: its first status report makes the node Ready
    this.live.set(node, { client });
    this.sync.kick(node);
  }

  /** A session ended (disconnect, keepalive timeout, or the agent said `offline`). */
  disconnected(node: string, client: object): boolean {
    const l = this.live.get(node);
    if (!l || l.client !== client) return false; // an older session, already replaced
    this.live.set(node, {});
    this.sync.kick(node);
    return true;
  }

  status(node: string, client: object, report: NodeStatusReport): void {
    const l = this.live.get(node);
    if (!l || l.client !== client) return;
    l.report = report;
    this.sync.kick(node);
  }

  private async reconcile(name: string): Promise<void> {
    if (this.closed) return;
    let node;
    try {
      node = await this.opts.registry.get(NODE, '', name);
    } catch (err) {
      if (isNotFound(err)) return; // deleted: nothing to report into
      throw err;
    }
    const l = this.live.get(name) ?? {};
    const plan = planNode(node, l.report, l.client !== undefined, new Date());
    try {
      if (plan.metadata) {
        const body = structuredClone(node) as any;
        body.metadata.labels = plan.metadata.labels;
        body.metadata.annotations = plan.metadata.annotations;
        node = (await this.opts.registry.update(NODE, '', name, body)).object;
        this.opts.onWrite?.(name, 'metadata');
      }
      if (plan.status) {
        const body = { ...structuredClone(node), status: plan.status };
        await this.opts.registry.update(NODE, '', name, body, { subresource: 'status' });
        this.opts.onWrite?.(name, 'status');
      }
    } catch (err) {
      // someone else wrote the Node meanwhile: run again on the fresh object. Not at
      // once: the store answers Conflict while the other write waits for its fsync,
      // and an immediate retry (a microtask loop) would starve that very fsync.
      if (isConflict(err)) setTimeout(() => this.sync.kick(name), CONFLICT_RETRY_MS).unref();
      else throw err;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.graceTimer);
    await this.sync.drain();
  }
}
