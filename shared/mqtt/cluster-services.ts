// The cluster-wide service data every agent needs to program service routing
// (nftables), cross-node pod routes (host-gw) and service DNS (issue 5). The
// server publishes one retained `ClusterServices` document on
// `edgeplane/cluster/services`; agents keep the last one on disk so routing
// and DNS keep working while the server is unreachable (edge autonomy).
// docs/mqtt.md is the contract.

import { parseJson } from './messages.js';

export type ServiceProtocol = 'TCP' | 'UDP' | 'SCTP';

export interface ServicePortEntry {
  /** Service port name ('' when the service has a single unnamed port) */
  name: string;
  protocol: ServiceProtocol;
  port: number;
  /** allocated for NodePort/LoadBalancer services */
  nodePort?: number;
}

export interface EndpointEntry {
  ip: string;
  /** pod hostname when its subdomain names the service (headless per-pod DNS records) */
  hostname?: string;
  nodeName?: string;
  /** namespace/name of the backing pod, when there is one */
  targetRef?: { namespace: string; name: string };
  ready: boolean;
  /** Service port name → container port on this endpoint (named targetPorts resolve per pod) */
  ports: Record<string, number>;
}

export interface ServiceEntry {
  namespace: string;
  name: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /** '' or 'None' for headless */
  clusterIP: string;
  ports: ServicePortEntry[];
  sessionAffinity: 'None' | 'ClientIP';
  /** sessionAffinityConfig.clientIP.timeoutSeconds (default 10800) */
  affinityTimeoutSeconds: number;
  /** from Endpoints; ready and not-ready addresses */
  endpoints: EndpointEntry[];
}

export interface NodeRoute {
  name: string;
  /** the node's InternalIP */
  ip: string;
  podCIDR: string;
}

export interface ClusterServices {
  /** store revision this document reflects */
  revision: number;
  serviceCIDR: string;
  clusterDNS: string;
  clusterDomain: string;
  services: ServiceEntry[];
  /** every node with an address and a pod CIDR, for host-gw routes */
  nodes: NodeRoute[];
}

export const DEFAULT_SERVICE_CIDR = '10.43.0.0/16';
export const DEFAULT_CLUSTER_DNS = '10.43.0.10';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Never throws: malformed documents are dropped (undefined), one bad entry drops the whole document. */
export function parseClusterServices(payload: Buffer | string): ClusterServices | undefined {
  const v = parseJson(payload);
  if (!isObj(v) || !isNum(v.revision) || !isStr(v.serviceCIDR) || !isStr(v.clusterDNS) || !isStr(v.clusterDomain)) return undefined;
  if (!Array.isArray(v.services) || !Array.isArray(v.nodes)) return undefined;
  for (const s of v.services) {
    if (!isObj(s) || !isStr(s.namespace) || !isStr(s.name) || !isStr(s.type) || !isStr(s.clusterIP)) return undefined;
    if (!Array.isArray(s.ports) || !Array.isArray(s.endpoints) || !isStr(s.sessionAffinity) || !isNum(s.affinityTimeoutSeconds)) return undefined;
    for (const p of s.ports) if (!isObj(p) || !isStr(p.name) || !isStr(p.protocol) || !isNum(p.port)) return undefined;
    for (const e of s.endpoints) if (!isObj(e) || !isStr(e.ip) || typeof e.ready !== 'boolean' || !isObj(e.ports)) return undefined;
  }
  for (const n of v.nodes) if (!isObj(n) || !isStr(n.name) || !isStr(n.ip) || !isStr(n.podCIDR)) return undefined;
  return v as ClusterServices;
}
