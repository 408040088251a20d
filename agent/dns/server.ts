// The agent's service DNS server: cluster names answered from the last
// ClusterServices document (answer.ts), everything else forwarded to the
// node's upstream resolvers (forward.ts), over UDP and TCP on one port.
// The agent runs it on the node's pod-bridge gateway (first host of the pod
// CIDR), port 53; the service proxy DNATs the cluster DNS ClusterIP
// (10.43.0.10:53) there.

import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import dnsPacket from 'dns-packet';
import type { DecodedPacket, Packet } from 'dns-packet';
import type { ClusterServices } from '../../shared/mqtt/cluster-services.js';
import { answer, RCODE, reply } from './answer.js';
import { forward } from './forward.js';
import { parseResolvConf, parseUpstream, type Upstream } from './resolv-conf.js';

export interface DnsServerOptions {
  /** where the node's upstream resolvers are listed (default /etc/resolv.conf) */
  resolvConfPath?: string;
  /** explicit upstreams (`ip` or `ip:port`), instead of resolv.conf */
  upstreams?: string[];
  /** per upstream attempt */
  forwardTimeoutMs?: number;
  log?: (m: string) => void;
}

export interface ListenOptions {
  address: string;
  /** 0 picks a free port (tests) */
  port: number;
}

/** RFC 1035 limit without EDNS; EDNS clients may allow more (capped like CoreDNS' default buffer). */
const MIN_UDP = 512;
const MAX_UDP = 4096;
const TCP_IDLE_MS = 10_000;
const MAX_TCP_CONNECTIONS = 256;

export class DnsServer {
  private cs: ClusterServices | undefined;
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private upstreams: Upstream[] = [];
  private bound: { address: string; port: number } | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly log: (m: string) => void;

  constructor(private readonly opts: DnsServerOptions = {}) {
    this.log = opts.log ?? (() => undefined);
  }

  /** The latest cluster services document (what `answer` serves from now on). */
  update(cs: ClusterServices): void {
    this.cs = cs;
  }

  get address(): { address: string; port: number } | undefined {
    return this.bound;
  }

  /** Read the upstream resolvers again (resolv.conf may change, e.g. DHCP). */
  async reloadUpstreams(): Promise<void> {
    let list: string[] = this.opts.upstreams ?? [];
    if (!this.opts.upstreams) {
      const path = this.opts.resolvConfPath ?? '/etc/resolv.conf';
      try {
        list = parseResolvConf(await readFile(path, 'utf8')).nameservers;
      } catch (err) {
        this.log(`dns: cannot read ${path}: ${(err as Error).message}; names outside the cluster will fail`);
        list = [];
      }
    }
    const ups = list.map(parseUpstream).filter((u): u is Upstream => u !== undefined);
    // never forward to ourselves (a resolv.conf naming this address would loop)
    this.upstreams = ups.filter((u) => !(this.bound && u.host === this.bound.address && u.port === this.bound.port));
  }

  async listen(o: ListenOptions): Promise<{ address: string; port: number }> {
    const udp = createSocket({ type: isIPv6(o.address) ? 'udp6' : 'udp4' });
    udp.on('message', (msg, rinfo) => void this.onUdp(msg, rinfo.address, rinfo.port));
    udp.bind(o.port, o.address);
    try {
      await once(udp, 'listening');
    } catch (err) {
      udp.close();
      throw err;
    }
    // only after binding: a failed bind is the caller's error, logged once by start()
    udp.on('error', (err) => this.log(`dns: udp: ${err.message}`));
    const port = udp.address().port;
    const tcp = createServer((s) => this.onTcp(s));
    tcp.maxConnections = MAX_TCP_CONNECTIONS;
    tcp.listen(port, o.address);
    try {
      await once(tcp, 'listening');
    } catch (err) {
      udp.close();
      throw err;
    }
    tcp.on('error', (err) => this.log(`dns: tcp: ${err.message}`));
    this.udp = udp;
    this.tcp = tcp;
    this.bound = { address: o.address, port };
    await this.reloadUpstreams();
    return this.bound;
  }

  /**
   * Listen, retrying every `intervalMs` while the address does not exist yet
   * (the pod bridge gets its gateway address with the first pod) or the port
   * is busy. Never rejects; `close()` stops the retries.
   */
  start(o: ListenOptions, intervalMs = 2000): void {
    let last = '';
    const attempt = () => {
      this.retry = undefined;
      if (this.closed || this.bound) return;
      this.listen(o).catch((err: NodeJS.ErrnoException) => {
        if (this.closed) return;
        const why = err.code ?? err.message;
        // logged once per reason: a node without pods waits here for a long time
        if (why !== last) this.log(`dns: cannot listen on ${o.address}:${o.port} (${why}); retrying every ${intervalMs / 1000} s`);
        last = why;
        this.retry = setTimeout(attempt, intervalMs);
        this.retry.unref?.();
      });
    };
    attempt();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const udp = this.udp;
    const tcp = this.tcp;
    this.udp = undefined;
    this.tcp = undefined;
    if (udp) await new Promise<void>((r) => udp.close(() => r()));
    if (tcp) await new Promise<void>((r) => tcp.close(() => r()));
  }

  /** The response bytes for one query; undefined for garbage that has no header to answer. */
  async handle(msg: Buffer, viaTcp: boolean): Promise<Buffer | undefined> {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      if (msg.length < 12) return undefined;
      return dnsPacket.encode(reply({ id: msg.readUInt16BE(0), flags: msg.readUInt16BE(2) & 0x7800 }, RCODE.FORMERR, {}, false));
    }
    if (query.type === 'response') return undefined;
    const limit = viaTcp ? 65535 : udpLimit(query);
    const decision = answer(query, this.cs);
    if (decision.kind === 'forward') return forward(msg, query, this.upstreams, viaTcp, limit, { timeoutMs: this.opts.forwardTimeoutMs });
    return encodeWithin(decision.response, limit);
  }

  private async onUdp(msg: Buffer, address: string, port: number): Promise<void> {
    try {
      const out = await this.handle(msg, false);
      if (out && this.udp) this.udp.send(out, port, address);
    } catch (err) {
      this.log(`dns: ${(err as Error).message}`);
    }
  }

  private onTcp(sock: Socket): void {
    let buf = Buffer.alloc(0);
    sock.setTimeout(TCP_IDLE_MS, () => sock.destroy());
    sock.on('error', () => undefined);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        void this.handle(msg, true)
          .then((out) => {
            if (!out || sock.destroyed) return;
            const len = Buffer.alloc(2);
            len.writeUInt16BE(out.length);
            sock.write(Buffer.concat([len, out]));
          })
          .catch((err) => this.log(`dns: ${(err as Error).message}`));
      }
    });
  }
}

function udpLimit(query: DecodedPacket): number {
  const opt = (query.additionals ?? []).find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
  const size = opt?.udpPayloadSize ?? MIN_UDP;
  return Math.min(Math.max(size, MIN_UDP), MAX_UDP);
}

/** Over the client's limit: an empty answer with TC set, so it asks again over TCP. */
function encodeWithin(response: Packet, limit: number): Buffer {
  const out = dnsPacket.encode(response);
  if (out.length <= limit) return out;
  return dnsPacket.encode({ ...response, flags: (response.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE, answers: [], additionals: [], authorities: [] });
}
