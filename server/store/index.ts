// The durable store: etcd/kine semantics over local files.
//
// Files under `<dataDir>/store/`:
//   LOCK                               {pid, bootId, startTime} of the process that has the store open
//   snapshot.json                      full state at one revision (lowdb + durable adapter, see snapshot.ts)
//   snapshot.json.tmp                  a snapshot being written; removed on open
//   journal-<16-digit revision>.log    append-only records from that revision on (see records.ts)
//
// Durability: a write resolves only after its journal record is fsynced
// (fdatasync). Writes that arrive while an fsync is running are appended
// together by the next one (group commit). When the open segment passes the
// size or record threshold, a new segment is started and the state at that
// revision is written as a snapshot in the background; once the snapshot is
// durable (temp file, fsync, rename, directory fsync) the older segments are
// deleted. A clean close() snapshots too, so the next open replays nothing. An
// idle store writes nothing: there are no timers.
//
// Recovery: load the snapshot, replay the segments, cut a torn tail off the
// newest segment; damage anywhere else fails the open with Unavailable
// (segments.ts, recovery.ts).

import { JsonFileStore } from './json-store.js';
import type { JsonStoreOptions } from './options.js';
import type { Store, StoreStats } from './types.js';

export * from './types.js';
export type { JsonStoreOptions } from './options.js';
export { MAX_OBJECT_BYTES } from './options.js';
export { JsonFileStore } from './json-store.js';

/** A Store that also reports counters (always present for the JSON store). */
export interface JsonStore extends Store {
  stats(): StoreStats;
}

/** Opens (creating if needed) the store under `<dataDir>/store`; it is ready when this resolves. */
export async function openJsonStore(opts: JsonStoreOptions): Promise<JsonFileStore> {
  const store = new JsonFileStore(opts);
  await store.open();
  return store;
}

/** Counters of any Store that has them (metrics endpoint, benchmarks). */
export function storeStats(store: Store): StoreStats | undefined {
  return store.stats?.();
}
