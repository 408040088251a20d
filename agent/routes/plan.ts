// host-gw routing (pure): every other node's pod CIDR is reached via that
// node's IP, as flannel's host-gw backend does. The planner compares the routes
// wanted from ClusterServices.nodes with the routes the agent owns (found by
// their protocol number), so stale routes of nodes that left are removed even
// after an agent restart, and routes of anyone else are never touched.
import type { NodeRoute } from '../../shared/mqtt/cluster-services.js';

export interface PodRoute {
  /** destination pod CIDR */
  dst: string;
  /** next hop: the owning node's IP */
  via: string;
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

export function planRoutes(desired: PodRoute[], observed: PodRoute[]): RoutePlan {
  const want = new Map(desired.map((r) => [r.dst, r]));
  const have = new Map(observed.map((r) => [r.dst, r]));
  return {
    replace: desired.filter((r) => have.get(r.dst)?.via !== r.via),
    delete: observed.filter((r) => !want.has(r.dst)),
  };
}
