// ServiceProxy: keeps this node's `table ip edgeplane` equal to the rules
// rendered from the latest ClusterServices. Like kube-proxy's nftables mode:
// a full sync on start and after any failed apply (the kernel state is then
// unknown), a periodic resync (repairs drift, keeps affinity sets), and
// incremental transactions in between that touch only changed services.
// Updates are serialized; the last applied ruleset is kept in memory.
import type { ClusterServices } from '../../shared/mqtt/cluster-services.js';
import { DEFAULT_TABLE, type LocalNode, type Ruleset } from './ruleset.js';
import { RulesetBuilder } from './builder.js';
import { FAMILY, renderFull, renderResync } from './render.js';
import { renderDiff } from './diff.js';
import type { Nft } from './nft.js';

export type SyncMode = 'full' | 'resync' | 'incremental' | 'noop';

export interface ServiceProxyOptions {
  nft: Nft;
  node: LocalNode;
  table?: string;
  /** periodic resync interval (default 5 min) */
  resyncMs?: number;
  now?: () => number;
  /** called after each apply (for logs and metrics) */
  onSync?: (r: SyncResult) => void;
}

export interface SyncResult {
  mode: SyncMode;
  revision: number;
  /** bytes of nft script applied */
  bytes: number;
  ms: number;
}

export const DEFAULT_RESYNC_MS = 5 * 60_000;

export class ServiceProxy {
  private readonly table: string;
  private readonly resyncMs: number;
  private readonly now: () => number;
  private applied: Ruleset | undefined;
  private lastCs: ClusterServices | undefined;
  private needFull = true;
  private lastFullAt = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly builder = new RulesetBuilder();

  constructor(private readonly opts: ServiceProxyOptions) {
    this.table = opts.table ?? DEFAULT_TABLE;
    this.resyncMs = opts.resyncMs ?? DEFAULT_RESYNC_MS;
    this.now = opts.now ?? Date.now;
  }

  /** Programs the rules for `cs`. Throws when nft fails; the next update is then a full sync. */
  update(cs: ClusterServices): Promise<SyncResult> {
    this.lastCs = cs;
    return this.serialize(() => this.sync(cs, false));
  }

  /** Re-asserts the last document now (the periodic timer calls this). No-op before the first update. */
  resync(): Promise<SyncResult | undefined> {
    const cs = this.lastCs;
    return cs ? this.serialize(() => this.sync(cs, true)) : Promise.resolve(undefined);
  }

  /** Starts the periodic resync timer (unref'd: it never keeps the process alive). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.resync().catch(() => undefined), this.resyncMs);
    this.timer.unref();
  }

  /** Stops the timer and releases the nft session (an update afterwards still works). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.opts.nft.close?.();
  }

  /** Removes every rule of the proxy (`edgeplane agent --cleanup`); the next update is a full sync. */
  cleanup(): Promise<boolean> {
    this.stop();
    return this.serialize(async () => {
      this.applied = undefined;
      this.needFull = true;
      return this.opts.nft.deleteTable(FAMILY, this.table);
    });
  }

  /** The last successfully applied ruleset (for tests and diagnostics). */
  get current(): Ruleset | undefined {
    return this.applied;
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn, fn);
    this.chain = p.catch(() => undefined);
    return p;
  }

  private async sync(cs: ClusterServices, forceResync: boolean): Promise<SyncResult> {
    const next = this.builder.build(cs, this.opts.node, this.table);
    const started = performance.now();
    let mode: SyncMode;
    let script: string;
    const due = this.now() - this.lastFullAt >= this.resyncMs;
    const diff = !this.needFull && this.applied && !forceResync && !due ? renderDiff(this.applied, next) : undefined;
    if (this.needFull || !this.applied) {
      mode = 'full';
      script = renderFull(next);
    } else if (diff === undefined) {
      mode = 'resync';
      script = renderResync(this.applied, next);
    } else {
      mode = diff === '' ? 'noop' : 'incremental';
      script = diff;
    }
    if (script) {
      try {
        await this.opts.nft.apply(script);
      } catch (e) {
        // The transaction was rolled back, but our idea of the kernel state may be wrong: start over.
        this.needFull = true;
        throw e;
      }
    }
    if (mode === 'full' || mode === 'resync') this.lastFullAt = this.now();
    this.applied = next;
    this.needFull = false;
    const r: SyncResult = { mode, revision: cs.revision, bytes: Buffer.byteLength(script), ms: performance.now() - started };
    this.opts.onSync?.(r);
    return r;
  }
}
