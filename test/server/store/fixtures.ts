// Shared helpers for the store tests: temp data dirs, sample objects, watch collectors.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../../shared/api/object.js';
import { openJsonStore, type JsonFileStore, type JsonStoreOptions, type ObjectKey, type Store, type StoreError, type StoreEvent, type WatchOptions } from '../../../server/store/index.js';

export async function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'edgeplane-store-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Opens a store on a fresh temp dir; `dispose` closes it (if open) and deletes the dir. */
export async function withStore(opts: Partial<JsonStoreOptions> = {}): Promise<{ store: JsonFileStore; dataDir: string; dispose(): Promise<void> }> {
  const dataDir = await tempDataDir();
  const store = await openJsonStore({ dataDir, ...opts });
  return {
    store,
    dataDir,
    async dispose() {
      await store.close();
      await removeDir(dataDir);
    },
  };
}

export function podKey(name: string, namespace = 'default'): ObjectKey {
  return { resource: 'pods', namespace, name };
}

export function pod(name: string, namespace = 'default', extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, labels: { app: 'demo' } },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36', args: ['sleep', '3600'] }], ...extra },
  };
}

/** Resolves on a later turn once `cond` holds; fails after `ms` (generous, not a timing assertion). */
export async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

export interface Collector {
  events: StoreEvent[];
  errors: StoreError[];
  close(): void;
  /** waits until at least n events arrived */
  waitFor(n: number): Promise<StoreEvent[]>;
}

export function collect(store: Store, opts: WatchOptions): Collector {
  const events: StoreEvent[] = [];
  const errors: StoreError[] = [];
  const w = store.watch({ ...opts, onError: (e) => errors.push(e) }, (e) => events.push(e));
  return {
    events,
    errors,
    close: () => w.close(),
    async waitFor(n) {
      await until(() => events.length >= n);
      return events;
    },
  };
}

/** Lets pending immediates and timers run (for "nothing more arrives" checks). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 5));
}
