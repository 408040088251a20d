// host-gw route executor: reads the routes the agent owns (`proto 69`, see
// ROUTE_PROTO) with `ip -j route show`, plans, and applies `ip route replace` /
// `ip route del`. One failing route (e.g. a next hop not on a connected
// network) does not stop the others; the errors are returned.
import type { ClusterServices } from '../../shared/mqtt/cluster-services.js';
import { run } from '../runtime/run.js';
import { EdgeplaneError } from '../../shared/errors.js';
import { desiredRoutes, planRoutes, serviceRoute, type PodRoute, type RoutePlan } from './plan.js';

/** Routing protocol number marking edgeplane's routes (0x45, unassigned in /etc/iproute2/rt_protos). */
export const ROUTE_PROTO = 69;

export interface HostGwOptions {
  /** this node's name (its own pod CIDR is on the bridge, not routed) */
  nodeName: string;
  podCIDR?: string;
  /** the pod bridge: the service CIDR is routed onto it (see serviceRoute) */
  bridge?: string;
  netns?: string;
  proto?: number;
}

export interface RouteSyncResult {
  plan: RoutePlan;
  errors: EdgeplaneError[];
}

export class HostGwRoutes {
  private readonly proto: number;
  constructor(private readonly opts: HostGwOptions) {
    this.proto = opts.proto ?? ROUTE_PROTO;
  }

  private ip(args: string[]) {
    return this.opts.netns ? run('ip', ['netns', 'exec', this.opts.netns, 'ip', ...args]) : run('ip', args);
  }

  /** The routes this agent owns, from the main table. */
  async observed(): Promise<PodRoute[]> {
    const r = await this.ip(['-4', '-j', 'route', 'show', 'proto', String(this.proto)]);
    if (r.exitCode !== 0) throw new EdgeplaneError('RouteListFailed', `ip route show: ${r.stderr.trim()}`, { cause: r });
    const rows = JSON.parse(r.stdout.trim() || '[]') as Array<{ dst?: string; gateway?: string; dev?: string }>;
    return rows.filter((x) => x.dst && (x.gateway || x.dev)).map((x) => (x.gateway ? { dst: x.dst!, via: x.gateway } : { dst: x.dst!, dev: x.dev! }));
  }

  async sync(cs: Pick<ClusterServices, 'nodes'> & Partial<Pick<ClusterServices, 'serviceCIDR'>>): Promise<RouteSyncResult> {
    const desired = [...desiredRoutes(cs.nodes, { name: this.opts.nodeName, podCIDR: this.opts.podCIDR }), ...serviceRoute(cs.serviceCIDR, this.opts.bridge)];
    const plan = planRoutes(desired, await this.observed());
    return { plan, errors: await this.execute(plan) };
  }

  /** Removes every route this agent owns (`edgeplane agent --cleanup`). */
  async cleanup(): Promise<RouteSyncResult> {
    const plan: RoutePlan = { replace: [], delete: await this.observed() };
    return { plan, errors: await this.execute(plan) };
  }

  private async execute(plan: RoutePlan): Promise<EdgeplaneError[]> {
    const errors: EdgeplaneError[] = [];
    const p = String(this.proto);
    for (const r of plan.delete) {
      const x = await this.ip(['route', 'del', r.dst, 'proto', p]);
      if (x.exitCode !== 0 && !/No such process/.test(x.stderr)) {
        errors.push(new EdgeplaneError('RouteDeleteFailed', `ip route del ${r.dst}: ${x.stderr.trim()}`, { cause: x }));
      }
    }
    for (const r of plan.replace) {
      const to = r.via ? ['via', r.via] : ['dev', r.dev!];
      const x = await this.ip(['route', 'replace', r.dst, ...to, 'proto', p]);
      if (x.exitCode !== 0) {
        errors.push(new EdgeplaneError('RouteReplaceFailed', `ip route replace ${r.dst} ${to.join(' ')}: ${x.stderr.trim()}`, { cause: x }));
      }
    }
    return errors;
  }
}
