// Shapes shared by the pod planner, status computation and executor.
import type { KubeObject } from '../../shared/api/object.js';
import type { BackoffConfig, BackoffEntry } from './backoff.js';

/** One container the runtime has, with its labels and state (a PLEG relist row). */
export interface ObservedContainer {
  id: string;
  labels: Record<string, string>;
  image: string;
  state: 'created' | 'running' | 'exited' | 'unknown';
  /** the task's init process on the host while running (usage metrics read its cgroup) */
  pid?: number;
  exitCode?: number;
  startedAt?: number;
  finishedAt?: number;
}

/** A pod sandbox the worker set up: its netns and address (persisted under the data dir). */
export interface SandboxRecord {
  uid: string;
  key: string;
  /** netns name and CNI container id; absent for hostNetwork pods. */
  netns?: string;
  ip?: string;
  hostNetwork: boolean;
  /** Grace period to use when the pod disappears from the desired set. */
  gracePeriodSeconds: number;
}

export interface Observed {
  containers: ObservedContainer[];
  sandboxes: Map<string, SandboxRecord>;
}

/** Why a container is waiting, recorded by the executor when an action fails. */
export interface WaitingReason {
  reason: string;
  message?: string;
}

/** Per-pod bookkeeping kept in memory by the worker (kubelet's backoff tables and last errors). */
export interface PodBook {
  /** Restart back-off per container name. */
  restart: Map<string, BackoffEntry>;
  /** Image pull back-off per container name, with the last pull error. */
  pull: Map<string, BackoffEntry & { message: string }>;
  /** Last failure per container name that is not a pull error (CreateContainerConfigError, ...). */
  failure: Map<string, WaitingReason & { lastMs: number }>;
  /**
   * Running containers (by runtime id) a liveness or startup probe declared
   * failed: the planner kills them, the restart policy does the rest.
   */
  unhealthy: Map<string, { message: string; gracePeriodSeconds?: number }>;
  startTime?: string;
  /** Last pod IP, still reported after a terminal pod's sandbox is released. */
  podIP?: string;
}

export function emptyBook(): PodBook {
  return { restart: new Map(), pull: new Map(), failure: new Map(), unhealthy: new Map() };
}

export interface PlanConfig {
  restartBackoff: BackoffConfig;
  pullBackoff: BackoffConfig;
  /** Retry delay after a container could not be created (config error, runtime error). */
  failureRetryMs: number;
}

export type Action =
  | { type: 'createSandbox'; podUid: string; hostNetwork: boolean }
  | { type: 'ensureImage'; podUid: string; container: string; image: string; policy: 'Always' | 'IfNotPresent' | 'Never' }
  | {
      type: 'runContainer';
      podUid: string;
      container: string;
      init: boolean;
      attempt: number;
      /** Set for restarts: the back-off entry to record (kubelet's Backoff.Next). */
      backoff?: BackoffEntry;
    }
  | { type: 'startCreated'; podUid: string; id: string; container: string }
  | {
      type: 'stopContainer';
      podUid: string;
      id: string;
      container?: string;
      gracePeriodSeconds: number;
      reason: string;
      /** Text of the Killing event, when the stop has a reason worth telling (a failed liveness probe). */
      message?: string;
    }
  | { type: 'removeContainer'; podUid: string; id: string }
  | { type: 'teardownSandbox'; podUid: string };

export interface PodPlan {
  actions: Action[];
  /** Ask to be planned again after this long (a back-off expiring). */
  requeueAfterMs?: number;
}

export type Pod = KubeObject;
