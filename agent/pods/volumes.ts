// Pod volumes, materialized under <dataDir>/pods/<uid>/volumes/<name> and
// bind-mounted (kubelet's pod volume dir): configMap and secret files (items,
// mode, defaultMode), emptyDir as an empty directory, hostPath directly.
// ConfigMap/Secret volumes are mounted read-only, as kubelet does.
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, resolve } from 'node:path';
import { EdgeplaneError } from '../../shared/errors.js';
import { lookupRef, refData, type RefKind, type RefLookup } from './refs.js';
import type { Mount } from '../runtime/types.js';
import type { Pod } from './types.js';

export interface PreparedVolume {
  hostPath: string;
  /** configMap/secret contents are never writable from the container. */
  forceReadOnly: boolean;
}

/** Where everything the worker keeps for one pod lives. */
export function podDir(dataDir: string, uid: string): string {
  return join(dataDir, 'pods', uid);
}

function configError(msg: string): EdgeplaneError {
  return new EdgeplaneError('CreateContainerConfigError', msg);
}

/** A relative path that stays inside its directory (no `..`, not absolute). */
function safeRel(p: string): string {
  const n = normalize(p);
  if (n.startsWith('/') || n === '..' || n.startsWith('../')) throw configError(`invalid path ${p}`);
  return n;
}

async function writeProjected(dir: string, data: Map<string, Buffer>, items: any[] | undefined, defaultMode: number, what: string): Promise<void> {
  // Refreshed in place on every container start: the directory itself may already be
  // bind-mounted into a running container of the pod, so it must keep its inode.
  await mkdir(dir, { recursive: true });
  const entries: Array<{ path: string; data: Buffer; mode: number }> = [];
  if (items?.length) {
    for (const it of items) {
      const d = data.get(it.key);
      if (!d) throw configError(`${what}: key ${it.key} not found`);
      entries.push({ path: safeRel(it.path), data: d, mode: it.mode ?? defaultMode });
    }
  } else {
    for (const [k, d] of data) entries.push({ path: safeRel(k), data: d, mode: defaultMode });
  }
  const keep = new Set(entries.map((e) => e.path.split('/')[0]!));
  for (const name of await readdir(dir)) if (!keep.has(name)) await rm(join(dir, name), { recursive: true, force: true });
  for (const e of entries) {
    const f = join(dir, e.path);
    await mkdir(dirname(f), { recursive: true });
    await writeFile(f, e.data);
    await chmod(f, e.mode);
  }
}

export async function prepareVolumes(pod: Pod, dataDir: string, refs: RefLookup): Promise<Map<string, PreparedVolume>> {
  const out = new Map<string, PreparedVolume>();
  const ns = pod.metadata.namespace ?? 'default';
  const base = join(podDir(dataDir, pod.metadata.uid!), 'volumes');
  for (const v of (pod.spec?.volumes ?? []) as any[]) {
    const dir = join(base, v.name);
    if (v.hostPath) {
      const type = v.hostPath.type ?? '';
      if (type === 'DirectoryOrCreate') await mkdir(v.hostPath.path, { recursive: true });
      out.set(v.name, { hostPath: v.hostPath.path, forceReadOnly: false });
    } else if (v.emptyDir) {
      await mkdir(dir, { recursive: true });
      out.set(v.name, { hostPath: dir, forceReadOnly: false });
    } else if (v.configMap || v.secret) {
      const kind: RefKind = v.configMap ? 'ConfigMap' : 'Secret';
      const src = v.configMap ?? v.secret;
      const name: string = v.configMap ? src.name : src.secretName;
      const obj = lookupRef(refs, kind, ns, name);
      if (!obj && !src.optional) throw configError(`${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${name}" not found`);
      const data = obj ? refData(obj, kind) : new Map<string, Buffer>();
      await writeProjected(dir, data, src.items, src.defaultMode ?? 0o644, `${kind} ${ns}/${name}`);
      out.set(v.name, { hostPath: dir, forceReadOnly: true });
    }
    // Other volume types are not supported yet; a mount of one fails below.
  }
  return out;
}

export async function containerMounts(c: Record<string, any>, volumes: Map<string, PreparedVolume>): Promise<Mount[]> {
  const mounts: Mount[] = [];
  for (const m of (c.volumeMounts ?? []) as any[]) {
    const v = volumes.get(m.name);
    if (!v) throw configError(`volume ${m.name} not found or not supported`);
    let hostPath = v.hostPath;
    if (m.subPath) {
      hostPath = resolve(v.hostPath, safeRel(m.subPath));
      // kubelet creates a missing subPath directory in a writable volume.
      if (!v.forceReadOnly) await mkdir(hostPath, { recursive: true });
    }
    mounts.push({ hostPath, containerPath: m.mountPath, readOnly: v.forceReadOnly || !!m.readOnly });
  }
  return mounts;
}
