// A write that has been checked and given a revision but is not durable yet.
// Conflict checks read through the overlay (newest pending state per key), so
// two concurrent updates with the same expected resourceVersion cannot both
// pass; reads (get/list/watch) only ever see durable state.

import type { KubeObject } from '../../shared/api/object.js';
import type { KeyedEvent } from './history.js';
import type { Entry } from './state.js';
import type { ObjectKey } from './types.js';

export interface PendingWrite {
  revision: number;
  /** fullKey() of the object */
  key: string;
  ref: ObjectKey;
  record: Buffer;
  /** new durable entry; undefined for a delete */
  entry: Entry | undefined;
  event: KeyedEvent;
  resolve(obj: KubeObject): void;
  reject(err: unknown): void;
}

/** Latest not-yet-durable state per key; `object` undefined means pending delete. */
export class Overlay {
  private readonly map = new Map<string, { revision: number; object: KubeObject | undefined }>();

  get size(): number {
    return this.map.size;
  }

  lookup(key: string): { object: KubeObject | undefined } | undefined {
    return this.map.get(key);
  }

  set(key: string, revision: number, object: KubeObject | undefined): void {
    this.map.set(key, { revision, object });
  }

  /** The write at `revision` is durable; forget it unless a newer pending write replaced it. */
  settle(key: string, revision: number): void {
    if (this.map.get(key)?.revision === revision) this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}
