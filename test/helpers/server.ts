// Starts a real `edgeplane server` process on a temp data dir and a free loopback
// port, for tests that exercise the server over real HTTP.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';

export const REPO_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EDGEPLANE_BIN = join(REPO_DIST, 'bin', 'edgeplane.js');
export const EDGECTL_BIN = join(REPO_DIST, 'bin', 'edgectl.js');

export interface ServerHandle {
  url: string;
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
  env?: Record<string, string>;
}

export async function startServer(opts: StartOptions = {}): Promise<ServerHandle> {
  const dataDir = opts.dataDir ?? (await tempDir());
  const proc = spawn(
    process.execPath,
    [EDGEPLANE_BIN, 'server', '--data-dir', dataDir, '--bind-address', '127.0.0.1', '--http-port', '0', '--mqtt-port', '0', ...(opts.extraArgs ?? [])],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } },
  );
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = once(proc, 'exit');
  // The server prints `edgeplane: api listening on http://HOST:PORT` once ready.
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30000);
    const onData = () => {
      const m = /api listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
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
  const url = `http://127.0.0.1:${port}`;
  const waitExit = async () => {
    if (proc.exitCode === null && proc.signalCode === null) await exited;
  };
  return {
    url,
    port,
    dataDir,
    kubeconfig,
    adminToken,
    viewerToken,
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await waitExit();
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await waitExit();
    },
    async dispose() {
      await this.stop();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** fetch against the server with the admin token; JSON body in and out */
export async function api(
  s: Pick<ServerHandle, 'url' | 'adminToken'>,
  method: string,
  path: string,
  body?: unknown,
  opts: { token?: string | null; contentType?: string; accept?: string } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? s.adminToken : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  if (opts.accept) headers.accept = opts.accept;
  const res = await fetch(s.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
