import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import type { Packet, RecordType } from 'dns-packet';
import { answer, RCODE } from '../../../agent/dns/answer.js';
import { CS } from './fixtures.js';

const query = (name: string, type: RecordType | 'ANY' = 'A', flags = dnsPacket.RECURSION_DESIRED): Packet => ({
  id: 7,
  type: 'query',
  flags,
  questions: [{ name, type: type as RecordType, class: 'IN' }],
});

/** the answer round-tripped through the wire format, summarised */
function ask(name: string, type: RecordType | 'ANY' = 'A') {
  const d = answer(dnsPacket.decode(dnsPacket.encode(query(name, type))), CS);
  if (d.kind === 'forward') return 'forward';
  const r = dnsPacket.decode(dnsPacket.encode(d.response)) as any;
  return {
    rcode: r.rcode as string,
    aa: r.flag_aa as boolean,
    answers: (r.answers ?? []).map((a: any) => (a.type === 'SRV' ? `SRV ${a.data.port} ${a.data.target}` : `${a.type} ${a.data}`)).sort(),
    soa: (r.authorities ?? []).some((a: any) => a.type === 'SOA'),
  };
}

const cases: Array<[string, RecordType | 'ANY', ReturnType<typeof ask>]> = [
  ['web.default.svc.cluster.local', 'A', { rcode: 'NOERROR', aa: true, answers: ['A 10.43.12.7'], soa: false }],
  ['WEB.Default.svc.cluster.local.', 'A', { rcode: 'NOERROR', aa: true, answers: ['A 10.43.12.7'], soa: false }],
  ['web.default.svc.cluster.local', 'AAAA', { rcode: 'NOERROR', aa: true, answers: [], soa: true }],
  ['web.default.svc.cluster.local', 'TXT', { rcode: 'NOERROR', aa: true, answers: [], soa: true }],
  ['nope.default.svc.cluster.local', 'A', { rcode: 'NXDOMAIN', aa: true, answers: [], soa: true }],
  ['web.other.svc.cluster.local', 'A', { rcode: 'NXDOMAIN', aa: true, answers: [], soa: true }],
  // search-path misses of outside names are answered here, fast
  ['example.com.default.svc.cluster.local', 'A', { rcode: 'NXDOMAIN', aa: true, answers: [], soa: true }],
  // empty non-terminals exist
  ['default.svc.cluster.local', 'A', { rcode: 'NOERROR', aa: true, answers: [], soa: true }],
  ['svc.cluster.local', 'A', { rcode: 'NOERROR', aa: true, answers: [], soa: true }],
  ['cluster.local', 'SOA', { rcode: 'NOERROR', aa: true, answers: ['SOA [object Object]'], soa: false }],
  // headless: the ready endpoints only
  ['pg.db.svc.cluster.local', 'A', { rcode: 'NOERROR', aa: true, answers: ['A 10.42.0.9', 'A 10.42.1.3'], soa: false }],
  ['pg-0.pg.db.svc.cluster.local', 'A', { rcode: 'NOERROR', aa: true, answers: ['A 10.42.1.3'], soa: false }],
  ['10-42-0-9.pg.db.svc.cluster.local', 'A', { rcode: 'NOERROR', aa: true, answers: ['A 10.42.0.9'], soa: false }],
  ['10-42-0-10.pg.db.svc.cluster.local', 'A', { rcode: 'NXDOMAIN', aa: true, answers: [], soa: true }],
  ['empty.db.svc.cluster.local', 'A', { rcode: 'NOERROR', aa: true, answers: [], soa: true }],
  // SRV for named ports
  ['_http._tcp.web.default.svc.cluster.local', 'SRV', { rcode: 'NOERROR', aa: true, answers: ['SRV 80 web.default.svc.cluster.local'], soa: false }],
  ['_http._udp.web.default.svc.cluster.local', 'SRV', { rcode: 'NXDOMAIN', aa: true, answers: [], soa: true }],
  [
    '_pg._tcp.pg.db.svc.cluster.local',
    'SRV',
    { rcode: 'NOERROR', aa: true, answers: ['SRV 5432 10-42-0-9.pg.db.svc.cluster.local', 'SRV 5433 pg-0.pg.db.svc.cluster.local'], soa: false },
  ],
  // pods (insecure mode, as CoreDNS by default)
  ['10-42-3-4.default.pod.cluster.local', 'A', { rcode: 'NOERROR', aa: true, answers: ['A 10.42.3.4'], soa: false }],
  ['10-42-3-400.default.pod.cluster.local', 'A', { rcode: 'NXDOMAIN', aa: true, answers: [], soa: true }],
  // reverse lookups: ClusterIPs and ready headless endpoints; the rest of the service CIDR is ours; other addresses go upstream
  ['7.12.43.10.in-addr.arpa', 'PTR', { rcode: 'NOERROR', aa: true, answers: ['PTR web.default.svc.cluster.local'], soa: false }],
  ['3.1.42.10.in-addr.arpa', 'PTR', { rcode: 'NOERROR', aa: true, answers: ['PTR pg-0.pg.db.svc.cluster.local'], soa: false }],
  ['99.99.43.10.in-addr.arpa', 'PTR', { rcode: 'NXDOMAIN', aa: true, answers: [], soa: true }],
  ['1.0.0.10.in-addr.arpa', 'PTR', 'forward'],
  ['1.168.192.in-addr.arpa', 'PTR', 'forward'],
  ['example.com', 'A', 'forward'],
  ['cluster.localhost', 'A', 'forward'],
];

for (const [name, type, want] of cases) {
  test(`answer ${type} ${name}`, () => {
    assert.deepEqual(ask(name, type), want);
  });
}

test('responses echo the id, question and RD, and set RA', () => {
  const d = answer(query('web.default.svc.cluster.local'), CS);
  assert.equal(d.kind, 'answer');
  if (d.kind !== 'answer') return;
  const r = dnsPacket.decode(dnsPacket.encode(d.response)) as any;
  assert.equal(r.id, 7);
  assert.equal(r.flag_rd, true);
  assert.equal(r.flag_ra, true);
  assert.equal(r.questions[0].name, 'web.default.svc.cluster.local');
  assert.equal(r.answers[0].ttl, 5);
});

test('before any document: cluster names SERVFAIL (not a cached NXDOMAIN), others forward', () => {
  const d = answer(query('web.default.svc.cluster.local'), undefined);
  assert.ok(d.kind === 'answer' && (d.response.flags! & 0xf) === RCODE.SERVFAIL);
  assert.equal(answer(query('example.com'), undefined).kind, 'forward');
});

test('malformed queries: no question → FORMERR, other opcodes → NOTIMP', () => {
  const none = answer({ id: 1, type: 'query', flags: 0, questions: [] }, CS);
  assert.ok(none.kind === 'answer' && (none.response.flags! & 0xf) === RCODE.FORMERR);
  const status = answer({ id: 1, type: 'query', flags: 2 << 11, questions: [{ name: 'x', type: 'A' }] }, CS);
  assert.ok(status.kind === 'answer' && (status.response.flags! & 0xf) === RCODE.NOTIMP);
});

test('a custom cluster domain', () => {
  const cs = { ...CS, clusterDomain: 'edge.internal' };
  const d = answer(query('web.default.svc.edge.internal'), cs);
  assert.ok(d.kind === 'answer' && d.response.answers?.length === 1);
  assert.equal(answer(query('web.default.svc.cluster.local'), cs).kind, 'forward');
});
