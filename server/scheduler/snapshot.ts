// The scheduler's view of the cluster (kube-scheduler's cache + snapshot):
// per node its allocatable, what bound (and assumed) pods request, host ports
// in use, images present and pods per controller owner. Updated incrementally
// from the informers so one scheduling decision never walks all pods.

import type { KubeObject } from '../../shared/api/object.js';
import { normalizeImage } from './image-ref.js';
import { NodeColumns, SlotValues } from './columns.js';
import { nodeAllocatable, podRequests, type Allocatable, type Resources } from './resources.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface HostPort {
  protocol: string;
  ip: string;
  port: number;
}

export interface NodeInfo {
  name: string;
  node: KubeObject;
  labels: Record<string, string>;
  taints: Taint[];
  unschedulable: boolean;
  ready: boolean;
  allocatable: Allocatable;
  /** sum of bound pods' requests */
  requested: Resources;
  /** the same with the scoring defaults for pods that request nothing */
  nonZeroRequested: Resources;
  podCount: number;
  /** `${protocol}/${port}` → host IP → pods using it */
  hostPorts: Map<string, Map<string, number>>;
  /** normalised image name → size in bytes */
  images: Map<string, number>;
  /** controller owner uid → pods of it on this node */
  owners: Map<string, number>;
  /** some NoSchedule/NoExecute taint (the TaintToleration filter can reject) */
  hardTaints: boolean;
  /** PreferNoSchedule taints */
  softTaints: number;
  /** index into the snapshot's columns (-1 outside a snapshot) */
  slot: number;
}

/** A bound pod as the snapshot accounts for it. */
export interface BoundPod {
  key: string;
  uid?: string;
  nodeName: string;
  requests: Resources;
  nonZero: Resources;
  hostPorts: HostPort[];
  owner?: string;
}

export function podKey(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

/** hostPorts a pod asks for (containers' ports with hostPort > 0) */
export function podHostPorts(spec: any): HostPort[] {
  const out: HostPort[] = [];
  for (const c of Array.isArray(spec?.containers) ? spec.containers : []) {
    for (const p of Array.isArray(c?.ports) ? c.ports : []) {
      if (typeof p?.hostPort === 'number' && p.hostPort > 0) {
        out.push({ protocol: p.protocol || 'TCP', ip: p.hostIP || '0.0.0.0', port: p.hostPort });
      }
    }
  }
  return out;
}

export function controllerOwner(pod: KubeObject): string | undefined {
  return pod.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}

export function boundPod(pod: KubeObject, nodeName: string): BoundPod {
  return {
    key: podKey(pod),
    uid: pod.metadata.uid,
    nodeName,
    requests: podRequests(pod.spec),
    nonZero: podRequests(pod.spec, true),
    hostPorts: podHostPorts(pod.spec),
    owner: controllerOwner(pod),
  };
}

function nodeReady(node: KubeObject): boolean {
  const conds: any[] = Array.isArray(node.status?.conditions) ? node.status.conditions : [];
  return conds.some((c) => c?.type === 'Ready' && c?.status === 'True');
}

export function newNodeInfo(node: KubeObject): NodeInfo {
  const images = new Map<string, number>();
  for (const img of Array.isArray(node.status?.images) ? node.status.images : []) {
    for (const n of Array.isArray(img?.names) ? img.names : []) {
      if (typeof n === 'string') images.set(normalizeImage(n), typeof img.sizeBytes === 'number' ? img.sizeBytes : 0);
    }
  }
  const taints: Taint[] = Array.isArray(node.spec?.taints) ? node.spec.taints : [];
  return {
    name: node.metadata.name!,
    node,
    labels: node.metadata.labels ?? {},
    taints,
    unschedulable: node.spec?.unschedulable === true,
    ready: nodeReady(node),
    allocatable: nodeAllocatable(node),
    requested: { cpu: 0, memory: 0 },
    nonZeroRequested: { cpu: 0, memory: 0 },
    podCount: 0,
    hostPorts: new Map(),
    images,
    owners: new Map(),
    hardTaints: taints.some((t) => t?.effect === 'NoSchedule' || t?.effect === 'NoExecute'),
    softTaints: taints.filter((t) => t?.effect === 'PreferNoSchedule').length,
    slot: -1,
  };
}

/** what about a node matters for scheduling: a change of it may make pending pods fit */
function schedulingDigest(n: NodeInfo): string {
  return JSON.stringify([n.labels, n.taints, n.unschedulable, n.ready, n.allocatable, [...n.images.keys()]]);
}

function addPodToNode(n: NodeInfo, p: BoundPod, sign: 1 | -1): void {
  n.requested.cpu += sign * p.requests.cpu;
  n.requested.memory += sign * p.requests.memory;
  n.nonZeroRequested.cpu += sign * p.nonZero.cpu;
  n.nonZeroRequested.memory += sign * p.nonZero.memory;
  n.podCount += sign;
  for (const hp of p.hostPorts) {
    const k = `${hp.protocol}/${hp.port}`;
    let ips = n.hostPorts.get(k);
    if (!ips) n.hostPorts.set(k, (ips = new Map()));
    const c = (ips.get(hp.ip) ?? 0) + sign;
    if (c > 0) ips.set(hp.ip, c);
    else ips.delete(hp.ip);
    if (ips.size === 0) n.hostPorts.delete(k);
  }
  if (p.owner) {
    const c = (n.owners.get(p.owner) ?? 0) + sign;
    if (c > 0) n.owners.set(p.owner, c);
    else n.owners.delete(p.owner);
  }
}

/** key → (slot → value); undefined removes the entry (and an emptied inner index) */
function setIndexed(index: Map<string, SlotValues>, key: string, slot: number, value: number | undefined): void {
  let m = index.get(key);
  if (value !== undefined) {
    if (!m) index.set(key, (m = new SlotValues()));
    m.set(slot, value);
  } else if (m) {
    m.set(slot, undefined);
    if (m.size === 0) index.delete(key);
  }
}

export class Snapshot {
  private readonly nodes = new Map<string, NodeInfo>();
  private list: NodeInfo[] | undefined;
  private slotOrder: Int32Array | undefined;
  private readonly pods = new Map<string, BoundPod>();
  /** slot → node (undefined = free) */
  private readonly slots: Array<NodeInfo | undefined> = [];
  private readonly freeSlots: number[] = [];
  /** normalised image → number of nodes that have it (ImageLocality's spread factor) */
  readonly imageNodes = new Map<string, number>();
  /** per-slot numbers for the scan and the scores */
  readonly columns = new NodeColumns();
  /** controller owner uid → slot → pods of it on that node (OwnerSpread without touching NodeInfo) */
  private readonly ownerIndex = new Map<string, SlotValues>();
  /** normalised image → slot → size in bytes (ImageLocality without touching NodeInfo) */
  private readonly imageIndex = new Map<string, SlotValues>();

  /** nodes in a stable order (by name), for the rotating scan */
  nodeList(): NodeInfo[] {
    if (!this.list) {
      this.list = [...this.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      this.slotOrder = Int32Array.from(this.list, (n) => n.slot);
    }
    return this.list;
  }

  /** the slots of nodeList(), in the same order */
  order(): Int32Array {
    this.nodeList();
    return this.slotOrder!;
  }

  /** the node in a slot */
  nodeAt(slot: number): NodeInfo {
    return this.slots[slot]!;
  }

  /** slot → pods of the controller owner there, or undefined when it has none anywhere */
  ownerCounts(owner: string): SlotValues | undefined {
    return this.ownerIndex.get(owner);
  }

  /** slot → size of the image there, or undefined when no node has it */
  imageSizes(image: string): SlotValues | undefined {
    return this.imageIndex.get(image);
  }

  get nodeCount(): number {
    return this.nodes.size;
  }

  getNode(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  /** add or replace a node; true when something scheduling-relevant changed */
  upsertNode(node: KubeObject): boolean {
    const name = node.metadata.name!;
    const old = this.nodes.get(name);
    const next = newNodeInfo(node);
    if (old) {
      const changed = schedulingDigest(old) !== schedulingDigest(next);
      if (!changed && old.node === node) return false;
      // keep the pod accounting; swap the node-derived fields
      this.countImages(old, -1);
      Object.assign(old, { ...next, requested: old.requested, nonZeroRequested: old.nonZeroRequested, podCount: old.podCount, hostPorts: old.hostPorts, owners: old.owners, slot: old.slot });
      this.countImages(old, 1);
      this.columns.setNode(old.slot, old);
      return changed;
    }
    next.slot = this.freeSlots.pop() ?? this.slots.length;
    this.slots[next.slot] = next;
    this.columns.setNode(next.slot, next);
    this.nodes.set(name, next);
    // pods may have been seen before their node
    for (const p of this.pods.values()) if (p.nodeName === name) this.account(next, p, 1);
    this.countImages(next, 1);
    this.list = undefined;
    return true;
  }

  removeNode(name: string): void {
    const old = this.nodes.get(name);
    if (!old) return;
    this.countImages(old, -1);
    for (const owner of old.owners.keys()) setIndexed(this.ownerIndex, owner, old.slot, undefined);
    this.nodes.delete(name);
    this.columns.clear(old.slot);
    this.slots[old.slot] = undefined;
    this.freeSlots.push(old.slot);
    this.list = undefined;
  }

  private countImages(n: NodeInfo, sign: 1 | -1): void {
    for (const [img, size] of n.images) {
      const c = (this.imageNodes.get(img) ?? 0) + sign;
      if (c > 0) this.imageNodes.set(img, c);
      else this.imageNodes.delete(img);
      setIndexed(this.imageIndex, img, n.slot, sign > 0 ? size : undefined);
    }
  }

  private account(n: NodeInfo, p: BoundPod, sign: 1 | -1): void {
    addPodToNode(n, p, sign);
    this.columns.setPods(n.slot, n);
    if (p.owner) setIndexed(this.ownerIndex, p.owner, n.slot, n.owners.get(p.owner));
  }

  /** account for a bound (or assumed) pod; replaces an earlier entry of the same key */
  addPod(p: BoundPod): void {
    this.removePod(p.key);
    this.pods.set(p.key, p);
    const n = this.nodes.get(p.nodeName);
    if (n) this.account(n, p, 1);
  }

  /** undo an assumption, unless the pod's entry was replaced meanwhile (the watch reported the truth) */
  forget(assumed: BoundPod): void {
    if (this.pods.get(assumed.key) === assumed) this.removePod(assumed.key);
  }

  removePod(key: string): BoundPod | undefined {
    const old = this.pods.get(key);
    if (!old) return undefined;
    this.pods.delete(key);
    const n = this.nodes.get(old.nodeName);
    if (n) this.account(n, old, -1);
    return old;
  }

  /** the pod is accounted on `nodeName` already (its requests cannot change: pod resources are immutable) */
  accounted(key: string, uid: string | undefined, nodeName: string): boolean {
    const p = this.pods.get(key);
    return p !== undefined && p.uid === uid && p.nodeName === nodeName;
  }

  hasPod(key: string): boolean {
    return this.pods.has(key);
  }

  get podCount(): number {
    return this.pods.size;
  }

  podKeys(): string[] {
    return [...this.pods.keys()];
  }

  nodeNames(): string[] {
    return [...this.nodes.keys()];
  }
}
