// The JSON-file Store: state in memory, durability from an append-only journal
// with group commit, bounded replay from periodic snapshots (see index.ts for
// the file layout, segments.ts/recovery.ts for the recovery rules).
//
// Write path: check against durable state + pending overlay, assign the next
// revision, freeze the new object, queue the framed record. One flush loop at a
// time appends everything queued as one write + one fdatasync (group commit),
// then applies the batch to the durable state, publishes watch events and
// resolves the callers. A failed append or sync makes the store fail-stop.

import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../../shared/api/object.js';
import { IoMeter } from './io.js';
import { Journal } from './journal.js';
import { describeKey, fullKey } from './keys.js';
import { acquireLock, type DirLock } from './lock.js';
import { materialize, withResourceVersion } from './objects.js';
import { MAX_OBJECT_BYTES, resolveOptions, type JsonStoreOptions, type ResolvedOptions } from './options.js';
import { Overlay, type PendingWrite } from './pending.js';
import { encodeRecord, type RecordOp } from './records.js';
import { recover } from './recovery.js';
import { writeSnapshot } from './snapshot.js';
import { ObjectState } from './state.js';
import { StoreError, type ListResult, type ObjectKey, type Store, type StoreEvent, type StoreStats, type Watch, type WatchOptions } from './types.js';
import { WatchHub } from './watch-hub.js';

type Phase = 'new' | 'opening' | 'open' | 'closing' | 'closed';

const EVENT_TYPE: Record<RecordOp, StoreEvent['type']> = { c: 'ADDED', u: 'MODIFIED', d: 'DELETED' };

export class JsonFileStore implements Store {
  readonly dir: string;
  private readonly opts: ResolvedOptions;
  private readonly io: IoMeter;
  private phase: Phase = 'new';
  private lock: DirLock | undefined;
  private journal!: Journal;
  private hub!: WatchHub;
  private state = new ObjectState();
  private readonly overlay = new Overlay();
  private queue: PendingWrite[] = [];
  private flushing: Promise<void> | undefined;
  private snapshotting: Promise<void> | undefined;
  private failure: StoreError | undefined;
  private durableRevision = 1;
  private nextRevision = 1;
  private snapshotRevision = 1;
  private counters = { commits: 0, writes: 0, snapshots: 0, openMillis: 0, replayedRecords: 0 };
  /** last snapshot failure; the journal still holds everything, so this is not fatal */
  lastSnapshotError: unknown;
  /** repairs made by the last open (torn tail cut, covered segments removed) */
  repairs: string[] = [];

  constructor(options: JsonStoreOptions) {
    this.opts = resolveOptions(options);
    this.dir = join(this.opts.dataDir, 'store');
    this.io = new IoMeter({ fsync: this.opts.fsync, injectSyncError: this.opts.injectSyncError });
  }

  async open(): Promise<void> {
    if (this.phase === 'open') return;
    if (this.phase !== 'new') throw new StoreError('Unavailable', `store ${this.dir} cannot be opened while ${this.phase}`);
    this.phase = 'opening';
    const t0 = performance.now();
    try {
      await this.makeDirs();
      this.lock = await acquireLock(this.dir);
      const rec = await recover(this.dir, this.io);
      this.journal = await Journal.open(this.dir, this.io, rec.segments, rec.revision + 1);
      this.state = rec.state;
      this.durableRevision = this.nextRevision = rec.revision;
      this.snapshotRevision = rec.snapshotRevision;
      this.repairs = rec.repairs;
      this.counters.replayedRecords = rec.replayedRecords;
      this.hub = new WatchHub(this.opts.historySize, rec.revision);
    } catch (err) {
      await this.lock?.release().catch(() => undefined);
      this.lock = undefined;
      this.phase = 'new';
      if (err instanceof StoreError) throw err;
      throw new StoreError('Unavailable', `cannot open store ${this.dir}: ${(err as Error).message}`, undefined, { cause: err });
    }
    this.counters.openMillis = performance.now() - t0;
    this.phase = 'open';
  }

  async close(): Promise<void> {
    if (this.phase !== 'open') return;
    this.phase = 'closing';
    while (this.flushing) await this.flushing;
    await this.snapshotting;
    // A clean shutdown leaves an empty journal, so the next open replays nothing.
    if (!this.failure && this.durableRevision > this.snapshotRevision) {
      try {
        await this.snapshotNow();
      } catch (err) {
        this.lastSnapshotError = err; // the journal still has it all
      }
    }
    this.hub.closeAll(new StoreError('Unavailable', 'store closed'));
    await this.journal.close();
    await this.lock?.release();
    this.phase = 'closed';
  }

  revision(): number {
    return this.durableRevision;
  }

  async get(key: ObjectKey): Promise<KubeObject | undefined> {
    this.checkReadable();
    return this.state.get(key.resource, key.namespace, key.name);
  }

  async list(resource: string, namespace?: string): Promise<ListResult> {
    this.checkReadable();
    return { items: this.state.list(resource, namespace), revision: this.durableRevision };
  }

  async create(key: ObjectKey, object: KubeObject): Promise<KubeObject> {
    return this.submit('c', key, object, undefined);
  }

  async update(key: ObjectKey, object: KubeObject, expectedResourceVersion?: string): Promise<KubeObject> {
    return this.submit('u', key, object, expectedResourceVersion);
  }

  async delete(key: ObjectKey, expectedResourceVersion?: string): Promise<KubeObject> {
    return this.submit('d', key, undefined, expectedResourceVersion);
  }

  watch(options: WatchOptions, onEvent: (event: StoreEvent) => void): Watch {
    this.checkReadable();
    return this.hub.watch(options, onEvent);
  }

  stats(): StoreStats {
    return {
      revision: this.durableRevision,
      objects: this.state.size,
      journalBytes: this.journal?.totalBytes ?? 0,
      journalRecords: this.journal?.totalRecords ?? 0,
      bytesWritten: this.io.bytesWritten,
      commits: this.counters.commits,
      writes: this.counters.writes,
      fsyncs: this.io.fsyncs,
      snapshots: this.counters.snapshots,
      snapshotRevision: this.snapshotRevision,
      openMillis: this.counters.openMillis,
      replayedRecords: this.counters.replayedRecords,
      watchers: this.hub?.watchers ?? 0,
      pendingWrites: this.queue.length,
      failed: this.failure !== undefined,
      lastSnapshotError: this.lastSnapshotError === undefined ? undefined : String((this.lastSnapshotError as Error)?.message ?? this.lastSnapshotError),
    };
  }

  /** Resolves when everything accepted so far is durable and any running snapshot finished. */
  async idle(): Promise<void> {
    while (this.flushing || this.snapshotting) await (this.flushing ?? this.snapshotting);
  }

  // ---- write path ----

  private submit(op: RecordOp, key: ObjectKey, object: KubeObject | undefined, expectedRv: string | undefined): Promise<KubeObject> {
    if (this.failure) throw this.failure;
    if (this.phase !== 'open') throw new StoreError('Unavailable', `store is ${this.phase}`, key);
    if (typeof key?.resource !== 'string' || !key.resource || typeof key.namespace !== 'string' || typeof key.name !== 'string' || !key.name) {
      throw new TypeError(`invalid store key ${JSON.stringify(key)}`);
    }
    if (op !== 'd' && (object === null || typeof object !== 'object' || Array.isArray(object))) {
      throw new TypeError(`${describeKey(key)}: the object must be a JSON object`);
    }
    const k = fullKey(key);
    const pending = this.overlay.lookup(k);
    const current = pending ? pending.object : this.state.get(key.resource, key.namespace, key.name);
    if (op === 'c' && current) throw new StoreError('AlreadyExists', `${describeKey(key)} already exists`, key);
    if (op !== 'c' && !current) throw new StoreError('NotFound', `${describeKey(key)} not found`, key);
    // '' means unconditional, as in Kubernetes updates without a resourceVersion.
    if (current && expectedRv && current.metadata.resourceVersion !== expectedRv) {
      throw new StoreError(
        'Conflict',
        `${describeKey(key)}: the object has been modified (resourceVersion ${current.metadata.resourceVersion}, expected ${expectedRv}); please apply your changes to the latest version and try again`,
        key,
      );
    }
    let json: string | undefined;
    if (object) {
      json = JSON.stringify(object);
      if (json.length * 3 > MAX_OBJECT_BYTES && Buffer.byteLength(json) > MAX_OBJECT_BYTES) {
        throw new StoreError('TooLarge', `${describeKey(key)} is ${Buffer.byteLength(json)} bytes serialized; the limit is ${MAX_OBJECT_BYTES}`, key);
      }
    }
    const revision = ++this.nextRevision;
    const stored = json === undefined ? withResourceVersion(current!, revision) : materialize(JSON.parse(json), revision);
    this.overlay.set(k, revision, op === 'd' ? undefined : stored);
    const event: StoreEvent = { type: EVENT_TYPE[op], object: stored, revision };
    if (current) event.prevObject = current;
    return new Promise<KubeObject>((resolve, reject) => {
      this.queue.push({
        revision,
        key: k,
        ref: { resource: key.resource, namespace: key.namespace, name: key.name },
        record: encodeRecord(revision, op, key.resource, key.namespace, key.name, json),
        entry: op === 'd' ? undefined : { resource: key.resource, namespace: key.namespace, name: key.name, object: stored },
        event: { resource: key.resource, namespace: key.namespace, event },
        resolve,
        reject,
      });
      // Start on a microtask so writes issued in the same tick share the first commit.
      if (!this.flushing) this.flushing = Promise.resolve().then(() => this.flushLoop());
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.failure) {
        const batch = this.takeBatch();
        try {
          await this.journal.append(Buffer.concat(batch.map((w) => w.record)), batch.length);
        } catch (err) {
          this.failStop(err, batch);
          return;
        }
        this.counters.commits++;
        this.applyDurable(batch);
        if (this.snapshotDue()) await this.startSnapshot();
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private takeBatch(): PendingWrite[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || bytes + this.queue[n].record.length <= this.opts.maxBatchBytes)) {
      bytes += this.queue[n].record.length;
      n++;
    }
    const batch = n === this.queue.length ? this.queue : this.queue.slice(0, n);
    this.queue = n === this.queue.length ? [] : this.queue.slice(n);
    return batch;
  }

  private applyDurable(batch: PendingWrite[]): void {
    for (const w of batch) {
      if (w.entry) this.state.put(w.entry);
      else this.state.remove(w.ref.resource, w.ref.namespace, w.ref.name);
      this.overlay.settle(w.key, w.revision);
      this.durableRevision = w.revision;
    }
    this.counters.writes += batch.length;
    this.hub.publish(batch.map((w) => w.event));
    for (const w of batch) w.resolve(w.event.event.object);
  }

  /** fsync failed: what reached the disk is unknown, so accept nothing more (etcd does the same). */
  private failStop(cause: unknown, batch: PendingWrite[]): void {
    this.failure = new StoreError('Unavailable', `store journal write failed; the store refuses writes until restarted: ${(cause as Error)?.message ?? cause}`, undefined, { cause });
    const rejected = [...batch, ...this.queue];
    this.queue = [];
    this.overlay.clear();
    for (const w of rejected) w.reject(this.failure);
  }

  // ---- snapshots ----

  private snapshotDue(): boolean {
    const cur = this.journal.current;
    return !this.snapshotting && (cur.bytes >= this.opts.snapshotThresholdBytes || cur.records >= this.opts.snapshotThresholdRecords);
  }

  /**
   * Runs inside the flush loop, between batches, so the state is exactly at the
   * durable revision R: rotate (records > R go to a new segment), capture the
   * state, then write the snapshot in the background while commits continue.
   */
  private async startSnapshot(): Promise<void> {
    const revision = this.durableRevision;
    try {
      await this.journal.rotate(revision + 1);
    } catch (err) {
      this.lastSnapshotError = err; // keep appending to the current segment
      return;
    }
    const entries = this.state.entries();
    this.snapshotting = this.persistSnapshot(revision, entries)
      .catch((err) => {
        this.lastSnapshotError = err;
      })
      .finally(() => {
        this.snapshotting = undefined;
      });
  }

  private async snapshotNow(): Promise<void> {
    const revision = this.durableRevision;
    await this.journal.rotate(revision + 1);
    await this.persistSnapshot(revision, this.state.entries());
  }

  private async persistSnapshot(revision: number, entries: ReturnType<ObjectState['entries']>): Promise<void> {
    await writeSnapshot(this.dir, this.io, revision, entries);
    this.snapshotRevision = revision;
    this.counters.snapshots++;
    this.lastSnapshotError = undefined;
    await this.journal.dropBefore(revision + 1);
  }

  // ---- helpers ----

  private checkReadable(): void {
    if (this.phase !== 'open' && this.phase !== 'closing') throw new StoreError('Unavailable', `store is ${this.phase === 'closed' ? 'closed' : 'not open'}`);
  }

  /** Creates `<dataDir>/store` and makes every new directory entry durable. */
  private async makeDirs(): Promise<void> {
    const first = await mkdir(this.dir, { recursive: true });
    if (!first) return;
    for (let d = this.dir; ; d = dirname(d)) {
      await this.io.syncDir(dirname(d));
      if (d === first) break;
    }
  }
}
