// Service routing for one node: the nftables service proxy plus host-gw pod
// routes, both driven by the ClusterServices document. This is what the agent
// wires to the `edgeplane/cluster/services` topic (and to `--cleanup`).
import type { ClusterServices } from '../../shared/mqtt/cluster-services.js';
import { ServiceProxy, type SyncResult } from './proxy.js';
import { NftCli } from './nft.js';
import { DEFAULT_CLUSTER_CIDR, DEFAULT_TABLE, type LocalNode } from './ruleset.js';
import { FAMILY } from './render.js';
import { HostGwRoutes, type RouteSyncResult } from '../routes/routes.js';

export interface ServiceRoutingOptions {
  node: Omit<LocalNode, 'clusterCIDR' | 'bridge'> & { clusterCIDR?: string; bridge?: string };
  /** run nft/ip inside this named netns (tests); default: the agent's own namespace */
  netns?: string;
  resyncMs?: number;
  onSync?: (r: SyncResult) => void;
}

export interface RoutingResult {
  proxy: SyncResult;
  routes: RouteSyncResult;
}

export class ServiceRouting {
  readonly proxy: ServiceProxy;
  readonly routes: HostGwRoutes;

  constructor(opts: ServiceRoutingOptions) {
    const node: LocalNode = { clusterCIDR: DEFAULT_CLUSTER_CIDR, bridge: 'ep0', ...opts.node };
    this.proxy = new ServiceProxy({ nft: new NftCli({ netns: opts.netns }), node, resyncMs: opts.resyncMs, onSync: opts.onSync });
    this.routes = new HostGwRoutes({ nodeName: node.name, podCIDR: node.podCIDR, netns: opts.netns });
  }

  /** Starts the periodic nft resync. */
  start(): void {
    this.proxy.start();
  }

  stop(): void {
    this.proxy.stop();
  }

  /**
   * Applies both, concurrently (independent kernel state; an endpoint change
   * should not wait for `ip route show`: docs/benchmarks.md, "Network
   * programming"). Route errors are returned (one bad next hop must not block
   * services); nft errors and a failed route listing throw, after both finished.
   */
  async apply(cs: ClusterServices): Promise<RoutingResult> {
    const [routes, proxy] = await Promise.allSettled([this.routes.sync(cs), this.proxy.update(cs)]);
    if (proxy.status === 'rejected') throw proxy.reason;
    if (routes.status === 'rejected') throw routes.reason;
    return { proxy: proxy.value, routes: routes.value };
  }
}

/**
 * `edgeplane agent --cleanup`: removes the proxy's nft table and every route
 * the agent owns (by protocol number). Needs no ClusterServices and no state.
 */
export async function cleanupServiceRouting(opts: { netns?: string } = {}): Promise<{ table: boolean; routes: RouteSyncResult }> {
  const table = await new NftCli({ netns: opts.netns }).deleteTable(FAMILY, DEFAULT_TABLE);
  const routes = await new HostGwRoutes({ nodeName: '', netns: opts.netns }).cleanup();
  return { table, routes };
}
