// A Kubernetes container (plus its pod) → the runtime's ContainerSpec:
// env, mounts, limits, labels, the pod's netns.
import { milli, parseQuantity } from '../../shared/api/quantity.js';
import type { ContainerSpec, Mount } from '../runtime/types.js';
import { containerEnv } from './env.js';
import {
  containerHash,
  containerId,
  LABEL_ATTEMPT,
  LABEL_CONTAINER_NAME,
  LABEL_HASH,
  LABEL_KIND,
  LABEL_POD_NAME,
  LABEL_POD_NAMESPACE,
  LABEL_POD_UID,
} from './labels.js';
import type { RefLookup } from './refs.js';
import type { Pod } from './types.js';
import { containerMounts, type PreparedVolume } from './volumes.js';

export interface BuildContext {
  pod: Pod;
  refs: RefLookup;
  volumes: Map<string, PreparedVolume>;
  /** netns path, or 'host' for hostNetwork pods. */
  netns: string;
  podIP?: string;
  hostIP?: string;
  nodeName?: string;
  /** the pod's /etc/resolv.conf (dns-config.ts); a container mounting its own keeps it */
  resolvConf?: Mount;
}

export function limits(c: Record<string, any>): { memoryLimitBytes?: number; cpuLimitMillis?: number } {
  const l = c.resources?.limits ?? {};
  const out: { memoryLimitBytes?: number; cpuLimitMillis?: number } = {};
  if (l.memory !== undefined) out.memoryLimitBytes = Math.ceil(parseQuantity(l.memory));
  if (l.cpu !== undefined) out.cpuLimitMillis = milli(l.cpu);
  return out;
}

function withResolvConf(mounts: Mount[], resolv: Mount | undefined): Mount[] {
  if (!resolv || mounts.some((m) => m.containerPath === resolv.containerPath)) return mounts;
  return [...mounts, resolv];
}

export async function buildContainerSpec(c: Record<string, any>, init: boolean, attempt: number, ctx: BuildContext): Promise<ContainerSpec> {
  const uid = ctx.pod.metadata.uid!;
  const env = containerEnv(c, ctx);
  return {
    id: containerId(uid, c.name, attempt),
    image: c.image,
    ...(c.command?.length ? { command: c.command } : {}),
    ...(c.args?.length ? { args: c.args } : {}),
    env,
    ...(c.workingDir ? { workingDir: c.workingDir } : {}),
    mounts: withResolvConf(await containerMounts(c, ctx.volumes), ctx.resolvConf),
    ...limits(c),
    netns: ctx.netns,
    labels: {
      [LABEL_POD_UID]: uid,
      [LABEL_POD_NAME]: ctx.pod.metadata.name ?? '',
      [LABEL_POD_NAMESPACE]: ctx.pod.metadata.namespace ?? 'default',
      [LABEL_CONTAINER_NAME]: c.name,
      [LABEL_ATTEMPT]: String(attempt),
      [LABEL_HASH]: containerHash(c),
      [LABEL_KIND]: init ? 'init' : 'app',
    },
  };
}
