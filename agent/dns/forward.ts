// Forwarding of names outside the cluster domain to the node's upstream
// resolvers (CoreDNS's forward plugin, shrunk): the client's query bytes go
// out over UDP from a fresh socket; a truncated answer is fetched again over
// TCP; no answer within the timeout from any upstream is SERVFAIL.

import { createSocket } from 'node:dgram';
import { connect, isIPv6 } from 'node:net';
import dnsPacket from 'dns-packet';
import type { Packet } from 'dns-packet';
import { RCODE, reply } from './answer.js';
import type { Upstream } from './resolv-conf.js';

export interface ForwardOptions {
  /** per upstream and transport (CoreDNS forward uses 2 s dial + read) */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 2000;

function isTruncated(msg: Buffer): boolean {
  return msg.length >= 4 && (msg.readUInt16BE(2) & dnsPacket.TRUNCATED_RESPONSE) !== 0;
}

function sameId(a: Buffer, b: Buffer): boolean {
  return a.length >= 2 && b.length >= 2 && a.readUInt16BE(0) === b.readUInt16BE(0);
}

export function udpExchange(up: Upstream, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(isIPv6(up.host) ? 'udp6' : 'udp4');
    const done = (err: Error | undefined, msg?: Buffer) => {
      clearTimeout(timer);
      sock.close();
      if (err) reject(err);
      else resolve(msg!);
    };
    const timer = setTimeout(() => done(new Error(`upstream ${up.host}:${up.port} timed out (udp)`)), timeoutMs);
    sock.on('error', (err) => done(err));
    // answers that do not match our id (late, spoofed) are ignored
    sock.on('message', (msg) => sameId(msg, query) && done(undefined, msg));
    sock.send(query, up.port, up.host, (err) => err && done(err));
  });
}

export function tcpExchange(up: Upstream, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: up.host, port: up.port });
    let buf = Buffer.alloc(0);
    const done = (err: Error | undefined, msg?: Buffer) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(msg!);
    };
    const timer = setTimeout(() => done(new Error(`upstream ${up.host}:${up.port} timed out (tcp)`)), timeoutMs);
    sock.on('error', (err) => done(err));
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      sock.write(Buffer.concat([len, query]));
    });
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(undefined, buf.subarray(2, 2 + buf.readUInt16BE(0)));
    });
    sock.on('end', () => done(new Error(`upstream ${up.host}:${up.port} closed the connection`)));
  });
}

/**
 * The upstream answer for `query` (raw wire bytes), trying each upstream in
 * turn. `viaTcp`: the client asked over TCP, so no size limit applies.
 * `maxUdp`: the client's UDP payload limit; a larger TCP answer is returned
 * truncated so the client retries over TCP itself.
 */
export async function forward(query: Buffer, decoded: Packet, upstreams: readonly Upstream[], viaTcp: boolean, maxUdp: number, opts: ForwardOptions = {}): Promise<Buffer> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  for (const up of upstreams) {
    try {
      if (viaTcp) return await tcpExchange(up, query, timeoutMs);
      const udp = await udpExchange(up, query, timeoutMs);
      if (!isTruncated(udp)) return udp;
      const full = await tcpExchange(up, query, timeoutMs).catch(() => undefined);
      return full && full.length <= maxUdp ? full : udp;
    } catch {
      // next upstream
    }
  }
  return dnsPacket.encode(reply(decoded, RCODE.SERVFAIL, {}, false));
}
