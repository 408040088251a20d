// Names the pod worker gives runtime objects, and the labels it puts on
// containers so it can find them again after an agent restart (kubelet keeps
// the same bookkeeping in CRI container labels: pod uid, container name,
// restart count, spec hash).
import { createHash } from 'node:crypto';

export {
  LABEL_POD_UID,
  LABEL_POD_NAME,
  LABEL_POD_NAMESPACE,
  LABEL_CONTAINER_NAME,
  LABEL_ATTEMPT,
} from '../runtime/types.js';

/** Hash of the container spec fields whose change restarts the container (kubelet's container hash). */
export const LABEL_HASH = 'io.edgeplane.container.hash';
/** `init` for init containers, `app` otherwise. */
export const LABEL_KIND = 'io.edgeplane.container.kind';

function short(s: string, n = 12): string {
  return createHash('sha256').update(s).digest('hex').slice(0, n);
}

/** Runtime id of one attempt of one container: unique per pod uid, container name and attempt. */
export function containerId(podUid: string, name: string, attempt: number): string {
  // containerd ids are at most 76 chars of [A-Za-z0-9_.-]; DNS-label names fit after the hash.
  return `ep-${short(podUid)}-${name.slice(0, 50)}-${attempt}`;
}

/** Named netns (and CNI container id) of a pod's sandbox. */
export function sandboxName(podUid: string): string {
  return `ep-pod-${short(podUid)}`;
}

/** Stable hash of the fields that define a running container: a change means restart (as kubelet). */
export function containerHash(c: Record<string, unknown>): string {
  const fields = ['name', 'image', 'command', 'args', 'workingDir', 'env', 'envFrom', 'volumeMounts', 'resources', 'ports'];
  const picked: Record<string, unknown> = {};
  for (const f of fields) if (c[f] !== undefined) picked[f] = c[f];
  return short(stableJson(picked), 8);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
