// The pod sandbox: a named netns joined to the pod network through CNI
// (kubelet's RunPodSandbox without the pause container — the netns bind
// mount keeps the namespace alive). The record is kept on disk so an agent
// restart still knows which netns/IP to release.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CniNetwork, PortMapping } from '../network/cni.js';
import { createNetns, deleteNetns, netnsPath } from '../network/netns.js';
import { EdgeplaneError } from '../../shared/errors.js';
import { sandboxName } from './labels.js';
import type { Pod, SandboxRecord } from './types.js';
import { podDir } from './volumes.js';

const RECORD = 'sandbox.json';

function hostPorts(pod: Pod): PortMapping[] {
  const out: PortMapping[] = [];
  for (const c of (pod.spec?.containers ?? []) as any[]) {
    for (const p of (c.ports ?? []) as any[]) {
      if (!p.hostPort) continue;
      out.push({
        hostPort: p.hostPort,
        containerPort: p.containerPort,
        protocol: String(p.protocol ?? 'TCP').toLowerCase() === 'udp' ? 'udp' : 'tcp',
        ...(p.hostIP ? { hostIP: p.hostIP } : {}),
      });
    }
  }
  return out;
}

export async function createSandbox(pod: Pod, dataDir: string, network: CniNetwork | undefined): Promise<SandboxRecord> {
  const uid = pod.metadata.uid!;
  const rec: SandboxRecord = {
    uid,
    key: `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`,
    hostNetwork: !!pod.spec?.hostNetwork,
    gracePeriodSeconds: pod.spec?.terminationGracePeriodSeconds ?? 30,
  };
  const dir = podDir(dataDir, uid);
  await mkdir(dir, { recursive: true });
  if (!rec.hostNetwork) {
    if (!network) throw new EdgeplaneError('NoPodNetwork', 'no CNI network configured for pods without hostNetwork');
    const name = sandboxName(uid);
    rec.netns = name;
    // Recorded before ADD: a crash in between still leaves enough to release it.
    await writeFile(join(dir, RECORD), JSON.stringify(rec));
    const path = await createNetns(name);
    try {
      rec.ip = (await network.add(name, path, hostPorts(pod))).ip;
    } catch (e) {
      await deleteNetns(name).catch(() => undefined);
      await rm(join(dir, RECORD), { force: true });
      throw e;
    }
  }
  await writeFile(join(dir, RECORD), JSON.stringify(rec));
  return rec;
}

/** CNI DEL (releases the IP, veth, hostPort rules), delete the netns, drop the pod's directory. */
export async function teardownSandbox(rec: SandboxRecord, dataDir: string, network: CniNetwork | undefined): Promise<void> {
  if (rec.netns) {
    if (network) await network.del(rec.netns, netnsPath(rec.netns));
    await deleteNetns(rec.netns);
  }
  await rm(podDir(dataDir, rec.uid), { recursive: true, force: true });
}

/** Sandbox records left by a previous run of the agent (one without an IP was cut short by a crash). */
export async function loadSandboxes(dataDir: string): Promise<Map<string, SandboxRecord>> {
  const out = new Map<string, SandboxRecord>();
  const base = join(dataDir, 'pods');
  for (const uid of await readdir(base).catch(() => [] as string[])) {
    try {
      const rec = JSON.parse(await readFile(join(base, uid, RECORD), 'utf8')) as SandboxRecord;
      out.set(rec.uid, rec);
    } catch {
      // No record: the sandbox was never set up (or a crash came first); nothing to release.
    }
  }
  return out;
}
