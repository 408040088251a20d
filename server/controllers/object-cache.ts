// A watched, in-memory copy of one kind (client-go's informer + indexer,
// shrunk): controllers read pods and ReplicaSets from here instead of listing
// the store on every sync. A relist replaces the whole content, so a deletion
// missed while the watch was down does not linger. The cache may lag the
// store by a few events; controllers guard their writes with expectations.

import type { KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import type { Registry } from '../registry/registry.js';
import { startWatch } from '../registry/watch.js';
import type { Watch } from '../store/types.js';

const RESYNC_MS = 5 * 60_000;
const RESTART_DELAY_MS = 1_000;

export interface CacheHandlers {
  /** an object was added or changed (also called for every object on a relist) */
  onUpsert?(obj: KubeObject, old: KubeObject | undefined): void;
  onDelete?(obj: KubeObject): void;
}

export class ObjectCache {
  /** namespace -> name -> object */
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  private watch: Watch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly registry: Registry,
    readonly kind: KindInfo,
    private readonly handlers: CacheHandlers = {},
  ) {}

  async start(): Promise<void> {
    await this.relist();
    const tick = () => {
      if (this.stopped) return;
      void this.relist().catch(() => undefined);
      this.timer = setTimeout(tick, RESYNC_MS);
      this.timer.unref?.();
    };
    this.timer = setTimeout(tick, RESYNC_MS);
    this.timer.unref?.();
  }

  stop(): void {
    this.stopped = true;
    this.watch?.close();
    if (this.timer) clearTimeout(this.timer);
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  list(namespace: string): KubeObject[] {
    return [...(this.byNamespace.get(namespace)?.values() ?? [])];
  }

  private upsert(obj: KubeObject): void {
    const ns = obj.metadata.namespace ?? '';
    let m = this.byNamespace.get(ns);
    if (!m) this.byNamespace.set(ns, (m = new Map()));
    const old = m.get(obj.metadata.name!);
    m.set(obj.metadata.name!, obj);
    this.handlers.onUpsert?.(obj, old);
  }

  private remove(obj: KubeObject): void {
    const ns = obj.metadata.namespace ?? '';
    const m = this.byNamespace.get(ns);
    if (!m) return;
    const cur = m.get(obj.metadata.name!);
    if (!cur) return;
    m.delete(obj.metadata.name!);
    if (m.size === 0) this.byNamespace.delete(ns);
    this.handlers.onDelete?.(cur);
  }

  private async relist(): Promise<void> {
    if (this.stopped) return;
    this.watch?.close();
    const { items, revision } = await this.registry.list(this.kind, '');
    const seen = new Set(items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`));
    for (const [ns, m] of [...this.byNamespace]) {
      for (const o of [...m.values()]) if (!seen.has(`${ns}/${o.metadata.name}`)) this.remove(o);
    }
    for (const o of items) this.upsert(o);
    const matcher = this.registry.matcher(this.kind, {});
    this.watch = await startWatch(
      this.registry,
      this.kind,
      { namespace: '', resourceVersion: String(revision), matcher },
      (ev) => (ev.type === 'DELETED' ? this.remove(ev.object) : this.upsert(ev.object)),
      () => {
        if (this.stopped) return;
        setTimeout(() => void this.relist().catch(() => undefined), RESTART_DELAY_MS).unref?.();
      },
    );
  }
}
