// Pure planner: (current Node, last status report, online?) → the Node's wanted
// labels, annotations and status. Heartbeat-only data (timestamps, load,
// temperature) never appears in the result, and condition times are carried
// over unless the condition's status changed, so a beat that changes nothing
// meaningful plans no write.

import type { KubeObject } from '../../shared/api/object.js';
import type { NodeStatusReport } from '../../shared/mqtt/messages.js';
import { EDGEPLANE_VERSION } from '../../shared/version.js';

export const BOARD_MODEL_ANNOTATION = 'edgeplane.io/board-model';
const MAX_PODS = '110';

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

export interface NodePlan {
  /** set when labels/annotations must change (main resource write) */
  metadata?: { labels: Record<string, string>; annotations: Record<string, string> };
  /** set when status must change (status subresource write) */
  status?: Record<string, unknown>;
}

const ki = (bytes: number) => `${Math.floor(bytes / 1024)}Ki`;

function condition(type: string, status: Condition['status'], reason: string, message: string): Condition {
  return { type, status, reason, message };
}

/** Conditions without times, for comparison. */
function strip(status: any): any {
  if (!status) return {};
  const s = structuredClone(status);
  for (const c of s.conditions ?? []) {
    delete c.lastHeartbeatTime;
    delete c.lastTransitionTime;
  }
  return s;
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, val) =>
    val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => (a < b ? -1 : 1))) : val,
  );
}

export function planNode(node: KubeObject, report: NodeStatusReport | undefined, online: boolean, now: Date): NodePlan {
  const cur = node as any;
  const prevStatus = cur.status ?? {};
  const plan: NodePlan = {};

  // metadata: labels the agent's facts determine
  if (report) {
    const labels = {
      ...(cur.metadata.labels ?? {}),
      'kubernetes.io/arch': report.facts.architecture,
      'kubernetes.io/os': report.facts.operatingSystem,
      'kubernetes.io/hostname': cur.metadata.name,
    };
    const annotations = { ...(cur.metadata.annotations ?? {}) };
    if (report.facts.boardModel) annotations[BOARD_MODEL_ANNOTATION] = report.facts.boardModel.slice(0, 256);
    if (stableJson(labels) !== stableJson(cur.metadata.labels ?? {}) || stableJson(annotations) !== stableJson(cur.metadata.annotations ?? {})) {
      plan.metadata = { labels, annotations };
    }
  }

  const prevConds: Condition[] = prevStatus.conditions ?? [];
  const prevOf = (t: string) => prevConds.find((c) => c.type === t);
  let conds: Condition[];
  if (online && report) {
    conds = [
      condition('Ready', 'True', 'AgentReady', 'edgeplane agent is posting ready status'),
      report.memoryPressure
        ? condition('MemoryPressure', 'True', 'AgentHasInsufficientMemory', 'node has memory pressure')
        : condition('MemoryPressure', 'False', 'AgentHasSufficientMemory', 'node has sufficient memory available'),
      report.diskPressure
        ? condition('DiskPressure', 'True', 'AgentHasDiskPressure', 'node has disk pressure')
        : condition('DiskPressure', 'False', 'AgentHasNoDiskPressure', 'node has no disk pressure'),
    ];
  } else {
    // as the node lifecycle controller does: without an agent nothing is known
    const msg = online ? 'edgeplane agent connected but has not posted status yet' : 'edgeplane agent disconnected';
    conds = ['Ready', 'MemoryPressure', 'DiskPressure'].map((t) => condition(t, 'Unknown', 'NodeStatusUnknown', msg));
  }
  const stamp = now.toISOString();
  for (const c of conds) {
    const p = prevOf(c.type);
    const same = p && p.status === c.status;
    c.lastHeartbeatTime = same && p.lastHeartbeatTime ? p.lastHeartbeatTime : stamp;
    c.lastTransitionTime = same && p.lastTransitionTime ? p.lastTransitionTime : stamp;
  }

  const status: Record<string, any> = { ...prevStatus, conditions: conds };
  if (report) {
    const f = report.facts;
    const resources = { cpu: String(f.cpuCount), memory: ki(f.memoryBytes), 'ephemeral-storage': ki(f.diskBytes), pods: MAX_PODS };
    status.capacity = resources;
    status.allocatable = resources;
    status.addresses = f.addresses.slice(0, 16).map((a) => ({ type: a.type, address: a.address }));
    status.nodeInfo = {
      machineID: f.machineID ?? '',
      systemUUID: '',
      bootID: '',
      kernelVersion: f.kernelVersion,
      osImage: f.osImage,
      containerRuntimeVersion: f.containerRuntimeVersion ?? '',
      kubeletVersion: `edgeplane-${EDGEPLANE_VERSION}`,
      kubeProxyVersion: '',
      operatingSystem: f.operatingSystem,
      architecture: f.architecture,
    };
  }
  if (stableJson(strip(status)) !== stableJson(strip(prevStatus))) plan.status = status;
  return plan;
}
