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
  /** `skipped`: the node list was unchanged since the last clean route sync */
  routes: RouteSyncResult & { skipped?: boolean };
}

/**
 * Periodic route re-check (drift repair: a route deleted by hand comes back).
 * Between checks only a change of the node list re-reads the routes, so an
 * endpoint change costs no `ip route show` (flannel's host-gw backend likewise
 * re-checks its routes on a 10 s timer rather than on every event).
 */
export const ROUTE_RESYNC_MS = 60_000;

export class ServiceRouting {
  readonly proxy: ServiceProxy;
  readonly routes: HostGwRoutes;
  /** the `nodes` of the last document whose routes synced without errors */
  private routedNodes: string | undefined;
  private lastCs: ClusterServices | undefined;
  private routeTimer: NodeJS.Timeout | undefined;

  constructor(opts: ServiceRoutingOptions) {
    const node: LocalNode = { ...opts.node, clusterCIDR: opts.node.clusterCIDR ?? DEFAULT_CLUSTER_CIDR, bridge: opts.node.bridge ?? 'ep0' };
    this.proxy = new ServiceProxy({ nft: new NftCli({ netns: opts.netns }), node, resyncMs: opts.resyncMs, onSync: opts.onSync });
    this.routes = new HostGwRoutes({ nodeName: node.name, podCIDR: node.podCIDR, bridge: node.bridge, netns: opts.netns });
  }

  /** Starts the periodic nft resync and route re-check (unref'd timers). */
  start(): void {
    this.proxy.start();
    if (this.routeTimer) return;
    this.routeTimer = setInterval(() => void this.resyncRoutes().catch(() => undefined), ROUTE_RESYNC_MS);
    this.routeTimer.unref();
  }

  stop(): void {
    this.proxy.stop();
    if (this.routeTimer) clearInterval(this.routeTimer);
    this.routeTimer = undefined;
  }

  /** Re-reads and repairs the routes for the last document (the timer calls this). */
  async resyncRoutes(): Promise<RouteSyncResult | undefined> {
    this.routedNodes = undefined;
    return this.lastCs ? this.syncRoutes(this.lastCs) : undefined;
  }

  private async syncRoutes(cs: ClusterServices): Promise<RoutingResult['routes']> {
    const key = JSON.stringify([cs.nodes, cs.serviceCIDR]);
    if (key === this.routedNodes) return { plan: { replace: [], delete: [] }, errors: [], skipped: true };
    this.routedNodes = undefined;
    const r = await this.routes.sync(cs);
    // a failed route is retried with the next document, whatever it changes
    if (r.errors.length === 0) this.routedNodes = key;
    return r;
  }

  /**
   * Applies both, concurrently (independent kernel state; an endpoint change
   * should not wait for routes: docs/benchmarks.md, "Network programming").
   * Routes are re-read only when the node list changed (see ROUTE_RESYNC_MS).
   * Route errors are returned (one bad next hop must not block services); nft
   * errors and a failed route listing throw, after both finished.
   */
  async apply(cs: ClusterServices): Promise<RoutingResult> {
    this.lastCs = cs;
    const [routes, proxy] = await Promise.allSettled([this.syncRoutes(cs), this.proxy.update(cs)]);
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
