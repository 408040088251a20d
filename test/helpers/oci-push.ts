// The pull-path registry: Debian docker-registry on loopback, fed by pushing the test image OCI archive (see registry.ts for the scheduler's platform-index registry).
// A real OCI registry for pull tests: Debian's `docker-registry` (CNCF
// distribution 2.8) serving plain HTTP on 127.0.0.1 with a temp filesystem
// store, plus a small pusher speaking the OCI distribution API (monolithic
// blob upload: POST then PUT ?digest=, then PUT the manifest). Loopback only.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { testImageArchive } from './image.js';
import { freePort } from './port.js';

export const REGISTRY_BIN = '/usr/bin/docker-registry';

export interface TestRegistry {
  /** host:port, e.g. 127.0.0.1:41234 (plain HTTP, see isPlainHttpRegistry). */
  host: string;
  /** Pushes the busybox test image as <host>/<repo>:<tag> and returns that reference. */
  pushTestImage(repo: string, tag: string): Promise<string>;
  stop(): Promise<void>;
  /** Stops and removes the storage dir. */
  destroy(): Promise<void>;
}

/** Installs Debian's docker-registry when missing (CI runs scripts/setup.sh, which also does). */
export async function ensureRegistryInstalled(): Promise<void> {
  try {
    await execa('test', ['-x', REGISTRY_BIN]);
  } catch {
    await execa('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'docker-registry'], {
      env: { DEBIAN_FRONTEND: 'noninteractive' },
      stdin: 'ignore',
    });
  }
}

export async function startRegistry(): Promise<TestRegistry> {
  await ensureRegistryInstalled();
  const dir = await mkdtemp(join(tmpdir(), 'ep-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yml');
  await writeFile(config, [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${host}`,
    '',
  ].join('\n'));

  let child: ResultPromise | undefined;
  const start = async () => {
    child = execa(REGISTRY_BIN, ['serve', config], { reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe' });
    const end = Date.now() + 15_000;
    for (;;) {
      const ok = await fetch(`http://${host}/v2/`).then((r) => r.ok, () => false);
      if (ok) return;
      if (child.exitCode !== null || Date.now() > end) {
        child.kill('SIGKILL');
        const r = await child;
        throw new Error(`docker-registry did not start on ${host}: ${String(r.stderr ?? '').slice(-500)}`);
      }
      await sleep(100);
    }
  };
  const stop = async () => {
    if (!child) return;
    const c = child;
    child = undefined;
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 3000);
    await c;
    clearTimeout(t);
  };
  await start();

  return {
    host,
    async pushTestImage(repo, tag) {
      if (!child) await start();
      await pushOciArchive(`http://${host}`, repo, tag, await testImageArchive());
      return `${host}/${repo}:${tag}`;
    },
    stop,
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
}

/** Pushes the single-manifest OCI archive written by test/helpers/image.ts. */
export async function pushOciArchive(base: string, repo: string, tag: string, archive: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ep-push-'));
  try {
    await execa('tar', ['-C', dir, '-xf', archive]);
    const blob = (d: string) => readFile(join(dir, 'blobs', 'sha256', d.replace(/^sha256:/, '')));
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
    const desc = index.manifests[0]!;
    const manifestBytes = await blob(desc.digest);
    const manifest = JSON.parse(manifestBytes.toString()) as { config: Descriptor; layers: Descriptor[] };
    for (const d of [manifest.config, ...manifest.layers]) {
      const head = await fetch(`${base}/v2/${repo}/blobs/${d.digest}`, { method: 'HEAD' });
      if (head.ok) continue;
      const post = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
      if (post.status !== 202) throw new Error(`start upload ${d.digest}: HTTP ${post.status} ${await post.text()}`);
      const loc = new URL(post.headers.get('location')!, base);
      loc.searchParams.set('digest', d.digest);
      const put = await fetch(loc, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: await blob(d.digest),
      });
      if (put.status !== 201) throw new Error(`upload ${d.digest}: HTTP ${put.status} ${await put.text()}`);
    }
    const put = await fetch(`${base}/v2/${repo}/manifests/${tag}`, {
      method: 'PUT',
      headers: { 'content-type': desc.mediaType ?? 'application/vnd.oci.image.manifest.v1+json' },
      body: manifestBytes,
    });
    if (put.status !== 201) throw new Error(`put manifest ${repo}:${tag}: HTTP ${put.status} ${await put.text()}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Deletes a tag's manifest (by digest, as the API requires), so the tag no longer resolves. */
export async function deleteManifest(host: string, repo: string, tag: string): Promise<void> {
  const accept = 'application/vnd.oci.image.manifest.v1+json';
  const head = await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, { method: 'HEAD', headers: { accept } });
  const digest = head.headers.get('docker-content-digest');
  if (!digest) return;
  await fetch(`http://${host}/v2/${repo}/manifests/${digest}`, { method: 'DELETE' });
}
