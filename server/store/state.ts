// The durable state in memory: resource -> (namespace\0name -> entry). Entries
// and objects are immutable, so reads return stored instances and a snapshot
// is a shallow copy. Each resource keeps a sorted view, patched on updates and
// rebuilt lazily after other changes, so a LIST is usually one array copy.

import type { KubeObject } from '../../shared/api/object.js';
import { nsNameKey } from './keys.js';
import type { SnapshotEntry } from './snapshot.js';

export type Entry = SnapshotEntry;

interface SortedView {
  keys: string[];
  items: KubeObject[];
}

class ResourceIndex {
  readonly byKey = new Map<string, Entry>();
  sorted: SortedView | undefined;

  /**
   * Keeps the sorted view valid where that is cheap: an update (the common
   * write: status changes) replaces in place, a key sorting after all others is
   * appended; anything else drops the view for a re-sort on the next LIST.
   */
  patchView(k: string, object: KubeObject, isNew: boolean): void {
    const v = this.sorted;
    if (!v) return;
    if (!isNew) {
      const i = lowerBound(v.keys, k);
      if (v.keys[i] === k) v.items[i] = object;
      else this.sorted = undefined;
    } else if (v.keys.length === 0 || v.keys[v.keys.length - 1] < k) {
      v.keys.push(k);
      v.items.push(object);
    } else {
      this.sorted = undefined;
    }
  }

  view(): SortedView {
    if (!this.sorted) {
      const pairs = [...this.byKey];
      pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this.sorted = { keys: pairs.map((p) => p[0]), items: pairs.map((p) => p[1].object) };
    }
    return this.sorted;
  }
}

export class ObjectState {
  private readonly resources = new Map<string, ResourceIndex>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.resources.get(resource)?.byKey.get(nsNameKey(namespace, name))?.object;
  }

  put(entry: Entry): void {
    let idx = this.resources.get(entry.resource);
    if (!idx) this.resources.set(entry.resource, (idx = new ResourceIndex()));
    const k = nsNameKey(entry.namespace, entry.name);
    const isNew = !idx.byKey.has(k);
    if (isNew) this.count++;
    idx.byKey.set(k, entry);
    idx.patchView(k, entry.object, isNew);
  }

  remove(resource: string, namespace: string, name: string): void {
    const idx = this.resources.get(resource);
    if (idx?.byKey.delete(nsNameKey(namespace, name))) {
      this.count--;
      idx.sorted = undefined;
    }
  }

  /** Sorted by namespace, then name. A fresh array the caller may keep or change. */
  list(resource: string, namespace?: string): KubeObject[] {
    const idx = this.resources.get(resource);
    if (!idx) return [];
    const view = idx.view();
    if (!namespace) return view.items.slice();
    const prefix = `${namespace}\u0000`;
    const from = lowerBound(view.keys, prefix);
    let to = from;
    while (to < view.keys.length && view.keys[to].startsWith(prefix)) to++;
    return view.items.slice(from, to);
  }

  /** Consistent point-in-time copy for a snapshot (entries are immutable). */
  entries(): Entry[] {
    const out: Entry[] = [];
    for (const idx of this.resources.values()) for (const e of idx.byKey.values()) out.push(e);
    return out;
  }
}

function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
