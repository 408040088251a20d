// Kubernetes PodStatus from what the runtime shows, computed purely (as
// kubelet's generateAPIPodStatus): phase, conditions, per-container state
// with lastState and restartCount. Condition transition times carry over
// from the previous status while the condition keeps its value.
import { attemptOf, appContainersOf, byName, initContainersOf, isInitialized, podPhase, type ContainerSpecLite } from './phase.js';
import type { ObservedContainer, Pod, WaitingReason } from './types.js';

export interface ContainerStateK8s {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: { exitCode: number; reason: string; startedAt?: string; finishedAt?: string; containerID?: string };
}

export interface ContainerStatusK8s {
  name: string;
  state: ContainerStateK8s;
  lastState: ContainerStateK8s;
  ready: boolean;
  started: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
}

export interface PodCondition {
  type: 'PodScheduled' | 'Initialized' | 'ContainersReady' | 'Ready';
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason?: string;
}

export interface PodStatus {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  conditions: PodCondition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  initContainerStatuses?: ContainerStatusK8s[];
  containerStatuses: ContainerStatusK8s[];
}

export interface StatusInput {
  pod: Pod;
  containers: ObservedContainer[];
  podIP?: string;
  hostIP?: string;
  startTime?: string;
  /** Waiting reasons from the planner and from the executor's last failures. */
  waiting: Record<string, WaitingReason>;
  prev?: PodStatus;
  now: number;
  /**
   * Probe verdicts of running containers, by runtime id. A running container
   * without an entry has no readiness/startup probe: it is started and ready.
   */
  probes?: Map<string, { ready: boolean; started: boolean }>;
}

const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());

function terminated(c: ObservedContainer): ContainerStateK8s {
  return {
    terminated: {
      exitCode: c.exitCode ?? -1,
      // OOMKilled needs the cgroup's OOM event, which ctr does not report; an OOM kill shows as Error (137).
      reason: c.exitCode === 0 ? 'Completed' : 'Error',
      ...(c.startedAt !== undefined ? { startedAt: iso(c.startedAt) } : {}),
      ...(c.finishedAt !== undefined ? { finishedAt: iso(c.finishedAt) } : {}),
      containerID: `containerd://${c.id}`,
    },
  };
}

function containerStatus(
  spec: ContainerSpecLite,
  list: ObservedContainer[] | undefined,
  waiting: WaitingReason | undefined,
  defaultWaiting: string,
  probes?: Map<string, { ready: boolean; started: boolean }>,
): ContainerStatusK8s {
  const latest = list?.[0];
  const prev = list?.[1];
  const base = { name: spec.name, image: String(spec.image ?? ''), imageID: '' };
  if (!latest) {
    return { ...base, state: { waiting: waiting ?? { reason: defaultWaiting } }, lastState: {}, ready: false, started: false, restartCount: 0 };
  }
  const restartCount = attemptOf(latest);
  const containerID = `containerd://${latest.id}`;
  if (latest.state === 'running') {
    const probed = probes?.get(latest.id);
    return {
      ...base,
      containerID,
      state: { running: { startedAt: iso(latest.startedAt) ?? new Date(0).toISOString() } },
      lastState: prev?.state === 'exited' ? terminated(prev) : {},
      // Without probes a running container is started and ready (kubelet); with them, the prober says.
      ready: probed ? probed.ready : true,
      started: probed ? probed.started : true,
      restartCount,
    };
  }
  if (latest.state === 'exited') {
    if (waiting) {
      // Waiting to be restarted (CrashLoopBackOff...): the exit becomes lastState.
      return { ...base, containerID, state: { waiting }, lastState: terminated(latest), ready: false, started: false, restartCount };
    }
    return { ...base, containerID, state: terminated(latest), lastState: prev?.state === 'exited' ? terminated(prev) : {}, ready: false, started: false, restartCount };
  }
  return {
    ...base,
    containerID,
    state: { waiting: waiting ?? { reason: 'ContainerCreating' } },
    lastState: prev?.state === 'exited' ? terminated(prev) : {},
    ready: false,
    started: false,
    restartCount,
  };
}

export function computeStatus(i: StatusInput): PodStatus {
  const named = byName(i.containers);
  const initialized = isInitialized(i.pod, named);
  const phase = podPhase(i.pod, named);
  const inits = initContainersOf(i.pod).map((c) => containerStatus(c, named.get(c.name), i.waiting[c.name], 'PodInitializing'));
  const apps = appContainersOf(i.pod).map((c) =>
    containerStatus(c, named.get(c.name), i.waiting[c.name], initialized ? 'ContainerCreating' : 'PodInitializing', i.probes),
  );
  const ready = apps.length > 0 && apps.every((c) => c.ready);
  const cond = (type: PodCondition['type'], ok: boolean, reason?: string): PodCondition => {
    const status = ok ? 'True' : 'False';
    const before = i.prev?.conditions.find((c) => c.type === type);
    return {
      type,
      status,
      lastTransitionTime: before && before.status === status ? before.lastTransitionTime : new Date(i.now).toISOString(),
      ...(!ok && reason ? { reason } : {}),
    };
  };
  // A terminal pod's containers are no longer "ready" (kubelet: PodCompleted).
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const status: PodStatus = {
    phase,
    conditions: [
      cond('PodScheduled', true),
      cond('Initialized', initialized, 'ContainersNotInitialized'),
      cond('ContainersReady', ready && !terminal, terminal ? 'PodCompleted' : 'ContainersNotReady'),
      cond('Ready', ready && !terminal, terminal ? 'PodCompleted' : 'ContainersNotReady'),
    ],
    containerStatuses: apps,
  };
  if (inits.length) status.initContainerStatuses = inits;
  if (i.hostIP) {
    status.hostIP = i.hostIP;
    status.hostIPs = [{ ip: i.hostIP }];
  }
  if (i.podIP) {
    status.podIP = i.podIP;
    status.podIPs = [{ ip: i.podIP }];
  }
  if (i.startTime) status.startTime = i.startTime;
  return status;
}

/** Whether two statuses differ in anything but condition transition times (only meaningful changes are emitted). */
export function statusChanged(a: PodStatus | undefined, b: PodStatus): boolean {
  if (!a) return true;
  const strip = (s: PodStatus) => JSON.stringify({ ...s, conditions: s.conditions.map((c) => ({ ...c, lastTransitionTime: '' })) });
  return strip(a) !== strip(b);
}
