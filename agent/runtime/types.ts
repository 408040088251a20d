// The narrow container-runtime interface the pod worker uses. Each external
// program (ctr, nerdctl) gets one adapter behind it; the same contract test
// runs against every adapter available on the host.

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

export interface Mount {
  /** Host path (the agent materializes configMap/secret/emptyDir volumes into a dir first). */
  hostPath: string;
  containerPath: string;
  readOnly?: boolean;
}

export interface ContainerSpec {
  /** Runtime-unique id; the pod worker derives it from pod uid, container name and attempt. */
  id: string;
  image: string;
  /** Replaces the image entrypoint (Kubernetes `command`). */
  command?: string[];
  /** Replaces the image cmd (Kubernetes `args`). */
  args?: string[];
  env?: Record<string, string>;
  workingDir?: string;
  mounts?: Mount[];
  memoryLimitBytes?: number;
  /** CPU limit in millicores; becomes a CFS quota over a 100 ms period. */
  cpuLimitMillis?: number;
  /**
   * Network namespace to join: a path (e.g. /run/netns/x) so all containers of
   * a pod share the pod's netns, or 'host' for hostNetwork.
   */
  netns?: string | 'host';
  labels?: Record<string, string>;
}

export type ContainerState = 'created' | 'running' | 'exited';

export interface ContainerStatus {
  id: string;
  state: ContainerState;
  pid?: number;
  exitCode?: number;
  startedAt?: Date;
  /** ctr reports no exit time; adapters that cannot know it give the time the exit was observed. */
  finishedAt?: Date;
}

export interface ContainerInfo {
  id: string;
  image: string;
  labels: Record<string, string>;
}

export interface LogOptions {
  /** Last N lines only. */
  tail?: number;
  /** Keep streaming until the container exits or `signal` aborts. */
  follow?: boolean;
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Give up after this long: the exec'd process is killed and the call throws code `ExecTimeout`. */
  timeoutMs?: number;
}

export interface PullProgress {
  /** One human-readable progress line from the pulling program. */
  message: string;
}

export interface RuntimeOptions {
  /** containerd socket. */
  address?: string;
  /** containerd namespace (default `edgeplane`). */
  namespace?: string;
  /** Where container log files and per-container state live. */
  stateDir?: string;
}

export interface ContainerRuntime {
  readonly name: string;
  /**
   * How many containerStatus reads a relist runs at once (default 8). ctr
   * answers every concurrent read from one shared `tasks ls`, so it takes
   * them all at once: one process per relist instead of one per 8 containers.
   */
  readonly statusConcurrency?: number;
  version(): Promise<string>;
  /**
   * Optional: a stream of the runtime's own events. `onChange` is called when
   * containers or their tasks change (the pod worker relists soon after);
   * `onLive(true)` once subscribed, `onLive(false)` while the stream is down
   * and being reopened (the worker then relists on its short period).
   */
  watchChanges?(h: { onChange(): void; onLive(live: boolean): void }): { close(): void };
  imageExists(ref: string): Promise<boolean>;
  /** Makes the image present according to the pull policy; errors carry ErrImagePull / ErrImageNeverPull. */
  ensureImage(ref: string, policy: PullPolicy, onProgress?: (p: PullProgress) => void): Promise<void>;
  createContainer(spec: ContainerSpec): Promise<void>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM, then SIGKILL once the grace period has passed. Resolves when the container has exited. */
  stopContainer(id: string, gracePeriodSeconds: number): Promise<void>;
  /** Removes the container, its task, snapshot and logs; missing containers are fine. */
  removeContainer(id: string): Promise<void>;
  listContainers(labelSelector?: Record<string, string>): Promise<ContainerInfo[]>;
  containerStatus(id: string): Promise<ContainerStatus>;
  logs(id: string, opts?: LogOptions): AsyncIterable<string>;
  /** Runs argv inside the running container; a non-zero exit of argv is a result, not an error. */
  exec(id: string, argv: string[], opts?: ExecOptions): Promise<ExecResult>;
}

/** Labels the pod worker puts on every container, so it can find them after a restart. */
export const LABEL_POD_UID = 'io.edgeplane.pod.uid';
export const LABEL_POD_NAME = 'io.edgeplane.pod.name';
export const LABEL_POD_NAMESPACE = 'io.edgeplane.pod.namespace';
export const LABEL_CONTAINER_NAME = 'io.edgeplane.container.name';
export const LABEL_ATTEMPT = 'io.edgeplane.container.attempt';

export const DEFAULT_NAMESPACE = 'edgeplane';
export const DEFAULT_ADDRESS = '/run/containerd/containerd.sock';
export const DEFAULT_STATE_DIR = '/var/lib/edgeplane/containers';
/** CFS period used for CPU limits (the Kubernetes default). */
export const CPU_PERIOD_US = 100_000;

export function cpuQuotaUs(millis: number): number {
  // Kubernetes' minimum quota is 1 ms; below that the kernel refuses the value.
  return Math.max(1000, Math.round((millis * CPU_PERIOD_US) / 1000));
}
