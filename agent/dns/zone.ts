// The cluster's DNS records as lookup tables, built once per ClusterServices
// document (the names the Kubernetes DNS specification defines, as CoreDNS's
// kubernetes plugin serves them):
//   <svc>.<ns>.svc.<domain>              A   ClusterIP, or the ready endpoint IPs (headless)
//   <host>.<svc>.<ns>.svc.<domain>       A   a headless endpoint (hostname, else its dashed IP)
//   _<port>._<proto>.<svc>.<ns>.svc.<domain>  SRV  named service ports
//   <a-b-c-d>.<ns>.pod.<domain>          A   a.b.c.d (CoreDNS "pods insecure")
//   <d.c.b.a>.in-addr.arpa               PTR ClusterIPs and ready headless endpoints

import type { ClusterServices } from '../../shared/mqtt/cluster-services.js';

export interface SrvRecord {
  target: string;
  port: number;
}

export interface Zone {
  /** lower case, no trailing dot */
  domain: string;
  serial: number;
  a: Map<string, string[]>;
  srv: Map<string, SrvRecord[]>;
  /** names that exist only because a longer name does (empty non-terminals: NODATA, not NXDOMAIN) */
  interior: Set<string>;
  /** reverse names (`7.12.43.10.in-addr.arpa`) → service or endpoint name */
  ptr: Map<string, string[]>;
  /** the service CIDR as [network, broadcast]: reverse lookups inside it are ours (NXDOMAIN when unknown) */
  serviceRange?: [number, number];
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function buildZone(cs: ClusterServices): Zone {
  const domain = normalizeName(cs.clusterDomain);
  const zone: Zone = { domain, serial: cs.revision >>> 0, a: new Map(), srv: new Map(), interior: new Set(), ptr: new Map(), serviceRange: cidrRange(cs.serviceCIDR) };
  for (const s of cs.services) {
    if (s.type === 'ExternalName') continue;
    const base = normalizeName(`${s.name}.${s.namespace}.svc.${domain}`);
    const headless = s.clusterIP === 'None' || s.clusterIP === '';
    const ready = s.endpoints.filter((e) => e.ready && isIPv4(e.ip));
    if (!headless && isIPv4(s.clusterIP)) {
      push(zone.a, base, s.clusterIP);
      push(zone.ptr, reverseName(s.clusterIP), base);
    }
    if (headless) {
      // a headless service exists in DNS even with no ready endpoints (NODATA)
      zone.interior.add(base);
      for (const e of ready) {
        push(zone.a, base, e.ip);
        push(zone.a, `${endpointLabel(e)}.${base}`, e.ip);
        push(zone.ptr, reverseName(e.ip), `${endpointLabel(e)}.${base}`);
      }
    }
    for (const p of s.ports) {
      if (!p.name) continue;
      const name = normalizeName(`_${p.name}._${p.protocol}.${base}`);
      if (!headless) push(zone.srv, name, { target: base, port: p.port });
      else for (const e of ready) push(zone.srv, name, { target: `${endpointLabel(e)}.${base}`, port: e.ports[p.name] ?? p.port });
      if (headless && ready.length === 0) zone.interior.add(name);
    }
  }
  for (const name of [...zone.a.keys(), ...zone.srv.keys(), ...zone.interior]) {
    for (let i = name.indexOf('.'); i >= 0 && name.length - i - 1 > domain.length; i = name.indexOf('.', i + 1)) {
      zone.interior.add(name.slice(i + 1));
    }
  }
  zone.interior.add(`svc.${domain}`);
  zone.interior.add(`pod.${domain}`);
  for (const n of zone.a.keys()) zone.interior.delete(n);
  for (const n of zone.srv.keys()) zone.interior.delete(n);
  return zone;
}

export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** `7.12.43.10.in-addr.arpa` → the address as a number; undefined unless it is a full IPv4 reverse name */
export function reverseAddress(name: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa$/.exec(name);
  if (!m) return undefined;
  const ip = `${m[4]}.${m[3]}.${m[2]}.${m[1]}`;
  return isIPv4(ip) ? ipNumber(ip) : undefined;
}

function ipNumber(ip: string): number {
  return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

function cidrRange(cidr: string): [number, number] | undefined {
  const [ip, bits] = cidr.split('/');
  const b = Number(bits);
  if (!ip || !isIPv4(ip) || !Number.isInteger(b) || b < 0 || b > 32) return undefined;
  const size = 2 ** (32 - b);
  const net = ipNumber(ip) - (ipNumber(ip) % size);
  return [net, net + size - 1];
}

function endpointLabel(e: { ip: string; hostname?: string }): string {
  return (e.hostname ?? e.ip.replace(/\./g, '-')).toLowerCase();
}

/** `10-42-0-7.default.pod.cluster.local` → 10.42.0.7 (any namespace label; "pods insecure") */
export function podAddress(name: string, zone: Zone): string | undefined {
  const suffix = `.pod.${zone.domain}`;
  if (!name.endsWith(suffix)) return undefined;
  const labels = name.slice(0, -suffix.length).split('.');
  if (labels.length !== 2) return undefined;
  const ip = labels[0].replace(/-/g, '.');
  return isIPv4(ip) ? ip : undefined;
}
