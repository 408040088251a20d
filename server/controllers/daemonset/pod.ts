// What a DaemonSet's pods look like: the template hash label, the automatic
// tolerations, node pinning (nodeName + required node affinity on
// metadata.name), and pod readiness/availability as podutil judges it.

import { createHash } from 'node:crypto';
import type { KubeObject } from '../../../shared/api/object.js';
import {
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  type Toleration,
} from '../tolerations.js';

/** the label apps/v1 DaemonSets put on their pods (the ControllerRevision hash) */
export const REVISION_HASH_LABEL = 'controller-revision-hash';
/** deprecated in Kubernetes but still written: the DaemonSet's generation at pod creation */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/**
 * The tolerations the DaemonSet controller adds to every daemon pod
 * (util.AddOrUpdateDaemonPodTolerations): a daemon keeps running on a node that
 * is not ready, unreachable, under pressure or cordoned.
 */
export const DAEMON_TOLERATIONS: readonly Toleration[] = Object.freeze([
  { key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute' },
  { key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
  { key: TAINT_DISK_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
  { key: TAINT_MEMORY_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
  { key: TAINT_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' },
]);

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, val) =>
    val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => (a < b ? -1 : 1))) : val,
  );
}

/** a short hash of the pod template in Kubernetes' "safe" alphabet (no vowels, no 0/1/3) */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256').update(stableJson(template ?? {})).digest();
  let out = '';
  for (let i = 0; i < 10; i++) out += SAFE[digest[i] % SAFE.length];
  return out;
}

/** the tolerations of the template plus the automatic ones it does not already have */
export function daemonTolerations(existing: readonly Toleration[] | undefined): Toleration[] {
  const out = [...(existing ?? [])].map((t) => ({ ...t }));
  for (const auto of DAEMON_TOLERATIONS) {
    const has = out.some((t) => t.key === auto.key && t.effect === auto.effect && (t.operator ?? 'Equal') === 'Exists' && t.tolerationSeconds === undefined);
    if (!has) out.push({ ...auto });
  }
  return out;
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: every required term is pinned to
 * the node through matchFields metadata.name In [node] (other matchFields on
 * metadata.name are replaced); without terms, one term that only pins.
 */
export function pinToNode(affinity: any, nodeName: string): any {
  const pin = { key: 'metadata.name', operator: 'In', values: [nodeName] };
  const a = structuredClone(affinity ?? {});
  a.nodeAffinity ??= {};
  const req = a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  const terms: any[] = req?.nodeSelectorTerms ?? [];
  if (terms.length === 0) {
    a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [{ matchFields: [pin] }] };
    return a;
  }
  for (const t of terms) t.matchFields = [...(t.matchFields ?? []).filter((f: any) => f.key !== 'metadata.name'), pin];
  return a;
}

/** The pod the DaemonSet runs on `nodeName`: created with spec.nodeName set, so no scheduler is involved. */
export function newDaemonPod(ds: KubeObject, nodeName: string, hash: string): KubeObject {
  const template = structuredClone(ds.spec?.template ?? {});
  const spec = template.spec ?? {};
  spec.tolerations = daemonTolerations(spec.tolerations);
  spec.affinity = pinToNode(spec.affinity, nodeName);
  spec.nodeName = nodeName;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata.name}-`,
      namespace: ds.metadata.namespace,
      labels: {
        ...(template.metadata?.labels ?? {}),
        [REVISION_HASH_LABEL]: hash,
        [TEMPLATE_GENERATION_LABEL]: String(ds.metadata.generation ?? 1),
      },
      ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name!, uid: ds.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}

function readyCondition(pod: KubeObject): any {
  return ((pod as any).status?.conditions ?? []).find((c: any) => c.type === 'Ready');
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** podutil.IsPodAvailable: ready for at least minReadySeconds */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = Date.parse(c.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now.getTime();
}

/** when a ready pod becomes available (ms from now), or undefined */
export function msUntilAvailable(pod: KubeObject, minReadySeconds: number, now: Date): number | undefined {
  const c = readyCondition(pod);
  if (c?.status !== 'True' || !minReadySeconds) return undefined;
  const since = Date.parse(c.lastTransitionTime ?? '');
  if (!Number.isFinite(since)) return undefined;
  const left = since + minReadySeconds * 1000 - now.getTime();
  return left > 0 ? left : undefined;
}

export function controllerOf(pod: KubeObject): { kind: string; name: string; uid: string } | undefined {
  return pod.metadata.ownerReferences?.find((r) => r.controller);
}
