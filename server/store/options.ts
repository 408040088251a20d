// Options of the JSON store and their defaults.

export interface JsonStoreOptions {
  /** The server's data directory; the store keeps its files in `<dataDir>/store/`. */
  dataDir: string;
  /** Snapshot when the open journal segment exceeds this many bytes. Default 64 MiB. */
  snapshotThresholdBytes?: number;
  /** ...or this many records. Default 100,000 (bounds replay time for tiny objects). */
  snapshotThresholdRecords?: number;
  /** Events kept for watch-from-revision. Default 10,000. */
  historySize?: number;
  /** fsync journal appends and snapshots. Default true; only non-durability tests may turn it off. */
  fsync?: boolean;
  /** Upper bound of one group commit's append. Default 8 MiB. */
  maxBatchBytes?: number;
  /** Test hook: return an error to make the next sync fail (simulates EIO). */
  injectSyncError?: () => Error | undefined;
}

export type ResolvedOptions = Required<Omit<JsonStoreOptions, 'injectSyncError'>> & Pick<JsonStoreOptions, 'injectSyncError'>;

export function resolveOptions(o: JsonStoreOptions): ResolvedOptions {
  return {
    dataDir: o.dataDir,
    snapshotThresholdBytes: o.snapshotThresholdBytes ?? 64 * 1024 * 1024,
    snapshotThresholdRecords: o.snapshotThresholdRecords ?? 100_000,
    historySize: o.historySize ?? 10_000,
    fsync: o.fsync ?? true,
    maxBatchBytes: o.maxBatchBytes ?? 8 * 1024 * 1024,
    injectSyncError: o.injectSyncError,
  };
}

/** etcd's default request size limit; a larger object is rejected with TooLarge. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;
