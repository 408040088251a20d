// The numbers a scheduling decision reads for every scanned node, kept in
// typed arrays indexed by the node's slot (struct of arrays). A decision scans
// and scores hundreds of nodes, a different window of them each time (the
// rotating start); reading them from NodeInfo objects and their nested
// objects and Maps costs several cache misses per node, and that — not the
// arithmetic — was most of a decision's time with 5,000 nodes. The NodeInfo
// objects stay the source of truth; Snapshot copies into these columns on
// every change.

import type { NodeInfo } from './snapshot.js';

/** the Ready condition is True */
export const F_READY = 1;
/** spec.unschedulable (cordoned) */
export const F_UNSCHEDULABLE = 2;
/** at least one NoSchedule/NoExecute taint */
export const F_HARD_TAINTS = 4;
/** at least one taint (of any effect) */
export const F_TAINTS = 8;
/** some bound pod uses a host port */
export const F_HOST_PORTS = 16;

export class NodeColumns {
  capacity = 0;
  flags = new Uint8Array(0);
  allocCpu = new Float64Array(0);
  allocMemory = new Float64Array(0);
  allocPods = new Float64Array(0);
  reqCpu = new Float64Array(0);
  reqMemory = new Float64Array(0);
  nonZeroCpu = new Float64Array(0);
  nonZeroMemory = new Float64Array(0);
  pods = new Float64Array(0);
  /** PreferNoSchedule taints (the TaintToleration score of a pod without tolerations) */
  softTaints = new Uint16Array(0);

  private ensure(slot: number): void {
    if (slot < this.capacity) return;
    let cap = Math.max(64, this.capacity * 2);
    while (cap <= slot) cap *= 2;
    const grow = <T extends Uint8Array | Uint16Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.flags = grow(this.flags, (n) => new Uint8Array(n));
    this.allocCpu = grow(this.allocCpu, (n) => new Float64Array(n));
    this.allocMemory = grow(this.allocMemory, (n) => new Float64Array(n));
    this.allocPods = grow(this.allocPods, (n) => new Float64Array(n));
    this.reqCpu = grow(this.reqCpu, (n) => new Float64Array(n));
    this.reqMemory = grow(this.reqMemory, (n) => new Float64Array(n));
    this.nonZeroCpu = grow(this.nonZeroCpu, (n) => new Float64Array(n));
    this.nonZeroMemory = grow(this.nonZeroMemory, (n) => new Float64Array(n));
    this.pods = grow(this.pods, (n) => new Float64Array(n));
    this.softTaints = grow(this.softTaints, (n) => new Uint16Array(n));
    this.capacity = cap;
  }

  /** copy everything about the node */
  setNode(slot: number, n: NodeInfo): void {
    this.ensure(slot);
    this.allocCpu[slot] = n.allocatable.cpu;
    this.allocMemory[slot] = n.allocatable.memory;
    this.allocPods[slot] = n.allocatable.pods;
    this.softTaints[slot] = n.softTaints;
    this.setPods(slot, n);
  }

  /** copy what bound pods change */
  setPods(slot: number, n: NodeInfo): void {
    this.reqCpu[slot] = n.requested.cpu;
    this.reqMemory[slot] = n.requested.memory;
    this.nonZeroCpu[slot] = n.nonZeroRequested.cpu;
    this.nonZeroMemory[slot] = n.nonZeroRequested.memory;
    this.pods[slot] = n.podCount;
    this.flags[slot] =
      (n.ready ? F_READY : 0) |
      (n.unschedulable ? F_UNSCHEDULABLE : 0) |
      (n.hardTaints ? F_HARD_TAINTS : 0) |
      (n.taints.length > 0 ? F_TAINTS : 0) |
      (n.hostPorts.size > 0 ? F_HOST_PORTS : 0);
  }

  clear(slot: number): void {
    if (slot < this.capacity) this.flags[slot] = 0;
  }
}

let denseAt = 256;

/** from how many entries a SlotValues switches to a dense array (tests lower it) */
export function setDenseThreshold(n: number): void {
  denseAt = n;
}

/**
 * slot → a value ≥ 0 (pods of one owner, size of one image) for the nodes that
 * have one. A Map while few nodes do; once many do, a dense array indexed by
 * slot (−1 = none), so the scoring pass reads a typed array instead of hashing
 * a key per node. Dense costs 8 bytes per slot (40 KB at 5,000 nodes), so only
 * owners/images present on many nodes get one.
 */
export class SlotValues {
  private map: Map<number, number> | undefined = new Map();
  private dense: Float64Array | undefined;
  size = 0;

  get(slot: number): number | undefined {
    const d = this.dense;
    if (d !== undefined) {
      const v = slot < d.length ? d[slot] : -1;
      return v < 0 ? undefined : v;
    }
    return this.map!.get(slot);
  }

  /** undefined removes the slot's entry */
  set(slot: number, value: number | undefined): void {
    if (this.dense) {
      let d = this.dense;
      const had = slot < d.length && d[slot] >= 0;
      if (value === undefined) {
        if (had) {
          d[slot] = -1;
          this.size--;
        }
        return;
      }
      if (slot >= d.length) {
        const bigger = new Float64Array(Math.max(slot + 1, d.length * 2)).fill(-1);
        bigger.set(d);
        this.dense = d = bigger;
      }
      d[slot] = value;
      if (!had) this.size++;
      return;
    }
    const m = this.map!;
    if (value === undefined) m.delete(slot);
    else m.set(slot, value);
    this.size = m.size;
    if (this.size >= denseAt) {
      let max = 0;
      for (const k of m.keys()) if (k > max) max = k;
      const d = new Float64Array(Math.max(64, max + 1)).fill(-1);
      for (const [k, v] of m) d[k] = v;
      this.dense = d;
      this.map = undefined;
    }
  }

  /** the slots with an entry */
  *keys(): IterableIterator<number> {
    if (this.map) {
      yield* this.map.keys();
      return;
    }
    const d = this.dense!;
    for (let i = 0; i < d.length; i++) if (d[i] >= 0) yield i;
  }
}
