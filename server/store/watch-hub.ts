// Watch fan-out. Committed events go into the history ring and into a queue per
// matching watcher; queues are drained on a later event-loop turn
// (setImmediate), never inside the committing call stack. A slow or paused
// watcher only grows its own queue, so writers are never blocked by readers;
// `maxBacklog` bounds that queue.

import { EventHistory, type KeyedEvent } from './history.js';
import { StoreError, type StoreEvent, type Watch, type WatchOptions } from './types.js';

/** Events handed to one watcher per turn, so one huge backlog cannot stall the loop. */
const MAX_PER_TURN = 5000;

type OnEvent = (event: StoreEvent) => void;

class Watcher implements Watch {
  private queue: Array<StoreEvent | undefined> = [];
  private head = 0;
  private paused = false;
  closed = false;

  constructor(
    private readonly hub: WatchHub,
    readonly resource: string,
    readonly namespace: string,
    private readonly maxBacklog: number,
    private readonly onEvent: OnEvent,
    private readonly onError: ((e: StoreError) => void) | undefined,
  ) {}

  matches(ev: KeyedEvent): boolean {
    return ev.resource === this.resource && (this.namespace === '' || ev.namespace === this.namespace);
  }

  /** History replay at watch() time; the backlog limit is checked from the first live event on. */
  preload(ev: StoreEvent): void {
    this.queue.push(ev);
  }

  enqueue(ev: StoreEvent): void {
    if (this.closed) return;
    if (this.backlog() >= this.maxBacklog) {
      this.fail(new StoreError('Unavailable', `watch on ${this.resource} closed: more than ${this.maxBacklog} undelivered events`));
      return;
    }
    this.queue.push(ev);
    if (!this.paused) this.hub.schedule(this);
  }

  backlog(): number {
    return this.queue.length - this.head;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.backlog() > 0) this.hub.schedule(this);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.hub.remove(this);
  }

  /** Ends the watch from the store side; onError runs on a later turn. */
  fail(err: StoreError): void {
    if (this.closed) return;
    this.close();
    if (this.onError) setImmediate(this.onError, err);
  }

  /** Delivers up to `limit` events; returns whether more are ready to go. */
  deliver(limit: number): boolean {
    let n = 0;
    while (n < limit && this.head < this.queue.length && !this.paused && !this.closed) {
      const ev = this.queue[this.head]!;
      this.queue[this.head++] = undefined;
      n++;
      try {
        this.onEvent(ev);
      } catch (err) {
        this.fail(new StoreError('Unavailable', `watch on ${this.resource} closed: the event callback threw`, undefined, { cause: err }));
        return false;
      }
    }
    // Drop the delivered prefix now and then instead of shifting per event.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return !this.closed && !this.paused && this.head < this.queue.length;
  }
}

export class WatchHub {
  readonly history: EventHistory;
  private readonly byResource = new Map<string, Set<Watcher>>();
  private readonly ready = new Set<Watcher>();
  private scheduled = false;
  private count = 0;

  constructor(historySize: number, currentRevision: number) {
    this.history = new EventHistory(historySize, currentRevision);
  }

  get watchers(): number {
    return this.count;
  }

  /** Durable events, in revision order. */
  publish(events: KeyedEvent[]): void {
    for (const ev of events) {
      this.history.push(ev);
      const set = this.byResource.get(ev.resource);
      if (!set) continue;
      for (const w of set) if (w.matches(ev)) w.enqueue(ev.event);
    }
  }

  watch(opts: WatchOptions, onEvent: OnEvent): Watch {
    const from = opts.fromRevision;
    if (!Number.isSafeInteger(from)) throw new TypeError(`watch fromRevision must be an integer, got ${String(from)}`);
    if (from < this.history.compacted) {
      throw new StoreError(
        'Expired',
        `too old resource version: ${from} (oldest available: ${this.history.compacted})`,
        undefined,
        { cause: new Error(`history holds revisions after ${this.history.compacted}`) },
      );
    }
    const w = new Watcher(this, opts.resource, opts.namespace ?? '', opts.maxBacklog ?? Infinity, onEvent, opts.onError);
    for (const ev of this.history.after(from)) if (w.matches(ev)) w.preload(ev.event);
    let set = this.byResource.get(w.resource);
    if (!set) this.byResource.set(w.resource, (set = new Set()));
    set.add(w);
    this.count++;
    if (w.backlog() > 0) this.schedule(w);
    return w;
  }

  /** Ends every watch (store closing); each gets onError. */
  closeAll(err: StoreError): void {
    for (const set of [...this.byResource.values()]) for (const w of [...set]) w.fail(err);
  }

  schedule(w: Watcher): void {
    this.ready.add(w);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  remove(w: Watcher): void {
    const set = this.byResource.get(w.resource);
    if (set?.delete(w)) {
      this.count--;
      if (set.size === 0) this.byResource.delete(w.resource);
    }
    this.ready.delete(w);
  }

  private drain(): void {
    this.scheduled = false;
    const batch = [...this.ready];
    this.ready.clear();
    for (const w of batch) {
      if (w.deliver(MAX_PER_TURN)) this.schedule(w);
    }
  }
}
