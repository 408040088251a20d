// Pod phase from container states, as kubelet's getPhase: Pending until
// initialized and every app container has been created; then Running while
// anything runs or will be restarted; Succeeded/Failed once all app
// containers stopped for good under the restart policy.
import { LABEL_ATTEMPT, LABEL_CONTAINER_NAME } from './labels.js';
import type { ObservedContainer, Pod } from './types.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface ContainerSpecLite {
  name: string;
  image?: string;
  [k: string]: unknown;
}

export function initContainersOf(pod: Pod): ContainerSpecLite[] {
  return (pod.spec?.initContainers ?? []) as ContainerSpecLite[];
}
export function appContainersOf(pod: Pod): ContainerSpecLite[] {
  return (pod.spec?.containers ?? []) as ContainerSpecLite[];
}
export function restartPolicyOf(pod: Pod): 'Always' | 'OnFailure' | 'Never' {
  return pod.spec?.restartPolicy ?? 'Always';
}

export function attemptOf(c: ObservedContainer): number {
  const n = Number(c.labels[LABEL_ATTEMPT]);
  return Number.isFinite(n) ? n : 0;
}

/** Containers of one pod by container name, newest attempt first. */
export function byName(containers: ObservedContainer[]): Map<string, ObservedContainer[]> {
  const m = new Map<string, ObservedContainer[]>();
  for (const c of containers) {
    const n = c.labels[LABEL_CONTAINER_NAME] ?? '';
    const list = m.get(n) ?? [];
    list.push(c);
    m.set(n, list);
  }
  for (const list of m.values()) list.sort((a, b) => attemptOf(b) - attemptOf(a));
  return m;
}

/** Init containers are done once each exited 0, or once an app container exists (kubelet's rule after restarts). */
export function isInitialized(pod: Pod, named: Map<string, ObservedContainer[]>): boolean {
  if (appContainersOf(pod).some((c) => named.get(c.name)?.length)) return true;
  return initContainersOf(pod).every((c) => {
    const l = named.get(c.name)?.[0];
    return l?.state === 'exited' && l.exitCode === 0;
  });
}

export function podPhase(pod: Pod, named: Map<string, ObservedContainer[]>): PodPhase {
  const policy = restartPolicyOf(pod);
  const initialized = isInitialized(pod, named);
  if (!initialized) {
    const initFailed = initContainersOf(pod).some((c) => {
      const l = named.get(c.name)?.[0];
      return l?.state === 'exited' && l.exitCode !== 0;
    });
    return initFailed && policy === 'Never' ? 'Failed' : 'Pending';
  }
  let running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const c of appContainersOf(pod)) {
    const l = named.get(c.name)?.[0];
    if (!l || l.state === 'created' || l.state === 'unknown') waiting++;
    else if (l.state === 'running') running++;
    else {
      stopped++;
      if (l.exitCode === 0) succeeded++;
    }
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return policy === 'Never' ? 'Failed' : 'Running';
}

export function isTerminal(phase: PodPhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}
