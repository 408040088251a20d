// Builds the test image from Debian's busybox-static (/bin/busybox) as an OCI
// image archive written by hand (layout, index, manifest, config, one layer)
// and imports it with `ctr images import`. No registry or network needed.
import { createHash } from 'node:crypto';
import { access, copyFile, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export const TEST_IMAGE = 'edgeplane.local/busybox:latest';

const APPLETS = [
  'sh', 'sleep', 'httpd', 'echo', 'cat', 'nc', 'ls', 'ps', 'ping', 'wget', 'true', 'false', 'kill', 'env',
  'pwd', 'id', 'hostname', 'ip', 'head', 'tail', 'mkdir', 'touch', 'grep', 'wc', 'seq', 'dd', 'test', 'printf', 'rm', 'nslookup',
];

const OCI_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm' };

let archive: Promise<string> | undefined;

/**
 * Path of the OCI archive. Built once and cached in the temp dir under the
 * digest of the busybox binary, so test processes share it and nothing piles up.
 */
export function testImageArchive(): Promise<string> {
  archive ??= cached();
  return archive;
}

async function cached(): Promise<string> {
  const key = createHash('sha256').update(await readFile('/bin/busybox')).update(APPLETS.join(',')).digest('hex').slice(0, 16);
  const path = join(tmpdir(), `edgeplane-test-image-${key}.tar`);
  try {
    await access(path);
    return path;
  } catch {
    const built = await build();
    // rename is atomic: a concurrent test process sees the whole archive or none.
    await rename(built.archive, path);
    await rm(built.dir, { recursive: true, force: true });
    return path;
  }
}

/** Imports the test image into a containerd namespace and returns its reference. */
export async function importTestImage(namespace: string, address = '/run/containerd/containerd.sock'): Promise<string> {
  const path = await testImageArchive();
  await execa('ctr', ['-a', address, '-n', namespace, 'images', 'import', '--no-unpack=false', path], { stdin: 'ignore' });
  return TEST_IMAGE;
}

async function build(): Promise<{ dir: string; archive: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ep-image-'));
  const root = join(dir, 'rootfs');
  for (const d of ['bin', 'tmp', 'etc', 'proc', 'sys', 'dev', 'var/www']) await mkdir(join(root, d), { recursive: true });
  await copyFile('/bin/busybox', join(root, 'bin/busybox'));
  for (const a of APPLETS) await symlink('busybox', join(root, 'bin', a));
  await writeFile(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
  await writeFile(join(root, 'etc/group'), 'root:x:0:\nnobody:x:65534:\n');

  const blobs = join(dir, 'oci', 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const layerTar = join(dir, 'layer.tar');
  // Owner 0 and a fixed mtime make the layer digest reproducible.
  await execa('tar', ['-C', root, '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--sort=name', '-cf', layerTar, '.']);
  const layer = await addBlob(blobs, await readFile(layerTar));

  const arch = OCI_ARCH[process.arch] ?? process.arch;
  const config = await addBlob(blobs, Buffer.from(JSON.stringify({
    architecture: arch,
    os: 'linux',
    config: { Env: ['PATH=/bin'], Cmd: ['sh'], WorkingDir: '/' },
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
  })));
  const manifest = await addBlob(blobs, Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
  })));
  await writeFile(join(dir, 'oci', 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(join(dir, 'oci', 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      ...manifest,
      platform: { architecture: arch, os: 'linux' },
      annotations: { 'io.containerd.image.name': TEST_IMAGE, 'org.opencontainers.image.ref.name': 'latest' },
    }],
  }));
  const out = join(dir, 'busybox-oci.tar');
  await execa('tar', ['-C', join(dir, 'oci'), '-cf', out, 'oci-layout', 'index.json', 'blobs']);
  return { dir, archive: out };
}

async function addBlob(blobs: string, data: Buffer): Promise<{ digest: string; size: number }> {
  const hex = createHash('sha256').update(data).digest('hex');
  await writeFile(join(blobs, hex), data);
  return { digest: `sha256:${hex}`, size: data.length };
}

/**
 * Removes a containerd namespace and everything in it (tasks, containers,
 * images, content, leases): containerd refuses to delete a non-empty one.
 */
export async function removeContainerdNamespace(namespace: string, address = '/run/containerd/containerd.sock'): Promise<void> {
  const ctr = (...a: string[]) => execa('ctr', ['-a', address, '-n', namespace, ...a], { reject: false, stdin: 'ignore' });
  const lines = (s: unknown) => String(s).split('\n').map((l) => l.trim()).filter(Boolean);
  for (const line of lines((await ctr('tasks', 'ls')).stdout).slice(1)) {
    const id = line.split(/\s+/)[0]!;
    await ctr('tasks', 'kill', '-a', '-s', 'SIGKILL', id);
    await ctr('tasks', 'delete', '-f', id);
  }
  for (const id of lines((await ctr('containers', 'ls', '-q')).stdout)) await ctr('containers', 'delete', id);
  for (const ref of lines((await ctr('images', 'ls', '-q')).stdout)) await ctr('images', 'rm', '--sync', ref);
  for (const id of lines((await ctr('leases', 'ls', '-q')).stdout)) await ctr('leases', 'rm', id);
  const content = lines((await ctr('content', 'ls', '-q')).stdout);
  if (content.length) await ctr('content', 'rm', ...content);
  await execa('ctr', ['-a', address, 'namespaces', 'rm', namespace], { reject: false, stdin: 'ignore' });
}
