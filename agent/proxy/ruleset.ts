// The service proxy's nftables ruleset as data (pure): ClusterServices + the
// local node → chains, maps and sets of one `table ip edgeplane`. render.ts
// turns it into `nft -f` text, diff.ts into an incremental transaction.
//
// The layout follows kube-proxy's nftables mode (pkg/proxy/nftables):
// - `service-ips` (daddr . l4proto . dport → goto svc chain) and
//   `service-nodeports` (l4proto . dport on local addresses → goto ext chain)
//   are verdict maps, so per-packet cost is one hash lookup whatever the
//   number of services;
// - a svc chain load-balances over READY endpoints with a cascade of
//   `numgen random mod (N-i) == 0 dnat to ip:port` rules (uniform, and unlike
//   kube-proxy's `numgen random mod N vmap {…}` it needs neither an anonymous
//   set nor a chain per endpoint: both made nft's commit cost grow with the
//   number of services, see docs/networking.md "Why this layout");
// - hairpin traffic (a pod reaching itself) is masqueraded in postrouting by
//   one `ip saddr . ip daddr @hairpin` lookup;
// - ClientIP affinity (rare): per-endpoint chains and dynamic sets with the
//   affinity timeout, refreshed on every new connection, checked first;
// - a service port without ready endpoints is in `no-endpoint-services`
//   (and `no-endpoint-nodeports`) and rejected in the filter hooks, so
//   clients get ECONNREFUSED at once instead of a timeout;
// - traffic to the cluster DNS address (udp/tcp 53) is DNATed to the node-local
//   DNS server on the pod bridge gateway (first host of the node's pod CIDR).
import type { ClusterServices, EndpointEntry, ServiceEntry } from '../../shared/mqtt/cluster-services.js';
import { affinitySet, endpointChain, externalChain, serviceChain, servicePortId } from './names.js';

export const DEFAULT_TABLE = 'edgeplane';
export const DEFAULT_CLUSTER_CIDR = '10.42.0.0/16';
/** Same bit kube-proxy uses for "masquerade this connection". */
export const MASQ_MARK = '0x00004000';

export interface LocalNode {
  name: string;
  /** this node's addresses (informational; NodePorts match any local address via fib) */
  ips: string[];
  /** this node's pod CIDR, e.g. 10.42.3.0/24; its first host is the bridge gateway and DNS server */
  podCIDR: string;
  /** pod bridge name (informational; bridged pod-to-pod service traffic needs br_netfilter, as with kube-proxy) */
  bridge: string;
  /** cluster pod CIDR: traffic to a ClusterIP from outside it is masqueraded */
  clusterCIDR: string;
}

export interface Chain {
  name: string;
  /** base chain spec, e.g. `type nat hook prerouting priority dstnat; policy accept;` */
  base?: string;
  rules: string[];
}

export interface NftMap {
  name: string;
  /** declaration body, e.g. `type ipv4_addr . inet_proto . inet_service : verdict;` */
  spec: string;
  /** element key → value ('' for a plain set) */
  elements: Map<string, string>;
}

/** A set whose contents the kernel owns (dynamic affinity sets): declared, never filled by us. */
export interface DynamicSet {
  name: string;
  spec: string;
}

export interface Ruleset {
  table: string;
  chains: Map<string, Chain>;
  maps: Map<string, NftMap>;
  sets: Map<string, DynamicSet>;
  /** Set by RulesetBuilder (builder.ts): the only names/keys that can differ from `base`, so a diff need not compare everything. */
  delta?: Delta;
}

export interface Delta {
  base: Ruleset;
  chains: Set<string>;
  sets: Set<string>;
  /** map name → element keys */
  elements: Map<string, Set<string>>;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIPv4(s: string): boolean {
  const m = IPV4.exec(s);
  return !!m && m.slice(1).every((o) => Number(o) <= 255);
}

/** First host address of an IPv4 CIDR: the bridge gateway (host-local's default). */
export function gatewayOf(cidr: string): string | undefined {
  const [addr, len] = cidr.split('/');
  if (!addr || !isIPv4(addr) || len === undefined) return undefined;
  const n = addr.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const bits = Number(len);
  if (!(bits >= 0 && bits <= 30)) return undefined;
  const net = bits === 0 ? 0 : n - (n % 2 ** (32 - bits));
  const g = net + 1;
  return [24, 16, 8, 0].map((s) => Math.floor(g / 2 ** s) % 256).join('.');
}

function fixedChains(cs: ClusterServices, node: LocalNode): Chain[] {
  const dns: string[] = [];
  const gw = gatewayOf(node.podCIDR);
  if (cs.clusterDNS && isIPv4(cs.clusterDNS) && gw) {
    dns.push(`ip daddr ${cs.clusterDNS} udp dport 53 dnat to ${gw}:53`, `ip daddr ${cs.clusterDNS} tcp dport 53 dnat to ${gw}:53`);
  }
  const local = 'fib daddr type local ip daddr != 127.0.0.0/8';
  return [
    // Filter hooks at -110 run before the dstnat hooks (-100): a packet for a
    // service without endpoints is still addressed to the ClusterIP/NodePort here.
    {
      name: 'filter-input',
      base: 'type filter hook input priority -110; policy accept;',
      rules: ['ct state new jump nodeport-endpoints-check', 'ct state new jump service-endpoints-check'],
    },
    {
      name: 'filter-forward',
      base: 'type filter hook forward priority -110; policy accept;',
      rules: ['ct state new jump service-endpoints-check', 'ct state new jump cluster-ips-check'],
    },
    { name: 'filter-output', base: 'type filter hook output priority -110; policy accept;', rules: ['ct state new jump service-endpoints-check'] },
    // After nat output (-100): anything still addressed to a ClusterIP matched no service port.
    { name: 'filter-output-post-dnat', base: 'type filter hook output priority -90; policy accept;', rules: ['ct state new jump cluster-ips-check'] },
    { name: 'nat-prerouting', base: 'type nat hook prerouting priority dstnat; policy accept;', rules: ['jump services'] },
    { name: 'nat-output', base: 'type nat hook output priority -100; policy accept;', rules: ['jump services'] },
    { name: 'nat-postrouting', base: 'type nat hook postrouting priority srcnat; policy accept;', rules: ['jump masquerading'] },
    {
      name: 'services',
      rules: [...dns, 'ip daddr . meta l4proto . th dport vmap @service-ips', `${local} meta l4proto . th dport vmap @service-nodeports`],
    },
    { name: 'service-endpoints-check', rules: ['ip daddr . meta l4proto . th dport vmap @no-endpoint-services'] },
    { name: 'nodeport-endpoints-check', rules: [`${local} meta l4proto . th dport vmap @no-endpoint-nodeports`] },
    {
      name: 'cluster-ips-check',
      rules: ['ip daddr @cluster-ips reject', ...(cs.serviceCIDR ? [`ip daddr ${cs.serviceCIDR} drop`] : [])],
    },
    { name: 'mark-for-masquerade', rules: [`meta mark set meta mark | ${MASQ_MARK}`] },
    {
      name: 'masquerading',
      rules: [
        `ct status dnat ip saddr . ip daddr @hairpin meta mark set meta mark | ${MASQ_MARK}`,
        `meta mark & ${MASQ_MARK} == 0 return`, `meta mark set meta mark ^ ${MASQ_MARK}`, 'masquerade fully-random'],
    },
    // TCP gets a reset, everything else ICMP port-unreachable: both are ECONNREFUSED to the client.
    { name: 'reject-chain', rules: ['meta l4proto tcp reject with tcp reset', 'reject'] },
  ];
}

const VERDICT_3 = 'type ipv4_addr . inet_proto . inet_service : verdict;';
const VERDICT_2 = 'type inet_proto . inet_service : verdict;';

/** Protocols load-balanced through the shared backend maps (the Kubernetes service protocols). */
const LB_PROTOCOLS = ['tcp', 'udp', 'sctp'];

/**
 * Backend maps, one per protocol: (ClusterIP, port, index) → endpoint and
 * (NodePort, index) → endpoint. `typeof` because numgen's type (a plain 32-bit
 * integer) has no `type` name; the modulus there only types the key, any n
 * fits. Per protocol (`tcp dport`, not `th dport`): nft 1.0.6 cannot
 * re-evaluate a `th dport` typeof read back from the kernel ("conflicting
 * protocols specified: ip vs. th") once a later transaction adds a rule using
 * the map, and a `tcp dport` typeof adds a `meta l4proto tcp` match to the rule,
 * which is right for a per-protocol map.
 */
const BACKEND_MAPS: Array<[string, string]> = LB_PROTOCOLS.flatMap((p): Array<[string, string]> => [
  [`service-backends-${p}`, `typeof ip daddr . ${p} dport . numgen random mod 2 : ip daddr . ${p} dport;`],
  [`nodeport-backends-${p}`, `typeof ${p} dport . numgen random mod 2 : ip daddr . ${p} dport;`],
]);

export function isHeadless(s: ServiceEntry): boolean {
  return s.type === 'ExternalName' || s.clusterIP === '' || s.clusterIP === 'None' || !isIPv4(s.clusterIP);
}

interface Backend {
  ip: string;
  port: number;
}

/** Ready endpoints serving this port name, deduplicated and sorted (stable output). */
export function readyBackends(endpoints: EndpointEntry[], portName: string): Backend[] {
  const seen = new Map<string, Backend & { n: number }>();
  for (const e of endpoints) {
    const port = e.ports[portName];
    if (!e.ready || !isIPv4(e.ip) || typeof port !== 'number' || !(port > 0 && port < 65536)) continue;
    const n = e.ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
    seen.set(`${e.ip}:${port}`, { ip: e.ip, port, n });
  }
  return [...seen.values()].sort((a, b) => a.n - b.n || a.port - b.port).map(({ ip, port }) => ({ ip, port }));
}

/** Everything one service contributes; depends only on the service and the local node. */
export interface Fragment {
  chains: Chain[];
  sets: DynamicSet[];
  /** [map name, key, value] */
  elements: Array<[string, string, string]>;
}

export function serviceFragment(svc: ServiceEntry, node: LocalNode): Fragment {
  const f: Fragment = { chains: [], sets: [], elements: [] };
  const cip = svc.clusterIP;
  f.elements.push(['cluster-ips', cip, '']);
  for (const p of svc.ports) {
    const proto = p.protocol.toLowerCase();
    const id = servicePortId(svc.namespace, svc.name, proto, p.name, p.port);
    const backends = readyBackends(svc.endpoints, p.name);
    const nodePort = (svc.type === 'NodePort' || svc.type === 'LoadBalancer') && p.nodePort ? p.nodePort : undefined;
    if (backends.length === 0) {
      f.elements.push(['no-endpoint-services', `${cip} . ${proto} . ${p.port}`, 'goto reject-chain']);
      if (nodePort) f.elements.push(['no-endpoint-nodeports', `${proto} . ${nodePort}`, 'goto reject-chain']);
      continue;
    }
    // Hairpin (a pod reaching itself through its service): the postrouting
    // chain masquerades `saddr . daddr` pairs in @hairpin, so no per-endpoint
    // rule is needed. Only endpoints on this node can hairpin here.
    for (const b of backends) {
      const e = svc.endpoints.find((x) => x.ip === b.ip);
      if (!e?.nodeName || e.nodeName === node.name) f.elements.push(['hairpin', `${b.ip} . ${b.ip}`, '']);
    }
    const n = backends.length;
    const key = `${cip} . ${proto} . ${p.port}`;
    if (svc.sessionAffinity !== 'ClientIP' && LB_PROTOCOLS.includes(proto)) {
      // No chain of its own: all services with n ready endpoints share
      // `service-lb-<proto>-<n>`, which picks `numgen random mod n` and looks the
      // backend up in @service-backends-<proto> by (ClusterIP, port, index), so
      // a change of endpoints is only map elements (see docs/networking.md).
      const lb = `service-lb-${proto}-${n}`;
      f.chains.push({
        name: lb,
        rules: [
          `ip saddr != ${node.clusterCIDR} jump mark-for-masquerade`,
          `dnat ip to ip daddr . ${proto} dport . numgen random mod ${n} map @service-backends-${proto}`,
        ],
      });
      f.elements.push(['service-ips', key, `goto ${lb}`]);
      backends.forEach((b, i) => f.elements.push([`service-backends-${proto}`, `${cip} . ${p.port} . ${i}`, `${b.ip} . ${b.port}`]));
      if (nodePort) {
        // externalTrafficPolicy Cluster: NodePort traffic may go to another node, so it is always masqueraded.
        const np = `nodeport-lb-${proto}-${n}`;
        f.chains.push({ name: np, rules: ['jump mark-for-masquerade', `dnat ip to ${proto} dport . numgen random mod ${n} map @nodeport-backends-${proto}`] });
        f.elements.push(['service-nodeports', `${proto} . ${nodePort}`, `goto ${np}`]);
        backends.forEach((b, i) => f.elements.push([`nodeport-backends-${proto}`, `${nodePort} . ${i}`, `${b.ip} . ${b.port}`]));
      }
      continue;
    }
    const svcName = serviceChain(id);
    f.elements.push(['service-ips', key, `goto ${svcName}`]);
    if (nodePort) {
      const ext = externalChain(id);
      f.chains.push({ name: ext, rules: ['jump mark-for-masquerade', `goto ${svcName}`] });
      f.elements.push(['service-nodeports', `${proto} . ${nodePort}`, `goto ${ext}`]);
    }
    // Reached only from service-ips (this ClusterIP:port) or the ext chain (already marked).
    const svcRules = [`ip saddr != ${node.clusterCIDR} jump mark-for-masquerade`];
    // Uniform choice without an anonymous vmap: rule i of n fires with
    // probability 1/(n-i) among the packets that reach it, i.e. 1/n overall.
    const pick = (i: number) => (i < n - 1 ? `numgen random mod ${n - i} == 0 ` : '');
    // ClientIP affinity (rare): one chain and one dynamic set per endpoint; a
    // client in an endpoint's set goes there, every new connection refreshes it.
    const timeout = Math.max(1, Math.floor(svc.affinityTimeoutSeconds || 10800));
    const picks: string[] = [];
    backends.forEach((b, i) => {
      const ep = endpointChain(id, b.ip, b.port);
      const aff = affinitySet(id, b.ip, b.port, timeout);
      f.sets.push({ name: aff, spec: `type ipv4_addr; flags dynamic,timeout; timeout ${timeout}s;` });
      f.chains.push({ name: ep, rules: [`update @${aff} { ip saddr }`, `meta l4proto ${proto} dnat to ${b.ip}:${b.port}`] });
      svcRules.push(`ip saddr @${aff} goto ${ep}`);
      picks.push(`${pick(i)}goto ${ep}`);
    });
    f.chains.push({ name: svcName, rules: [...svcRules, ...picks] });
  }
  return f;
}

/**
 * The ruleset for `cs` on `node`. `fragmentOf` lets a caller reuse the
 * fragments of unchanged services (RulesetBuilder in builder.ts).
 */
export function buildRuleset(
  cs: ClusterServices,
  node: LocalNode,
  table = DEFAULT_TABLE,
  fragmentOf: (svc: ServiceEntry) => Fragment = (svc) => serviceFragment(svc, node),
): Ruleset {
  const chains = new Map<string, Chain>();
  for (const c of fixedChains(cs, node)) chains.set(c.name, c);
  const map = (name: string, spec: string): NftMap => ({ name, spec, elements: new Map() });
  const maps = new Map<string, NftMap>();
  for (const m of [
    map('cluster-ips', 'type ipv4_addr;'),
    map('hairpin', 'type ipv4_addr . ipv4_addr;'),
    map('service-ips', VERDICT_3),
    map('service-nodeports', VERDICT_2),
    ...BACKEND_MAPS.map(([n, spec]) => map(n, spec)),
    map('no-endpoint-services', VERDICT_3),
    map('no-endpoint-nodeports', VERDICT_2),
  ]) {
    maps.set(m.name, m);
  }
  const sets = new Map<string, DynamicSet>();
  const key = (s: ServiceEntry) => `${s.namespace}/${s.name}`;
  const services = [...cs.services].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  for (const svc of services) {
    if (isHeadless(svc)) continue; // headless: DNS returns pod IPs, no proxying (as in Kubernetes)
    const f = fragmentOf(svc);
    for (const c of f.chains) chains.set(c.name, c);
    for (const s of f.sets) sets.set(s.name, s);
    for (const [m, k, v] of f.elements) maps.get(m)!.elements.set(k, v);
  }
  return { table, chains, maps, sets };
}
