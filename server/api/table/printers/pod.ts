// Pod rows: printPod in k8s.io/kubernetes/pkg/printers/internalversion/printers.go,
// including kubectl's STATUS logic (init progress, waiting/terminated reasons,
// sidecar init containers, Terminating) and RESTARTS with "(5m ago)".

import type { KubeObject } from '../../../../shared/api/object.js';
import { ageColumn, column, nameColumn } from '../columns.js';
import { timestampMs, translateTimestampSince } from '../../../../shared/duration.js';
import { list } from '../format.js';
import type { PrintedRow, Printer } from '../printer.js';
import type { TableRowCondition } from '../types.js';

/** node.NodeUnreachablePodReason: set by the node lifecycle controller. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

const SUCCEEDED_CONDITIONS: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const FAILED_CONDITIONS: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

interface ContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}

interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
}

/** The later of a running maximum and a container's last termination time. */
function later(current: number | undefined, c: ContainerStatus): number | undefined {
  const finished = timestampMs(c.lastState?.terminated?.finishedAt);
  if (finished === undefined) return current;
  return current === undefined || finished > current ? finished : current;
}

function conditionTrue(conditions: Condition[], type: string): boolean {
  const c = conditions.find((x) => x.type === type);
  return c?.status === 'True';
}

function printPod(pod: KubeObject, now: Date): PrintedRow {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const containers = list(spec.containers);
  const initContainers = list<{ name: string; restartPolicy?: string }>(spec.initContainers);
  const conditions = list<Condition>(status.conditions);
  // Kubernetes sets phase Pending on create; an object without one is still pending.
  const phase: string = status.phase || 'Pending';

  let restarts = 0;
  let restartableInitRestarts = 0;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;
  let reason: string = status.reason || phase;

  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  // Init containers with restartPolicy Always are sidecars: they count as containers.
  const sidecars = new Set(initContainers.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const totalContainers = containers.length + initContainers.filter((c) => c.restartPolicy === 'Always').length;

  // The first init container that has not completed decides the status.
  let initializing = false;
  const initStatuses = list<ContainerStatus>(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, c);
    const isSidecar = sidecars.has(c.name);
    if (isSidecar) {
      restartableInitRestarts += c.restartCount ?? 0;
      lastRestartableInitRestart = later(lastRestartableInitRestart, c);
    }
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (isSidecar && c.started === true) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      // initialization failed
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(conditions, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = list<ContainerStatus>(status.containerStatuses);
    // Walk backwards so the first container's reason wins, as kubectl does.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, c);
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod with one container completed and another still running is not Completed.
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = Boolean(pod.metadata.deletionTimestamp);
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const restartsCell =
    restarts !== 0 && lastRestart !== undefined
      ? `${restarts} (${translateTimestampSince(lastRestart, now)} ago)`
      : String(restarts);

  const podIPs = list<{ ip?: string }>(status.podIPs);
  const podIP = podIPs[0]?.ip || status.podIP || '<none>';
  const readinessGates = list<{ conditionType: string }>(spec.readinessGates);
  let gates = '<none>';
  if (readinessGates.length > 0) {
    const trueCount = readinessGates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
    gates = `${trueCount}/${readinessGates.length}`;
  }

  const row: PrintedRow = {
    cells: [
      pod.metadata.name ?? '',
      `${readyContainers}/${totalContainers}`,
      reason,
      restartsCell,
      translateTimestampSince(pod.metadata.creationTimestamp, now),
      podIP,
      spec.nodeName || '<none>',
      status.nominatedNodeName || '<none>',
      gates,
    ],
  };
  if (phase === 'Succeeded') row.conditions = SUCCEEDED_CONDITIONS.map((c) => ({ ...c }));
  else if (phase === 'Failed') row.conditions = FAILED_CONDITIONS.map((c) => ({ ...c }));
  return row;
}

export const podPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn(),
    column('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', { priority: 1 }),
    column('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', { priority: 1 }),
    column('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', { priority: 1 }),
    column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', { priority: 1 }),
  ],
  print: printPod,
};
