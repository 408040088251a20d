// The REST client: JSON requests with bearer auth against one API server,
// Status bodies turned into ApiStatusError, and newline-delimited watch streams.

import { arch, platform } from 'node:process';
import type { ClusterAccess } from './kubeconfig.js';
import { send, type HttpResponse, type TlsOptions } from './transport.js';
import { ApiStatusError, toStatus } from './status.js';
import { clientVersion } from './version-info.js';
import { CliError } from './errors.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface CallOptions {
  query?: Query;
  /** serialized as JSON */
  body?: unknown;
  contentType?: string;
  accept?: string;
}

export interface Stream {
  /** parsed JSON values, one per line */
  values: AsyncIterable<unknown>;
  close(): void;
}

export class ApiClient {
  private readonly tls: TlsOptions;
  private readonly shownWarnings = new Set<string>();

  constructor(
    readonly access: ClusterAccess,
    /** 0 = no timeout */
    private readonly timeoutMs: number = 0,
  ) {
    this.tls = {
      ca: access.ca,
      cert: access.clientCert,
      key: access.clientKey,
      insecureSkipTlsVerify: access.insecureSkipTlsVerify,
      servername: access.tlsServerName,
    };
  }

  get server(): string {
    return this.access.server;
  }

  async call<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<T> {
    const res = await this.exchange(method, path, opts, false);
    const text = await res.text();
    if (res.status < 200 || res.status > 299) throw new ApiStatusError(toStatus(res.status, text));
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError(`the server at ${this.server} answered ${method} ${path} with a body that is not JSON`);
    }
  }

  get<T = any>(path: string, query?: Query, accept?: string): Promise<T> {
    return this.call<T>('GET', path, { query, accept });
  }

  /** A streaming GET (watch). Errors before the stream starts throw as for call(). */
  async stream(path: string, query: Query, accept?: string): Promise<Stream> {
    const res = await this.exchange('GET', path, { query, accept }, true);
    if (res.status < 200 || res.status > 299) throw new ApiStatusError(toStatus(res.status, await res.text()));
    return { values: jsonLines(res, this.server), close: () => res.cancel() };
  }

  /** A streaming GET of a non-JSON body (pods/log): chunks as they arrive. */
  async rawStream(path: string, query: Query): Promise<{ chunks: AsyncIterable<Uint8Array>; close(): void }> {
    const res = await this.exchange('GET', path, { query, accept: '*/*' }, true);
    if (res.status < 200 || res.status > 299) throw new ApiStatusError(toStatus(res.status, await res.text()));
    return { chunks: res.chunks(), close: () => res.cancel() };
  }

  /** what a WebSocket connection needs: URL base, headers, TLS */
  get tlsOptions(): TlsOptions {
    return this.tls;
  }

  private async exchange(method: string, path: string, opts: CallOptions, stream: boolean): Promise<HttpResponse> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      accept: opts.accept ?? 'application/json',
      'user-agent': `edgectl/${clientVersion()} (${platform}/${arch})`,
    };
    if (this.access.token) headers.authorization = `Bearer ${this.access.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] = opts.contentType ?? 'application/json';
    }
    const res = await send({ method, url, headers, body, timeoutMs: this.timeoutMs, stream }, this.tls);
    this.showWarnings(res.headerValues('warning'));
    return res;
  }

  /** The server's `Warning: 299 - "..."` headers go to stderr like kubectl's, once each. */
  private showWarnings(values: string[]): void {
    for (const v of values) {
      const m = /^\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/.exec(v);
      const text = m ? m[1].replace(/\\(.)/g, '$1') : v;
      if (this.shownWarnings.has(text)) continue;
      this.shownWarnings.add(text);
      process.stderr.write(`Warning: ${text}\n`);
    }
  }
}

function parseLine(line: string, server: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new CliError(`the server at ${server} sent a watch event that is not JSON: ${line.slice(0, 80)}`);
  }
}

async function* jsonLines(res: HttpResponse, server: string): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of res.chunks()) {
    buffered += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (line) yield parseLine(line, server);
    }
  }
  buffered += decoder.decode();
  if (buffered.trim()) yield parseLine(buffered.trim(), server);
}
