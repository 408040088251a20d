// One HTTP exchange with the API server. Plain http goes through the global
// fetch (Node 18+); https goes through node:https because only it takes a private
// CA, client certificates and insecure-skip-tls-verify without extra packages.

import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { CliError } from './errors.js';
import { formatTimeout } from './duration.js';

export interface TlsOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecureSkipTlsVerify?: boolean;
  servername?: string;
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** 0 = none. Covers the whole exchange; streams (watch) are not bounded. */
  timeoutMs: number;
  stream?: boolean;
}

export interface HttpResponse {
  status: number;
  header(name: string): string | null;
  headerValues(name: string): string[];
  text(): Promise<string>;
  /** the body as it arrives */
  chunks(): AsyncIterable<Uint8Array>;
  /** stop reading and close the connection */
  cancel(): void;
}

export async function send(req: HttpRequest, tls: TlsOptions): Promise<HttpResponse> {
  // a failure while the body is read (reset, timeout) reads like one before it
  const fail = (err: unknown) => (err instanceof CliError ? err : networkError(req.url.origin, err, req.timeoutMs));
  let res: HttpResponse;
  try {
    res = req.url.protocol === 'https:' ? await sendHttps(req, tls) : await sendFetch(req);
  } catch (err) {
    throw fail(err);
  }
  return {
    ...res,
    async text() {
      try {
        return await res.text();
      } catch (err) {
        throw fail(err);
      }
    },
    async *chunks() {
      try {
        yield* res.chunks();
      } catch (err) {
        throw fail(err);
      }
    },
  };
}

async function sendFetch(req: HttpRequest): Promise<HttpResponse> {
  const abort = new AbortController();
  let timedOut = false;
  const timeoutMs = req.stream ? 0 : req.timeoutMs;
  const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), abort.abort()), timeoutMs) : undefined;
  const done = () => clearTimeout(timer);
  let res: Response;
  try {
    res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: abort.signal });
  } catch (err) {
    done();
    throw timedOut ? new TimeoutError() : err;
  }
  return {
    status: res.status,
    header: (name) => res.headers.get(name),
    headerValues: (name) => splitHeader(res.headers.get(name)),
    async text() {
      try {
        return await res.text();
      } catch (err) {
        throw timedOut ? new TimeoutError() : err;
      } finally {
        done();
      }
    },
    async *chunks() {
      if (!res.body) return;
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { done: end, value } = await reader.read();
          if (end) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
    cancel() {
      done();
      abort.abort();
    },
  };
}

function sendHttps(req: HttpRequest, tls: TlsOptions): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    // node:http sends DELETE bodies unframed unless told their length
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const options: RequestOptions = {
      method: req.method,
      headers,
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      rejectUnauthorized: !tls.insecureSkipTlsVerify,
      servername: tls.servername,
    };
    let timedOut = false;
    const timeoutMs = req.stream ? 0 : req.timeoutMs;
    const r = httpsRequest(req.url, options, (res: IncomingMessage) => {
      resolve(wrapIncoming(res, () => timedOut, () => clearTimeout(timer), () => r.destroy()));
    });
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            r.destroy(new TimeoutError());
          }, timeoutMs)
        : undefined;
    r.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

function wrapIncoming(res: IncomingMessage, timedOut: () => boolean, done: () => void, destroy: () => void): HttpResponse {
  const get = (name: string) => {
    const v = res.headers[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  };
  return {
    status: res.statusCode ?? 0,
    header: get,
    headerValues: (name) => splitHeader(get(name)),
    async text() {
      const parts: Buffer[] = [];
      try {
        for await (const chunk of res) parts.push(chunk as Buffer);
      } catch (err) {
        throw timedOut() ? new TimeoutError() : err;
      } finally {
        done();
      }
      return Buffer.concat(parts).toString('utf8');
    },
    async *chunks() {
      for await (const chunk of res) yield chunk as Buffer;
    },
    cancel() {
      done();
      destroy();
    },
  };
}

/** Warning headers are `299 - "text"`, several joined by commas. */
function splitHeader(v: string | null): string[] {
  if (!v) return [];
  return v.match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g)?.map((s) => s.trim()) ?? [];
}

class TimeoutError extends Error {
  constructor() {
    super('timeout');
    this.name = 'TimeoutError';
  }
}

const NET_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'temporary failure in name resolution',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  EPIPE: 'connection closed by the server',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed by the server',
  UND_ERR_HEADERS_TIMEOUT: 'the server sent no response headers',
  UND_ERR_BODY_TIMEOUT: 'the response stalled',
};

/** fetch wraps the socket error (sometimes in an AggregateError); dig the errno code out. */
function errorCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 5) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown[] };
  if (typeof e.code === 'string' && e.code !== 'ERR_INVALID_URL') return e.code;
  return errorCode(e.cause, depth + 1) ?? (Array.isArray(e.errors) ? errorCode(e.errors[0], depth + 1) : undefined);
}

export function networkError(server: string, err: unknown, timeoutMs: number): CliError {
  if (err instanceof TimeoutError || (err as Error)?.name === 'TimeoutError') {
    return new CliError(`the server at ${server} did not respond within ${formatTimeout(timeoutMs)} (see --request-timeout)`, { cause: err });
  }
  const code = errorCode(err);
  let reason = code ? NET_REASONS[code] : undefined;
  if (!reason && code && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO/.test(code)) reason = `TLS error: ${innermostMessage(err)}`;
  reason ??= innermostMessage(err);
  return new CliError(`cannot reach the server at ${server}: ${reason}`, { cause: err });
}

function innermostMessage(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  while (e && typeof e === 'object' && e.cause && typeof e.cause === 'object') e = e.cause as typeof e;
  return e?.message ?? String(err);
}
