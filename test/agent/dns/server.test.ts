// The DNS server on loopback with an ephemeral port, asked by Node's own
// resolver (c-ares). Forwarding goes to a second, in-test upstream on
// loopback, never to a real resolver.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket } from 'dns-packet';
import { DnsServer } from '../../../agent/dns/index.js';
import { CS } from './fixtures.js';

/** A tiny authoritative upstream: fixed answers, `big.test` truncated over UDP, `slow.test` never answered. */
class Upstream {
  udp!: UdpSocket;
  tcp!: Server;
  port = 0;
  udpQueries = 0;
  tcpQueries = 0;

  private respond(q: DecodedPacket, viaTcp: boolean): Buffer | undefined {
    const name = q.questions?.[0]?.name ?? '';
    if (name === 'slow.test') return undefined;
    const answers: Answer[] = [];
    if (name === 'example.test') answers.push({ name, type: 'A', ttl: 60, data: '192.0.2.1' });
    if (name === 'big.test') for (let i = 1; i <= 60; i++) answers.push({ name, type: 'A', ttl: 60, data: `198.51.100.${i}` });
    const truncate = name === 'big.test' && !viaTcp;
    return dnsPacket.encode({
      id: q.id,
      type: 'response',
      flags: dnsPacket.RECURSION_AVAILABLE | (truncate ? dnsPacket.TRUNCATED_RESPONSE : 0) | (answers.length ? 0 : 3),
      questions: q.questions,
      answers: truncate ? answers.slice(0, 2) : answers,
    });
  }

  async start(): Promise<void> {
    this.udp = createSocket('udp4');
    this.udp.on('message', (msg, r) => {
      this.udpQueries++;
      const out = this.respond(dnsPacket.decode(msg), false);
      if (out) this.udp.send(out, r.port, r.address);
    });
    this.udp.bind(0, '127.0.0.1');
    await once(this.udp, 'listening');
    this.port = this.udp.address().port;
    this.tcp = createServer((s) => {
      s.on('error', () => undefined);
      s.on('data', (d) => {
        this.tcpQueries++;
        const out = this.respond(dnsPacket.decode(d.subarray(2)), true);
        if (!out) return;
        const len = Buffer.alloc(2);
        len.writeUInt16BE(out.length);
        s.write(Buffer.concat([len, out]));
      });
    });
    this.tcp.listen(this.port, '127.0.0.1');
    await once(this.tcp, 'listening');
  }

  async stop(): Promise<void> {
    this.udp.close();
    await new Promise((r) => this.tcp.close(r));
  }
}

let upstream: Upstream;
let server: DnsServer;
let dir: string;
let resolver: Resolver;

before(async () => {
  upstream = new Upstream();
  await upstream.start();
  dir = await mkdtemp(join(tmpdir(), 'edgeplane-dns-'));
  // resolv.conf cannot carry a port; the explicit upstream list can (tests, unusual setups)
  server = new DnsServer({ upstreams: [`127.0.0.1:${upstream.port}`], forwardTimeoutMs: 300 });
  server.update(CS);
  const { port } = await server.listen({ address: '127.0.0.1', port: 0 });
  resolver = new Resolver({ timeout: 3000, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
});

after(async () => {
  await server.close();
  await upstream.stop();
  await rm(dir, { recursive: true, force: true });
});

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code;
  }
};

test('service names resolve to the ClusterIP; headless to the ready endpoints', async () => {
  assert.deepEqual(await resolver.resolve4('web.default.svc.cluster.local'), ['10.43.12.7']);
  assert.deepEqual((await resolver.resolve4('pg.db.svc.cluster.local')).sort(), ['10.42.0.9', '10.42.1.3']);
  const srv = await resolver.resolveSrv('_http._tcp.web.default.svc.cluster.local');
  assert.deepEqual(srv.map((s) => [s.name, s.port]), [['web.default.svc.cluster.local', 80]]);
  assert.deepEqual(await resolver.reverse('10.43.12.7'), ['web.default.svc.cluster.local']);
});

test('unknown cluster names are NXDOMAIN; known names without the type are NODATA', async () => {
  assert.equal(await code(resolver.resolve4('nope.default.svc.cluster.local')), 'ENOTFOUND');
  assert.equal(await code(resolver.resolve6('web.default.svc.cluster.local')), 'ENODATA');
});

test('update() switches to the new document', async () => {
  server.update({ ...CS, services: CS.services.map((s) => (s.name === 'web' ? { ...s, clusterIP: '10.43.99.1' } : s)) });
  assert.deepEqual(await resolver.resolve4('web.default.svc.cluster.local'), ['10.43.99.1']);
  server.update(CS);
});

test('other names are forwarded upstream (UDP)', async () => {
  assert.deepEqual(await resolver.resolve4('example.test'), ['192.0.2.1']);
  assert.equal(await code(resolver.resolve4('missing.test')), 'ENOTFOUND');
});

test('a truncated upstream answer is fetched again over TCP', async () => {
  const tcpBefore = upstream.tcpQueries;
  const ips = await resolver.resolve4('big.test');
  assert.equal(ips.length, 60);
  assert.ok(upstream.tcpQueries > tcpBefore);
});

test('an upstream that does not answer gives SERVFAIL', async () => {
  assert.equal(await code(resolver.resolve4('slow.test')), 'ESERVFAIL');
});

test('TCP clients are served too', async () => {
  const port = server.address!.port;
  const { connect } = await import('node:net');
  const sock = connect({ host: '127.0.0.1', port });
  await once(sock, 'connect');
  const q = dnsPacket.streamEncode({ id: 99, type: 'query', flags: dnsPacket.RECURSION_DESIRED, questions: [{ name: 'web.default.svc.cluster.local', type: 'A' }] });
  sock.write(q);
  const [data] = (await once(sock, 'data')) as [Buffer];
  sock.destroy();
  const r = dnsPacket.streamDecode(data) as any;
  assert.equal(r.id, 99);
  assert.deepEqual(r.answers.map((a: any) => a.data), ['10.43.12.7']);
});

test('a large headless answer is truncated over UDP and complete over TCP', async () => {
  const many = {
    ...CS,
    services: [
      {
        namespace: 'default',
        name: 'many',
        type: 'ClusterIP' as const,
        clusterIP: 'None',
        ports: [],
        sessionAffinity: 'None' as const,
        affinityTimeoutSeconds: 10800,
        endpoints: Array.from({ length: 80 }, (_, i) => ({ ip: `10.42.${Math.floor(i / 200)}.${(i % 200) + 1}`, ready: true, ports: {} })),
      },
    ],
  };
  server.update(many);
  // c-ares retries over TCP on TC
  assert.equal((await resolver.resolve4('many.default.svc.cluster.local')).length, 80);
  server.update(CS);
});

test('upstreams come from resolv.conf (reloadable); the server never forwards to itself', async () => {
  const path = join(dir, 'resolv.conf');
  await writeFile(path, '# nothing yet\n');
  const s = new DnsServer({ resolvConfPath: path, forwardTimeoutMs: 200 });
  s.update(CS);
  const { port } = await s.listen({ address: '127.0.0.1', port: 0 });
  const r = new Resolver({ timeout: 3000, tries: 1 });
  r.setServers([`127.0.0.1:${port}`]);
  try {
    assert.deepEqual(await r.resolve4('web.default.svc.cluster.local'), ['10.43.12.7']);
    // no upstream at all
    assert.equal(await code(r.resolve4('example.test')), 'ESERVFAIL');
    // itself first (would loop), then the test upstream; `ip:port` is accepted for non-53 upstreams
    await writeFile(path, `nameserver 127.0.0.1:${port}\nnameserver 127.0.0.1:${upstream.port}\nsearch lan\noptions edns0\n`);
    await s.reloadUpstreams();
    const before = upstream.udpQueries;
    assert.deepEqual(await r.resolve4('example.test'), ['192.0.2.1']);
    assert.equal(upstream.udpQueries, before + 1);
  } finally {
    await s.close();
  }
});

test('parseResolvConf and parseUpstream', async () => {
  const { parseResolvConf } = await import('../../../agent/dns/resolv-conf.js');
  const { parseUpstream } = await import('../../../agent/dns/resolv-conf.js');
  assert.deepEqual(parseResolvConf('nameserver 10.0.0.1 # router\nnameserver ::1\ndomain a\nsearch b c\noptions ndots:2 edns0\n; x\n'), {
    nameservers: ['10.0.0.1', '::1'],
    searches: ['b', 'c'],
    options: ['ndots:2', 'edns0'],
  });
  assert.deepEqual(parseUpstream('10.0.0.1'), { host: '10.0.0.1', port: 53 });
  assert.deepEqual(parseUpstream('10.0.0.1:5353'), { host: '10.0.0.1', port: 5353 });
  assert.deepEqual(parseUpstream('[fd00::1]:5353'), { host: 'fd00::1', port: 5353 });
  assert.deepEqual(parseUpstream('fe80::1%eth0'), { host: 'fe80::1%eth0', port: 53 });
  assert.equal(parseUpstream('resolver.lan'), undefined);
});

test('start() retries while the address is missing and stops on close()', async () => {
  const logs: string[] = [];
  // 192.0.2.1 (TEST-NET-1) is on no interface here: bind fails with EADDRNOTAVAIL; nothing is sent anywhere
  class Counting extends DnsServer {
    attempts = 0;
    override listen(o: Parameters<DnsServer['listen']>[0]) {
      this.attempts++;
      return super.listen(o);
    }
  }
  const s = new Counting({ upstreams: [], log: (m) => logs.push(m) });
  s.start({ address: '192.0.2.1', port: 0 }, 20);
  const deadline = Date.now() + 10_000;
  while (s.attempts < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(s.attempts >= 3, 'retried');
  assert.equal(logs.length, 1, `the same failure is logged once: ${logs.join('; ')}`);
  assert.match(logs[0], /EADDRNOTAVAIL/);
  await s.close();
  const n = s.attempts;
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(s.attempts <= n + 1, 'no retries after close');
  assert.equal(s.address, undefined);

  const ok = new DnsServer({ upstreams: [] });
  ok.update(CS);
  ok.start({ address: '127.0.0.1', port: 0 });
  while (!ok.address) await new Promise((r) => setTimeout(r, 10));
  const r = new Resolver({ timeout: 3000, tries: 1 });
  r.setServers([`127.0.0.1:${ok.address.port}`]);
  assert.deepEqual(await r.resolve4('web.default.svc.cluster.local'), ['10.43.12.7']);
  await ok.close();
});
