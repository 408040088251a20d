// A keyed work queue in the style of client-go's workqueue: a key waiting or
// being processed is never queued twice, a key re-added while it is processed
// runs again afterwards, failures are retried with per-key exponential backoff.
// Controllers enqueue keys from watch events and from periodic resyncs and
// never depend on having seen a particular edge (level-triggered).

export interface WorkQueueOptions {
  /** first retry delay; doubles per consecutive failure of the same key */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** keys processed at the same time */
  concurrency?: number;
  onError?: (key: string, err: unknown) => void;
}

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private running = 0;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];
  private readonly base: number;
  private readonly max: number;
  private readonly concurrency: number;

  constructor(
    private readonly handler: (key: string) => Promise<void>,
    private readonly opts: WorkQueueOptions = {},
  ) {
    this.base = opts.baseDelayMs ?? 100;
    this.max = opts.maxDelayMs ?? 30_000;
    this.concurrency = opts.concurrency ?? 1;
  }

  add(key: string): void {
    if (this.stopped) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.pump();
  }

  /** add after a delay (a retry, or a deadline such as tolerationSeconds) */
  addAfter(key: string, delayMs: number): void {
    if (this.stopped || this.timers.has(key)) return;
    const t = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs);
    this.timers.set(key, t);
  }

  /** resolves when nothing is queued, running or waiting for a retry timer */
  async idle(): Promise<void> {
    if (this.isIdle()) return;
    await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  /** stop: drop queued keys and retry timers (nothing keeps the process alive afterwards) */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.queue.length = 0;
    this.queued.clear();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.running === 0 && this.timers.size === 0;
  }

  private pump(): void {
    while (!this.stopped && this.running < this.concurrency && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.queued.delete(key);
      this.processing.add(key);
      this.running++;
      void this.run(key);
    }
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private async run(key: string): Promise<void> {
    try {
      await this.handler(key);
      this.failures.delete(key);
    } catch (err) {
      const n = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, n);
      this.opts.onError?.(key, err);
      this.addAfter(key, Math.min(this.max, this.base * 2 ** (n - 1)));
    } finally {
      this.processing.delete(key);
      this.running--;
      if (this.dirty.delete(key)) this.add(key);
      this.pump();
    }
  }
}
