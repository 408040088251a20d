// ClusterIP and NodePort allocation for Services (kube-apiserver's service
// REST storage with its ipallocator and portallocator, shrunk). State is an
// in-memory ownership map per store, rebuilt from the stored Services on first
// use, so it survives restarts and agrees with the store. Claims are taken
// synchronously (one event loop) before the store write and given back if the
// write fails, so concurrent creates can never receive the same value.

import type { FieldError, KubeObject } from '../../../shared/api/object.js';
import { invalid } from '../../../shared/api/fielderrors.js';
import { NODE_PORT_MAX, NODE_PORT_MIN } from '../../../shared/api/validation/service.js';
import { DEFAULT_CLUSTER_DNS, DEFAULT_SERVICE_CIDR } from '../../../shared/mqtt/cluster-services.js';
import { errors } from '../../api/status.js';
import type { Store } from '../../store/types.js';
import { formatIPv4, OwnedRange, parseCidr4, parseIPv4, type Cidr4 } from './ranges.js';

export interface AllocatorOptions {
  serviceCIDR?: string;
  clusterDNS?: string;
  nodePortMin?: number;
  nodePortMax?: number;
  random?: () => number;
}

/** Claims made for one write: `commit` after the store accepted it, `revert` otherwise. */
export interface AllocationTxn {
  commit(): void;
  revert(): void;
}

export const NOOP_TXN: AllocationTxn = { commit: () => undefined, revert: () => undefined };

/** Only the cluster DNS service may take the cluster DNS address (agents DNAT it to their DNS server). */
const DNS_SERVICE = 'kube-system/kube-dns';

type Port = { name?: string; port?: number; protocol?: string; nodePort?: number };

export function needsNodePort(svc: KubeObject): boolean {
  const t = svc.spec?.type;
  return t === 'NodePort' || t === 'LoadBalancer';
}

function ownerOf(svc: KubeObject): string {
  return svc.metadata.uid ?? `${svc.metadata.namespace}/${svc.metadata.name}`;
}

function portsOf(svc: KubeObject): Port[] {
  return Array.isArray(svc.spec?.ports) ? (svc.spec.ports as Port[]) : [];
}

function nodePortsOf(svc: KubeObject): Set<number> {
  const out = new Set<number>();
  if (!needsNodePort(svc)) return out;
  for (const p of portsOf(svc)) if (typeof p.nodePort === 'number' && p.nodePort > 0) out.add(p.nodePort);
  return out;
}

export class ServiceAllocator {
  readonly cidr: Cidr4;
  readonly ips: OwnedRange;
  readonly nodePorts: OwnedRange;
  /** the cluster DNS address (reserved for kube-system/kube-dns) */
  readonly clusterDNS: string;
  private readonly dnsIP: number | undefined;
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly store: Store | undefined,
    opts: AllocatorOptions = {},
  ) {
    this.cidr = parseCidr4(opts.serviceCIDR ?? DEFAULT_SERVICE_CIDR);
    this.clusterDNS = opts.clusterDNS ?? DEFAULT_CLUSTER_DNS;
    this.dnsIP = parseIPv4(this.clusterDNS);
    const size = this.cidr.broadcast - this.cidr.network + 1;
    // Kubernetes' static band: min(max(16, size/16), 256) addresses, min(max(16, size/32), 128) ports
    this.ips = new OwnedRange(
      this.cidr.network + 1,
      this.cidr.broadcast - 1,
      Math.min(Math.max(16, Math.floor(size / 16)), 256),
      new Set(this.dnsIP === undefined ? [] : [this.dnsIP]),
      opts.random,
    );
    const min = opts.nodePortMin ?? NODE_PORT_MIN;
    const max = opts.nodePortMax ?? NODE_PORT_MAX;
    this.nodePorts = new OwnedRange(min, max, Math.min(Math.max(16, Math.floor((max - min + 1) / 32)), 128), new Set(), opts.random);
  }

  /** Rebuild the ownership maps from the stored Services (once per allocator). */
  ready(): Promise<void> {
    this.loaded ??= this.load().catch((err) => {
      this.loaded = undefined;
      throw err;
    });
    return this.loaded;
  }

  private async load(): Promise<void> {
    if (!this.store) return;
    const { items } = await this.store.list('services', '');
    for (const svc of items) this.restore(svc);
  }

  /** Record what a stored Service already holds (first owner wins if the store holds a duplicate). */
  restore(svc: KubeObject): void {
    const owner = ownerOf(svc);
    const ip = parseIPv4(svc.spec?.clusterIP ?? '');
    if (ip !== undefined && this.ips.inRange(ip)) this.ips.claim(ip, owner);
    for (const np of nodePortsOf(svc)) if (this.nodePorts.inRange(np)) this.nodePorts.claim(np, owner);
  }

  /**
   * Create: honour or allocate spec.clusterIP (not for headless), and a
   * nodePort for every port of a NodePort service. Mutates `svc`. Throws a
   * 422 naming the field when a requested value is taken or out of range.
   */
  allocateCreate(svc: KubeObject): AllocationTxn {
    const owner = ownerOf(svc);
    const claims = new Claims(owner);
    const errs: FieldError[] = [];
    try {
      this.claimClusterIP(svc, claims, errs);
      this.claimNodePorts(svc, new Set(), claims, errs);
    } catch (err) {
      claims.revert();
      throw err;
    }
    if (errs.length > 0) {
      claims.revert();
      throw errors.invalid('Service', '', svc.metadata.name ?? '', errs);
    }
    return { commit: () => undefined, revert: () => claims.revert() };
  }

  /**
   * Update: the clusterIP is immutable (validation), so only NodePorts move:
   * new ones are claimed now, dropped ones are released once the write commits.
   */
  allocateUpdate(svc: KubeObject, old: KubeObject): AllocationTxn {
    const owner = ownerOf(old);
    const claims = new Claims(owner);
    const errs: FieldError[] = [];
    const held = nodePortsOf(old);
    try {
      this.claimNodePorts(svc, held, claims, errs);
    } catch (err) {
      claims.revert();
      throw err;
    }
    if (errs.length > 0) {
      claims.revert();
      throw errors.invalid('Service', '', svc.metadata.name ?? '', errs);
    }
    const kept = nodePortsOf(svc);
    return {
      commit: () => {
        for (const np of held) if (!kept.has(np)) this.nodePorts.release(np, owner);
      },
      revert: () => claims.revert(),
    };
  }

  /** The Service is gone from the store: give back its IP and ports. */
  release(svc: KubeObject): void {
    const owner = ownerOf(svc);
    const ip = parseIPv4(svc.spec?.clusterIP ?? '');
    if (ip !== undefined) this.ips.release(ip, owner);
    for (const np of nodePortsOf(svc)) this.nodePorts.release(np, owner);
  }

  private claimClusterIP(svc: KubeObject, claims: Claims, errs: FieldError[]): void {
    const spec = (svc.spec ??= {});
    const requested: string = spec.clusterIP ?? '';
    if (requested === 'None') return;
    if (requested === '') {
      const n = this.ips.next(claims.owner);
      if (n === undefined) throw errors.internal(`failed to allocate a serviceIP: range is full (${this.cidr.text})`);
      claims.add(this.ips, n);
      spec.clusterIP = formatIPv4(n);
      spec.clusterIPs = [spec.clusterIP];
      return;
    }
    const n = parseIPv4(requested);
    if (n === undefined) return; // validation reported the malformed value already
    if (!this.ips.inRange(n)) {
      errs.push(invalid('spec.clusterIP', requested, `provided IP is not in the valid range. The range of valid IPs is ${this.cidr.text}`));
    } else if (n === this.dnsIP && `${svc.metadata.namespace}/${svc.metadata.name}` !== DNS_SERVICE) {
      errs.push(invalid('spec.clusterIP', requested, `provided IP is reserved for the cluster DNS service (${DNS_SERVICE})`));
    } else if (this.ips.owner(n) !== undefined && this.ips.owner(n) !== claims.owner) {
      errs.push(invalid('spec.clusterIP', requested, 'provided IP is already allocated'));
    } else {
      this.ips.claim(n, claims.owner);
      claims.add(this.ips, n);
    }
    if (spec.clusterIPs === undefined) spec.clusterIPs = [requested];
  }

  /** `held`: ports this service already owns (update), which are not claimed again. */
  private claimNodePorts(svc: KubeObject, held: Set<number>, claims: Claims, errs: FieldError[]): void {
    if (!needsNodePort(svc)) return;
    const ports = portsOf(svc);
    // the same port number over TCP and UDP shares one nodePort (as Kubernetes allocates it)
    const byPort = new Map<number, number>();
    ports.forEach((p, i) => {
      if (typeof p.nodePort !== 'number' || p.nodePort <= 0) return;
      if (typeof p.port === 'number') byPort.set(p.port, p.nodePort);
      if (held.has(p.nodePort) || claims.has(this.nodePorts, p.nodePort)) return;
      const path = `spec.ports[${i}].nodePort`;
      if (!this.nodePorts.inRange(p.nodePort)) {
        errs.push(invalid(path, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${this.nodePorts.first}-${this.nodePorts.last}`));
      } else if (!this.nodePorts.claim(p.nodePort, claims.owner)) {
        errs.push(invalid(path, p.nodePort, 'provided port is already allocated'));
      } else {
        claims.add(this.nodePorts, p.nodePort);
      }
    });
    for (const p of ports) {
      if (typeof p.nodePort === 'number' && p.nodePort > 0) continue;
      const shared = typeof p.port === 'number' ? byPort.get(p.port) : undefined;
      if (shared !== undefined) {
        p.nodePort = shared;
        continue;
      }
      const n = this.nodePorts.next(claims.owner);
      if (n === undefined) throw errors.internal(`failed to allocate a nodePort: range is full (${this.nodePorts.first}-${this.nodePorts.last})`);
      claims.add(this.nodePorts, n);
      p.nodePort = n;
      if (typeof p.port === 'number') byPort.set(p.port, n);
    }
  }
}

class Claims {
  private readonly taken: Array<[OwnedRange, number]> = [];
  constructor(readonly owner: string) {}
  add(range: OwnedRange, v: number): void {
    this.taken.push([range, v]);
  }
  has(range: OwnedRange, v: number): boolean {
    return this.taken.some(([r, x]) => r === range && x === v);
  }
  revert(): void {
    for (const [range, v] of this.taken.splice(0)) range.release(v, this.owner);
  }
}

const perStore = new WeakMap<Store, ServiceAllocator>();

/** One allocator per store: every Registry over the same store shares the same claims. */
export function allocatorFor(store: Store, opts?: AllocatorOptions): ServiceAllocator {
  let a = perStore.get(store);
  if (!a) perStore.set(store, (a = new ServiceAllocator(store, opts)));
  return a;
}
