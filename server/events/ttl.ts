// Event expiry: the apiserver gives Events a TTL (--event-ttl, default 1 h) so
// they never accumulate. Here a sweep deletes Events whose lastTimestamp (or
// creation) is older than the TTL; it runs every `intervalMs`.

import type { KubeObject } from '../../shared/api/object.js';
import { KINDS } from '../../shared/api/kinds.js';
import type { Registry } from '../registry/registry.js';
import { ApiError } from '../api/status.js';

const EVENT = KINDS.find((k) => k.kind === 'Event')!;

export interface EventTtlOptions {
  ttlMs?: number;
  intervalMs?: number;
  now?: () => number;
  log?: (msg: string) => void;
}

export function eventTime(e: KubeObject): number {
  const t = (e.lastTimestamp as string | undefined) ?? (e.eventTime as string | undefined) ?? e.metadata.creationTimestamp;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

export class EventTtl {
  private timer: NodeJS.Timeout | undefined;
  private readonly ttlMs: number;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly registry: Registry,
    private readonly opts: EventTtlOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 60 * 60_000;
    this.intervalMs = opts.intervalMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    const tick = () => {
      void this.sweep()
        .catch((err) => this.opts.log?.(`event expiry: ${(err as Error).message}`))
        .finally(() => {
          if (this.timer === undefined) return;
          this.timer = setTimeout(tick, this.intervalMs);
          this.timer.unref?.();
        });
    };
    this.timer = setTimeout(tick, this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** delete every expired Event; returns how many */
  async sweep(): Promise<number> {
    const cutoff = this.now() - this.ttlMs;
    const { items } = await this.registry.list(EVENT, '');
    let n = 0;
    for (const e of items) {
      if (eventTime(e) >= cutoff) continue;
      try {
        await this.registry.delete(EVENT, e.metadata.namespace ?? 'default', e.metadata.name!);
        n++;
      } catch (err) {
        if (!(err instanceof ApiError && err.status.code === 404)) throw err;
      }
    }
    return n;
  }
}
