// The in-memory ring of recent events that lets a watch start from an older
// revision (etcd's watch-from-revision without etcd's MVCC history). Every
// write makes exactly one event, so the ring always holds a contiguous run of
// revisions (compacted, compacted + N]; `compacted` is the newest revision
// whose event is gone. After a restart the ring is empty and compacted is the
// current revision: only watches from "now" (or later) are possible.

import type { StoreEvent } from './types.js';

export interface KeyedEvent {
  resource: string;
  namespace: string;
  event: StoreEvent;
}

export class EventHistory {
  private readonly buf: Array<KeyedEvent | undefined>;
  private start = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    /** every event with revision <= compacted has been dropped */
    public compacted: number,
  ) {
    this.buf = new Array<KeyedEvent | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(ev: KeyedEvent): void {
    if (this.capacity === 0) {
      this.compacted = ev.event.revision;
      return;
    }
    if (this.count === this.capacity) {
      this.compacted = this.buf[this.start]!.event.revision;
      this.buf[this.start] = ev;
      this.start = (this.start + 1) % this.capacity;
    } else {
      this.buf[(this.start + this.count) % this.capacity] = ev;
      this.count++;
    }
  }

  /** Retained events with revision > `revision`, oldest first. */
  *after(revision: number): Generator<KeyedEvent> {
    // Revisions are contiguous, so the first wanted event sits at a known offset.
    for (let i = Math.max(0, revision - this.compacted); i < this.count; i++) {
      const ev = this.buf[(this.start + i) % this.capacity]!;
      if (ev.event.revision > revision) yield ev;
    }
  }
}
