// The store contract: etcd/kine semantics (one global revision, optimistic
// concurrency on resourceVersion, ordered watch from a revision, 410 when the
// revision was compacted). The JSON-journal backend implements it today; an etcd
// backend can implement it later without touching the API layer.

import type { KubeObject } from '../../shared/api/object.js';
import { EdgeplaneError } from '../../shared/errors.js';

/**
 * Identifies one object. `resource` is the group-qualified plural
 * (`pods`, `deployments.apps`, see shared/api/kinds.ts groupResource);
 * `namespace` is '' for cluster-scoped kinds.
 */
export interface ObjectKey {
  resource: string;
  namespace: string;
  name: string;
}

export type StoreErrorCode = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired' | 'Unavailable' | 'TooLarge';

export class StoreError extends EdgeplaneError {
  constructor(
    code: StoreErrorCode,
    message: string,
    readonly key?: ObjectKey,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'StoreError';
  }
}

export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** For DELETED: the last state, with resourceVersion set to the deletion revision. */
  object: KubeObject;
  /** The state before this change (MODIFIED and DELETED); lets watchers with selectors compute enter/leave. */
  prevObject?: KubeObject;
  revision: number;
}

export interface ListResult {
  items: KubeObject[];
  /** The store revision this list reflects. */
  revision: number;
}

export interface WatchOptions {
  resource: string;
  /** '' or undefined = all namespaces */
  namespace?: string;
  /** deliver every change with revision > fromRevision */
  fromRevision: number;
  /**
   * Optional addition (flow control). The most events this watch may hold queued
   * and undelivered (history replay included). When one more event arrives while
   * the queue is full, the store closes the watch and calls `onError` with
   * StoreError('Unavailable'); the client re-watches from its last revision (and
   * gets Expired if that is gone). Default: unbounded. Suggested for the API layer:
   * about historySize, since a watcher further behind could not resume anyway.
   */
  maxBacklog?: number;
  /**
   * Optional addition. Called at most once, asynchronously, when the store ends the
   * watch itself: backlog over `maxBacklog`, the event callback threw, or the store
   * was closed. Not called after `Watch.close()`.
   */
  onError?: (error: StoreError) => void;
}

export interface Watch {
  /** stop delivering; idempotent */
  close(): void;
  /** Optional addition: events queued for this watch and not yet delivered. */
  backlog?(): number;
  /**
   * Optional addition (flow control): stop calling the callback until `resume()`;
   * events keep queueing meanwhile and count against `maxBacklog`. Pair with a
   * response stream: `if (!res.write(line)) { w.pause(); res.once('drain', () => w.resume()); }`.
   */
  pause?(): void;
  resume?(): void;
}

/** Optional addition: counters for metrics and benchmarks (all since open, except the gauges). */
export interface StoreStats {
  /** last durable revision */
  revision: number;
  objects: number;
  /** bytes and records in journal segments not yet covered by a snapshot */
  journalBytes: number;
  journalRecords: number;
  /** every byte written to disk by the store (journal + snapshots) */
  bytesWritten: number;
  /** group commits: one journal append + one fsync each */
  commits: number;
  /** committed writes (create/update/delete) */
  writes: number;
  /** fsync/fdatasync calls on files and directories */
  fsyncs: number;
  snapshots: number;
  snapshotRevision: number;
  /** milliseconds spent in open() (snapshot load + journal replay) */
  openMillis: number;
  replayedRecords: number;
  watchers: number;
  /** writes accepted and waiting for their group commit */
  pendingWrites: number;
  /** set once a write's fsync failed: the store refuses writes from then on */
  failed: boolean;
  /** why the last snapshot attempt failed (not fatal: the journal keeps everything); cleared by a successful one */
  lastSnapshotError?: string;
}

export interface Store {
  /** Load state from disk (replaying the journal). */
  open(): Promise<void>;
  /** Flush pending commits and release files. */
  close(): Promise<void>;
  /** The revision of the last durable commit. */
  revision(): number;

  /**
   * Returned objects are deep-frozen: clone before changing (structuredClone).
   * `resourceVersion` is the revision of the object's last change, as a string.
   */
  get(key: ObjectKey): Promise<KubeObject | undefined>;
  list(resource: string, namespace?: string): Promise<ListResult>;

  /** Fails with AlreadyExists. Resolves only once the write is durable. */
  create(key: ObjectKey, object: KubeObject): Promise<KubeObject>;
  /**
   * Fails with NotFound, or Conflict when `expectedResourceVersion` is given and
   * differs from the stored one. Resolves only once durable.
   */
  update(key: ObjectKey, object: KubeObject, expectedResourceVersion?: string): Promise<KubeObject>;
  /** Fails with NotFound or Conflict. Resolves with the deleted object (resourceVersion = deletion revision). */
  delete(key: ObjectKey, expectedResourceVersion?: string): Promise<KubeObject>;

  /**
   * Deliver, in revision order, every durable change after `fromRevision`
   * matching resource/namespace. Throws StoreError('Expired') synchronously when
   * fromRevision is older than the retained history. Events are delivered
   * asynchronously; the callback must not throw.
   */
  watch(options: WatchOptions, onEvent: (event: StoreEvent) => void): Watch;

  /** Optional addition: counters for metrics (the JSON store implements it). */
  stats?(): StoreStats;
}
