// Which of a pod's containers the prober watches: the newest attempt of each
// app container that runs and declares a probe. Pure; the worker hands the
// list to the Prober after every observation.
import type { ProbedContainer } from '../probes/prober.js';
import type { ProbeKind, ProbeSpec } from '../probes/types.js';
import type { ContainerPort } from '../probes/run.js';
import { appContainersOf, byName } from './phase.js';
import type { ObservedContainer, Pod } from './types.js';

const FIELDS: Array<[ProbeKind, string]> = [
  ['startup', 'startupProbe'],
  ['liveness', 'livenessProbe'],
  ['readiness', 'readinessProbe'],
];

export function probedContainers(pod: Pod, containers: ObservedContainer[], podIP: string | undefined, now: number): ProbedContainer[] {
  const named = byName(containers);
  const out: ProbedContainer[] = [];
  for (const spec of appContainersOf(pod)) {
    const probes: Partial<Record<ProbeKind, ProbeSpec>> = {};
    for (const [kind, field] of FIELDS) {
      const p = spec[field];
      if (p && typeof p === 'object') probes[kind] = p as ProbeSpec;
    }
    if (Object.keys(probes).length === 0) continue;
    const latest = named.get(spec.name)?.[0];
    if (latest?.state !== 'running') continue;
    const ports = Array.isArray(spec.ports) ? (spec.ports as ContainerPort[]) : [];
    out.push({
      podUid: pod.metadata.uid!,
      containerName: spec.name,
      containerId: latest.id,
      startedAt: latest.startedAt ?? now,
      probes,
      ports,
      ...(podIP ? { podIP } : {}),
    });
  }
  return out;
}
