// Starts a real `edgeplane server` process on a temp data dir and a free loopback
// port, for tests that exercise the server over real HTTP.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import type { IncomingMessage } from 'node:http';

export const REPO_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EDGEPLANE_BIN = join(REPO_DIST, 'bin', 'edgeplane.js');
export const EDGECTL_BIN = join(REPO_DIST, 'bin', 'edgectl.js');

export interface ServerHandle {
  url: string;
  /** the cluster CA (PEM) the API's certificate chains to */
  ca: string;
  port: number;
  dataDir: string;
  kubeconfig: string;
  adminToken: string;
  viewerToken: string;
  proc: ChildProcess;
  /** graceful stop (SIGTERM), waits for exit */
  stop(): Promise<void>;
  /** SIGKILL, waits for exit */
  kill(): Promise<void>;
  /** stop and remove the data dir */
  dispose(): Promise<void>;
  output(): string;
}

export async function tempDir(prefix = 'edgeplane-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface StartOptions {
  dataDir?: string;
  extraArgs?: string[];
  /** flags for node itself (e.g. V8 heap settings) */
  nodeArgs?: string[];
  env?: Record<string, string>;
}

/** the node flags the shipped server runs with (bin/edgeplane.ts shebang, systemd unit) */
export const SERVER_NODE_ARGS = ['--max-semi-space-size=4'];

export async function startServer(opts: StartOptions = {}): Promise<ServerHandle> {
  const dataDir = opts.dataDir ?? (await tempDir());
  const proc = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? SERVER_NODE_ARGS), EDGEPLANE_BIN, 'server', '--data-dir', dataDir, '--bind-address', '127.0.0.1', '--http-port', '0', '--mqtt-port', '0', ...(opts.extraArgs ?? [])],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } },
  );
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = once(proc, 'exit');
  // The server prints `edgeplane: api listening on https://HOST:PORT` once ready.
  let host = '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30000);
    const onData = () => {
      const m = /api listening on https:\/\/([^:]+):(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        host = m[1]!;
        resolve(Number(m[2]));
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  const kc = await readFile(kubeconfig, 'utf8');
  const adminToken = /token:\s*(\S+)/.exec(kc)![1];
  const viewerToken = (await readFile(join(dataDir, 'viewer-token'), 'utf8')).trim();
  const url = `https://${host}:${port}`;
  const ca = await readFile(join(dataDir, 'tls', 'ca.crt'), 'utf8');
  const waitExit = async () => {
    if (proc.exitCode === null && proc.signalCode === null) await exited;
  };
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await waitExit();
  };
  return {
    url,
    ca,
    port,
    dataDir,
    kubeconfig,
    adminToken,
    viewerToken,
    proc,
    output: () => out,
    stop,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await waitExit();
    },
    async dispose() {
      await stop();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

type Target = Pick<ServerHandle, 'url' | 'adminToken' | 'ca'>;

export interface CallOptions {
  token?: string | null;
  contentType?: string;
  accept?: string;
  agent?: HttpsAgent;
  /** a raw Authorization header (overrides token) */
  authorization?: string;
}

/** Open a request to the server (TLS verified against the cluster CA) and return the response stream. */
export function openRequest(s: Target, method: string, path: string, body?: string, opts: CallOptions = {}): Promise<IncomingMessage> {
  const headers: Record<string, string | number> = {};
  const token = opts.token === undefined ? s.adminToken : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.authorization) headers.authorization = opts.authorization;
  if (body !== undefined) {
    headers['content-type'] = opts.contentType ?? 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  if (opts.accept) headers.accept = opts.accept;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(s.url + path, { method, headers, ca: s.ca, agent: opts.agent }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

/** One request with the admin token (unless opts.token); JSON body in and out. */
export async function api(
  s: Target,
  method: string,
  path: string,
  body?: unknown,
  opts: CallOptions = {},
): Promise<{ status: number; body: any; headers: Record<string, string | string[] | undefined> }> {
  const res = await openRequest(s, method, path, body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), opts);
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode ?? 0, body: parsed, headers: res.headers };
}

/** A watch (or any newline-delimited JSON stream): events as they arrive. */
export interface LineStream {
  events: any[];
  status: number;
  /** resolves with the next n events (10 s timeout) */
  next(n?: number): Promise<any[]>;
  close(): void;
}

export async function openLineStream(s: Target, path: string, opts: CallOptions = {}): Promise<LineStream> {
  const res = await openRequest(s, 'GET', path, undefined, opts);
  const events: any[] = [];
  let waiters: Array<() => void> = [];
  let buf = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.trim()) events.push(JSON.parse(line));
    }
    for (const w of waiters) w();
    waiters = [];
  });
  res.on('error', () => undefined);
  let consumed = 0;
  return {
    events,
    status: res.statusCode ?? 0,
    async next(n = 1) {
      const deadline = Date.now() + 10000;
      while (events.length < consumed + n) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} events; have ${JSON.stringify(events.slice(consumed))}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
      const out = events.slice(consumed, consumed + n);
      consumed += n;
      return out;
    },
    close: () => res.destroy(),
  };
}

/** Poll until `check` is true (100 ms steps, 20 s by default); the error names what was awaited. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
