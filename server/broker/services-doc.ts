// The ClusterServices document (shared/mqtt/cluster-services.ts) as a pure
// function of the stored Services, Endpoints and Nodes. Deterministic order,
// so equal inputs give byte-equal output and the publisher can compare
// digests instead of documents.

import type { KubeObject } from '../../shared/api/object.js';
import type {
  ClusterServices,
  EndpointEntry,
  NodeRoute,
  ServiceEntry,
  ServicePortEntry,
  ServiceProtocol,
} from '../../shared/mqtt/cluster-services.js';
import { DEFAULT_CLIENT_IP_AFFINITY_SECONDS } from '../../shared/api/defaults/core.js';

export interface ClusterNetwork {
  serviceCIDR: string;
  clusterDNS: string;
  clusterDomain: string;
}

const byKey = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
  a.namespace === b.namespace ? cmp(a.name, b.name) : cmp(a.namespace, b.namespace);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function ipNum(ip: string): number {
  const p = ip.split('.').map(Number);
  return p.length === 4 && p.every((x) => Number.isInteger(x)) ? ((p[0] * 256 + p[1]) * 256 + p[2]) * 256 + p[3] : Number.MAX_SAFE_INTEGER;
}

type Addr = { ip?: string; hostname?: string; nodeName?: string; targetRef?: { kind?: string; namespace?: string; name?: string } };
type EpPort = { name?: string; port?: number };

/** Flatten Endpoints subsets to one entry per (address, readiness); ports by service port name. */
export function endpointEntries(ep: KubeObject | undefined): EndpointEntry[] {
  const out = new Map<string, EndpointEntry>();
  for (const subset of (ep?.subsets ?? []) as Array<{ addresses?: Addr[]; notReadyAddresses?: Addr[]; ports?: EpPort[] }>) {
    const ports: Record<string, number> = {};
    for (const p of subset.ports ?? []) if (typeof p.port === 'number') ports[p.name ?? ''] = p.port;
    const add = (a: Addr, ready: boolean) => {
      if (typeof a.ip !== 'string' || a.ip === '') return;
      const key = `${a.ip}/${ready}`;
      let e = out.get(key);
      if (!e) {
        e = { ip: a.ip, ready, ports: {} };
        if (a.hostname) e.hostname = a.hostname;
        if (a.nodeName) e.nodeName = a.nodeName;
        if (a.targetRef?.kind === 'Pod' && a.targetRef.name) e.targetRef = { namespace: a.targetRef.namespace ?? ep!.metadata.namespace ?? '', name: a.targetRef.name };
        out.set(key, e);
      }
      Object.assign(e.ports, ports);
    };
    for (const a of subset.addresses ?? []) add(a, true);
    for (const a of subset.notReadyAddresses ?? []) add(a, false);
  }
  return [...out.values()].sort((a, b) => ipNum(a.ip) - ipNum(b.ip) || cmp(a.ip, b.ip) || Number(b.ready) - Number(a.ready));
}

export function serviceEntry(svc: KubeObject, ep: KubeObject | undefined): ServiceEntry {
  const spec = svc.spec ?? {};
  const ports: ServicePortEntry[] = ((spec.ports ?? []) as Array<Record<string, any>>).map((p) => {
    const e: ServicePortEntry = { name: p.name ?? '', protocol: (p.protocol ?? 'TCP') as ServiceProtocol, port: p.port };
    if (typeof p.nodePort === 'number' && p.nodePort > 0) e.nodePort = p.nodePort;
    return e;
  });
  return {
    namespace: svc.metadata.namespace ?? '',
    name: svc.metadata.name ?? '',
    type: spec.type ?? 'ClusterIP',
    clusterIP: spec.clusterIP ?? '',
    ports,
    sessionAffinity: spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None',
    affinityTimeoutSeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_CLIENT_IP_AFFINITY_SECONDS,
    endpoints: endpointEntries(ep),
  };
}

export function nodeRoute(node: KubeObject): NodeRoute | undefined {
  const ip = ((node.status?.addresses ?? []) as Array<{ type?: string; address?: string }>).find((a) => a.type === 'InternalIP')?.address;
  const podCIDR: unknown = node.spec?.podCIDR;
  if (!ip || typeof podCIDR !== 'string' || podCIDR === '') return undefined;
  return { name: node.metadata.name ?? '', ip, podCIDR };
}

/** Everything but the revision (the publisher adds it, and leaves it out of the change check). */
export function buildClusterServices(
  net: ClusterNetwork,
  services: readonly KubeObject[],
  endpoints: readonly KubeObject[],
  nodes: readonly KubeObject[],
): Omit<ClusterServices, 'revision'> {
  const eps = new Map(endpoints.map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]));
  const svcEntries = services
    .filter((s) => !s.metadata.deletionTimestamp)
    .map((s) => serviceEntry(s, eps.get(`${s.metadata.namespace}/${s.metadata.name}`)))
    .sort(byKey);
  const nodeEntries = nodes
    .map(nodeRoute)
    .filter((n): n is NodeRoute => n !== undefined)
    .sort((a, b) => cmp(a.name, b.name));
  return { serviceCIDR: net.serviceCIDR, clusterDNS: net.clusterDNS, clusterDomain: net.clusterDomain, services: svcEntries, nodes: nodeEntries };
}
