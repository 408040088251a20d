// A real OCI registry for tests: Debian's `docker-registry` (distribution 2.8)
// on 127.0.0.1 with a temp config and storage, optionally behind Bearer token
// auth served by the test itself (the Docker token protocol, ES256 JWTs
// carrying their certificate in x5c). Helpers push blobs, manifests and image
// indexes over the distribution API.

import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './port.js';

const run = promisify(execFile);

export interface TestRegistry {
  /** `127.0.0.1:<port>` */
  host: string;
  /** requests the token endpoint answered */
  tokenRequests: string[];
  /** push a blob, returns its descriptor */
  pushBlob(repo: string, data: Buffer | string, mediaType: string): Promise<Descriptor>;
  pushManifest(repo: string, ref: string, manifest: unknown, mediaType: string): Promise<Descriptor>;
  dispose(): Promise<void>;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

const ISSUER = 'edgeplane-test-issuer';
const SERVICE = 'edgeplane-test-registry';

function b64url(b: Buffer | string): string {
  return Buffer.from(b).toString('base64url');
}

function digestOf(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

export async function startTestRegistry(opts: { tokenAuth?: boolean } = {}): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'edgeplane-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const tokenRequests: string[] = [];
  let tokenServer: Server | undefined;
  let mint: ((scope: string) => string) | undefined;
  let proc: ChildProcess | undefined;
  const cleanup = async () => {
    proc?.kill('SIGTERM');
    tokenServer?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    let auth = '';
    if (opts.tokenAuth) {
      await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'token.key'), '-out', join(dir, 'token.crt'), '-days', '1', '-subj', '/CN=edgeplane-test-token']);
      const key = createPrivateKey(await readFile(join(dir, 'token.key')));
      const cert = new X509Certificate(await readFile(join(dir, 'token.crt')));
      mint = (scope: string) => {
        const access = scope
          ? scope.split(' ').map((s) => {
              const [type, name, actions] = s.split(':');
              return { type, name, actions: actions.split(',') };
            })
          : [];
        const now = Math.floor(Date.now() / 1000);
        const header = { typ: 'JWT', alg: 'ES256', x5c: [cert.raw.toString('base64')] };
        const claims = { iss: ISSUER, sub: 'test', aud: SERVICE, exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access };
        const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
        const sig = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
        return `${input}.${b64url(sig)}`;
      };
      const tokenPort = await freePort();
      tokenServer = createServer((req, res) => {
        const u = new URL(req.url ?? '/', 'http://x');
        tokenRequests.push(u.search);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token: mint!(u.searchParams.get('scope') ?? ''), expires_in: 300 }));
      });
      await new Promise<void>((r) => tokenServer!.listen(tokenPort, '127.0.0.1', () => r()));
      auth = `auth:\n  token:\n    realm: http://127.0.0.1:${tokenPort}/token\n    service: ${SERVICE}\n    issuer: ${ISSUER}\n    rootcertbundle: ${join(dir, 'token.crt')}\n`;
    }
    const config =
      `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\n` +
      `http:\n  addr: ${host}\n  secret: ${randomBytes(16).toString('hex')}\n${auth}`;
    await writeFile(join(dir, 'config.yml'), config);
    const logs: string[] = [];
    proc = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d) => logs.push(String(d)));
    proc.stderr!.on('data', (d) => logs.push(String(d)));
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        const r = await fetch(`http://${host}/v2/`);
        await r.body?.cancel();
        if (r.status === 200 || r.status === 401) break;
      } catch {
        // not listening yet
      }
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`docker-registry did not start: ${logs.join('').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (err) {
    await cleanup();
    throw err;
  }

  const authHeaders = (repo: string): Record<string, string> => (mint ? { authorization: `Bearer ${mint(`repository:${repo}:pull,push`)}` } : {});

  return {
    host,
    tokenRequests,
    async pushBlob(repo, data, mediaType) {
      const body = Buffer.from(data);
      const digest = digestOf(body);
      const start = await fetch(`http://${host}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers: authHeaders(repo) });
      await start.body?.cancel();
      if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status}`);
      const loc = new URL(start.headers.get('location')!, `http://${host}`);
      loc.searchParams.set('digest', digest);
      const put = await fetch(loc, { method: 'PUT', headers: { ...authHeaders(repo), 'content-type': 'application/octet-stream' }, body });
      await put.body?.cancel();
      if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status}`);
      return { mediaType, digest, size: body.length };
    },
    async pushManifest(repo, ref, manifest, mediaType) {
      const body = Buffer.from(JSON.stringify(manifest));
      const res = await fetch(`http://${host}/v2/${repo}/manifests/${ref}`, { method: 'PUT', headers: { ...authHeaders(repo), 'content-type': mediaType }, body });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`manifest push: HTTP ${res.status}: ${text}`);
      return { mediaType, digest: digestOf(body), size: body.length };
    },
    dispose: cleanup,
  };
}

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** push a one-layer image for `os/arch` and return its manifest descriptor */
export async function pushImage(reg: TestRegistry, repo: string, os: string, architecture: string, tag?: string): Promise<Descriptor> {
  const config = await reg.pushBlob(repo, JSON.stringify({ architecture, os, rootfs: { type: 'layers', diff_ids: [] }, config: {} }), OCI_CONFIG);
  const layer = await reg.pushBlob(repo, randomBytes(64), OCI_LAYER);
  const manifest = { schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: [layer] };
  const body = Buffer.from(JSON.stringify(manifest));
  const digest = digestOf(body);
  await reg.pushManifest(repo, tag ?? digest, manifest, OCI_MANIFEST);
  return { mediaType: OCI_MANIFEST, digest, size: body.length };
}

/** push an index over per-platform images under `tag` */
export async function pushIndex(reg: TestRegistry, repo: string, tag: string, platforms: Array<{ os: string; architecture: string; variant?: string }>): Promise<Descriptor> {
  const manifests = [];
  for (const p of platforms) {
    const d = await pushImage(reg, repo, p.os, p.architecture);
    manifests.push({ ...d, platform: p });
  }
  return reg.pushManifest(repo, tag, { schemaVersion: 2, mediaType: OCI_INDEX, manifests }, OCI_INDEX);
}
