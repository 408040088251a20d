// What the service DNS server says to one query, as a pure function of the
// decoded query and the last ClusterServices document: an authoritative answer
// for names in the cluster domain (NXDOMAIN for unknown ones), or "forward" for
// everything else (the node's upstream resolvers).

import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet, Question } from 'dns-packet';
import type { ClusterServices } from '../../shared/mqtt/cluster-services.js';
import { DEFAULT_CLUSTER_DOMAIN } from '../../shared/mqtt/cluster-services.js';
import { buildZone, normalizeName, podAddress, reverseAddress, type Zone } from './zone.js';

/** CoreDNS kubernetes plugin default: records change with pods, so keep caches short. */
export const TTL = 5;

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export type Decision = { kind: 'answer'; response: Packet } | { kind: 'forward' };

const zones = new WeakMap<ClusterServices, Zone>();

/** The zone for a document, built once per document object. */
export function zoneOf(cs: ClusterServices): Zone {
  let z = zones.get(cs);
  if (!z) zones.set(cs, (z = buildZone(cs)));
  return z;
}

export function reply(query: Packet, rcode: number, sections: Pick<Packet, 'answers' | 'authorities' | 'additionals'> = {}, authoritative = true): Packet {
  const rd = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  return {
    id: query.id ?? 0,
    type: 'response',
    flags: (authoritative ? dnsPacket.AUTHORITATIVE_ANSWER : 0) | rd | dnsPacket.RECURSION_AVAILABLE | rcode,
    questions: query.questions ?? [],
    answers: sections.answers ?? [],
    authorities: sections.authorities ?? [],
    additionals: sections.additionals ?? [],
  };
}

function soa(zone: Zone): Answer {
  return {
    name: zone.domain,
    type: 'SOA',
    ttl: TTL,
    class: 'IN',
    data: { mname: `ns.dns.${zone.domain}`, rname: `hostmaster.${zone.domain}`, serial: zone.serial, refresh: 7200, retry: 1800, expire: 86400, minimum: TTL },
  };
}

function inDomain(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

/**
 * `cs` undefined means no document has arrived yet: cluster names get
 * SERVFAIL (try again) rather than an NXDOMAIN that resolvers would cache.
 */
export function answer(query: DecodedPacket | Packet, cs: ClusterServices | undefined): Decision {
  const q: Question | undefined = query.questions?.[0];
  const opcode = ((query.flags ?? 0) >> 11) & 0xf;
  if (opcode !== 0) return { kind: 'answer', response: reply(query, RCODE.NOTIMP, {}, false) };
  if (!q || (query.questions?.length ?? 0) !== 1) return { kind: 'answer', response: reply(query, RCODE.FORMERR, {}, false) };
  const name = normalizeName(q.name);
  const domain = normalizeName(cs?.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN);
  if (name.endsWith('.in-addr.arpa')) return reverse(query, q, name, cs);
  if (!inDomain(name, domain)) return { kind: 'forward' };
  if (!cs) return { kind: 'answer', response: reply(query, RCODE.SERVFAIL, {}, false) };
  const zone = zoneOf(cs);
  const qclass = q.class ?? 'IN';
  if (qclass !== 'IN' && qclass !== 'ANY') return { kind: 'answer', response: reply(query, RCODE.REFUSED, {}, false) };

  const a = zone.a.get(name) ?? (podAddress(name, zone) ? [podAddress(name, zone)!] : undefined);
  const srv = zone.srv.get(name);
  const exists = a !== undefined || srv !== undefined || zone.interior.has(name) || name === domain;
  if (!exists) return { kind: 'answer', response: reply(query, RCODE.NXDOMAIN, { authorities: [soa(zone)] }) };

  const answers: Answer[] = [];
  const additionals: Answer[] = [];
  if ((q.type === 'A' || (q.type as string) === 'ANY') && a) {
    for (const ip of a) answers.push({ name: q.name, type: 'A', ttl: TTL, class: 'IN', data: ip });
  }
  if ((q.type === 'SRV' || (q.type as string) === 'ANY') && srv) {
    for (const r of srv) {
      answers.push({ name: q.name, type: 'SRV', ttl: TTL, class: 'IN', data: { priority: 0, weight: Math.floor(100 / srv.length), port: r.port, target: r.target } });
      for (const ip of zone.a.get(r.target) ?? []) additionals.push({ name: r.target, type: 'A', ttl: TTL, class: 'IN', data: ip });
    }
  }
  if (q.type === 'SOA' && name === domain) answers.push(soa(zone));
  // NODATA (the name exists, not with this type): the SOA tells resolvers how long to remember that
  return { kind: 'answer', response: reply(query, RCODE.NOERROR, { answers, additionals, authorities: answers.length ? [] : [soa(zone)] }) };
}

/**
 * Reverse lookups: PTR for ClusterIPs and ready headless endpoints; other
 * addresses in the service CIDR are NXDOMAIN here (they are never anyone
 * else's to answer); everything else goes upstream.
 */
function reverse(query: Packet, q: Question, name: string, cs: ClusterServices | undefined): Decision {
  if (!cs) return { kind: 'forward' };
  const zone = zoneOf(cs);
  const targets = zone.ptr.get(name);
  const addr = reverseAddress(name);
  const ours = addr !== undefined && zone.serviceRange !== undefined && addr >= zone.serviceRange[0] && addr <= zone.serviceRange[1];
  if (!targets && !ours) return { kind: 'forward' };
  if (!targets) return { kind: 'answer', response: reply(query, RCODE.NXDOMAIN, { authorities: [soa(zone)] }) };
  const answers: Answer[] = q.type === 'PTR' || (q.type as string) === 'ANY' ? targets.map((t) => ({ name: q.name, type: 'PTR', ttl: TTL, class: 'IN', data: t })) : [];
  return { kind: 'answer', response: reply(query, RCODE.NOERROR, { answers, authorities: answers.length ? [] : [soa(zone)] }) };
}
