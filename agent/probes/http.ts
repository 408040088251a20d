// httpGet probe, following kubelet's pkg/probe/http: a fresh connection per
// probe (no keep-alive), certificates not verified for https, redirects
// followed only to the same host (up to 10; a redirect elsewhere ends the
// probe as a success with a warning), at most 10 KiB of body read, success for
// 200–399, any connection error or timeout a failure.
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { HttpHeader, ProbeOutcome } from './types.js';

export const MAX_BODY_BYTES = 10 * 1024;
const MAX_REDIRECTS = 10;
/** kubelet sends `kube-probe/<major>.<minor>`; applications match on the prefix. */
export const PROBE_USER_AGENT = 'kube-probe/1.31';

// Shared agents without keep-alive: every probe opens and closes its own connection (kubelet sets
// DisableKeepAlives), but no Agent is built per request (`agent: false` would).
const HTTP_AGENT = new HttpAgent({ keepAlive: false });
// kubelet's probe transport uses InsecureSkipVerify: pods serve self-signed certificates.
const HTTPS_AGENT = new HttpsAgent({ keepAlive: false, rejectUnauthorized: false });

export interface HttpProbeTarget {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** Path with optional query (default `/`). */
  path?: string;
  headers?: HttpHeader[];
}

export function probeUrl(t: HttpProbeTarget): URL {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  const path = !t.path ? '/' : t.path.startsWith('/') ? t.path : `/${t.path}`;
  return new URL(`${t.scheme}://${host}:${t.port}${path}`);
}

/** Headers as kubelet builds them: defaults first, then the probe's own (a `Host` header sets the request host). */
function buildHeaders(custom: HttpHeader[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const set = new Map<string, string>();
  for (const h of custom) {
    const key = h.name.toLowerCase();
    const prev = out[key];
    out[key] = prev === undefined ? h.value : Array.isArray(prev) ? [...prev, h.value] : [prev, h.value];
    set.set(key, h.name);
  }
  if (!set.has('user-agent')) out['user-agent'] = PROBE_USER_AGENT;
  if (!set.has('accept')) out['accept'] = '*/*';
  out['connection'] = 'close';
  return out;
}

interface Response {
  status: number;
  location?: string;
  body: string;
}

function once(url: URL, headers: Record<string, string | string[]>, track: (r: ClientRequest) => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    const https = url.protocol === 'https:';
    const req = (https ? httpsRequest : httpRequest)(url, { method: 'GET', headers, agent: https ? HTTPS_AGENT : HTTP_AGENT });
    track(req);
    req.once('error', reject);
    req.once('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        res.removeAllListeners('data');
        res.destroy();
        resolve({
          status: res.statusCode ?? 0,
          ...(typeof res.headers.location === 'string' ? { location: res.headers.location } : {}),
          body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'),
        });
      };
      res.on('data', (d: Buffer) => {
        chunks.push(d);
        size += d.length;
        // kubelet reads at most 10 KiB (the message is all it is for) and closes.
        if (size >= MAX_BODY_BYTES) done();
      });
      res.once('end', done);
      res.once('error', reject);
    });
    req.end();
  });
}

export async function probeHttp(t: HttpProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const first = probeUrl(t);
  const headers = buildHeaders(t.headers);
  // The timeout covers the whole exchange, redirects included (Go's Client.Timeout).
  let current: ClientRequest | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    current?.destroy(new Error('timeout'));
  }, timeoutMs);
  let url = first;
  try {
    for (let hops = 0; ; hops++) {
      const r = await once(url, headers, (req) => {
        current = req;
        if (timedOut) req.destroy(new Error('timeout'));
      });
      if (r.status >= 300 && r.status < 400 && r.location !== undefined) {
        const next = new URL(r.location, url);
        if (next.hostname !== first.hostname) {
          // kubelet: a redirect to another host is not followed; the probe passes with a warning.
          return { result: 'success', output: `Probe terminated redirects, Response body: ${r.body}` };
        }
        if (hops + 1 >= MAX_REDIRECTS) return { result: 'failure', output: `Get "${next}": stopped after ${MAX_REDIRECTS} redirects` };
        url = next;
        continue;
      }
      if (r.status >= 200 && r.status < 400) return { result: 'success', output: r.body };
      return { result: 'failure', output: `HTTP probe failed with statuscode: ${r.status}` };
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = timedOut
        ? 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
        : err.code === 'ECONNREFUSED'
          ? `dial tcp ${url.host}: connect: connection refused`
          : err.message;
    return { result: 'failure', output: `Get "${url}": ${why}` };
  } finally {
    clearTimeout(timer);
  }
}
