// host-gw routing (pure): every other node's pod CIDR is reached via that
// node's IP, as flannel's host-gw backend does. The planner compares the routes
// wanted from ClusterServices.nodes with the routes the agent owns (found by
// their protocol number), so stale routes of nodes that left are removed even
// after an agent restart, and routes of anyone else are never touched.
import type { NodeRoute } from '../../shared/mqtt/cluster-services.js';

export interface PodRoute {
  /** destination: another node's pod CIDR, or the service CIDR */
  dst: string;
  /** next hop: the owning node's IP (pod CIDR routes) */
  via?: string;
  /** device (the service CIDR route, which has no next hop) */
  dev?: string;
}

export interface RoutePlan {
  replace: PodRoute[];
  delete: PodRoute[];
}

const CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
const IP = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Routes this node wants: one per other node with an IPv4 address and pod CIDR, never its own CIDR. */
export function desiredRoutes(nodes: NodeRoute[], self: { name: string; podCIDR?: string }): PodRoute[] {
  const byDst = new Map<string, PodRoute>();
  for (const n of [...nodes].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (n.name === self.name || n.podCIDR === self.podCIDR) continue;
    if (!CIDR.test(n.podCIDR) || !IP.test(n.ip)) continue;
    // Two nodes claiming one CIDR is a server bug; the first by name wins, deterministically.
    if (!byDst.has(n.podCIDR)) byDst.set(n.podCIDR, { dst: n.podCIDR, via: n.ip });
  }
  return [...byDst.values()];
}

/**
 * The service CIDR routed onto the pod bridge. Locally generated packets are
 * routed before the nat output hook DNATs them, so a node without a default
 * route (an offline LAN, a test namespace) would get ENETUNREACH for every
 * ClusterIP. Through the bridge the source is the bridge's address (in the
 * pod CIDR), which every endpoint can answer via the host-gw routes. On a node
 * with a default route this only changes that source address.
 */
export function serviceRoute(serviceCIDR: string | undefined, bridge: string | undefined): PodRoute[] {
  return serviceCIDR && bridge && CIDR.test(serviceCIDR) ? [{ dst: serviceCIDR, dev: bridge }] : [];
}

const target = (r: PodRoute | undefined) => (r ? (r.via ? `via ${r.via}` : `dev ${r.dev}`) : '');

export function planRoutes(desired: PodRoute[], observed: PodRoute[]): RoutePlan {
  const want = new Map(desired.map((r) => [r.dst, r]));
  const have = new Map(observed.map((r) => [r.dst, r]));
  return {
    replace: desired.filter((r) => target(have.get(r.dst)) !== target(r)),
    delete: observed.filter((r) => !want.has(r.dst)),
  };
}
