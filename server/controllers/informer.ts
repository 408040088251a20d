// List-then-watch of one kind, calling back for every object seen (initial
// list, each change, and every resync), restarting the watch when it ends or
// its revision expired. The callback gets the current object; deletions call
// `onDelete`. Level-triggered consumers only need `onObject`.

import type { KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import type { Registry } from '../registry/registry.js';
import { startWatch } from '../registry/watch.js';
import type { Watch } from '../store/types.js';

const RESYNC_MS = 5 * 60_000;
const RESTART_DELAY_MS = 1_000;

export class Informer {
  private watch: Watch | undefined;
  private resync: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly registry: Registry,
    private readonly kind: KindInfo,
    private readonly onObject: (obj: KubeObject) => void,
    private readonly onDelete: (obj: KubeObject) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    await this.relist();
    const tick = () => {
      if (this.stopped) return;
      void this.relist().catch(() => undefined);
      this.resync = setTimeout(tick, RESYNC_MS);
      this.resync.unref?.();
    };
    this.resync = setTimeout(tick, RESYNC_MS);
    this.resync.unref?.();
  }

  stop(): void {
    this.stopped = true;
    this.watch?.close();
    if (this.resync) clearTimeout(this.resync);
  }

  /** list everything, hand it to the callback, and (re)start the watch from the list's revision */
  private async relist(): Promise<void> {
    if (this.stopped) return;
    this.watch?.close();
    const { items, revision } = await this.registry.list(this.kind, '');
    for (const o of items) this.onObject(o);
    const matcher = this.registry.matcher(this.kind, {});
    this.watch = await startWatch(
      this.registry,
      this.kind,
      { namespace: '', resourceVersion: String(revision), matcher },
      (ev) => (ev.type === 'DELETED' ? this.onDelete(ev.object) : this.onObject(ev.object)),
      () => {
        // the store ended the watch (backlog, shutdown): relist after a pause
        if (this.stopped) return;
        setTimeout(() => void this.relist().catch(() => undefined), RESTART_DELAY_MS).unref?.();
      },
    );
  }
}
