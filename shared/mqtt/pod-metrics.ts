// Pod usage on the wire: `edgeplane/nodes/<node>/metrics` (docs/mqtt.md), not
// retained, QoS 0 — a lost sample is simply replaced by the next one. One
// message carries every measured pod of the node (a full snapshot: the server
// replaces what it had for the node), as metrics-server scrapes a whole kubelet.

import { parseJson } from './messages.js';

export interface ContainerUsage {
  name: string;
  /** CPU rate between the agent's last two samples, in nanocores (1e9 = one core busy) */
  cpuNanoCores: number;
  /** memory working set (usage − inactive file), cAdvisor's and kubelet's definition */
  memoryWorkingSetBytes: number;
}

export interface PodUsage {
  namespace: string;
  name: string;
  uid: string;
  containers: ContainerUsage[];
}

export interface PodMetricsReport {
  /** when the later of the two samples was taken (ms since epoch) */
  timestamp: number;
  /** the time between the two samples the CPU rate is over (ms) */
  windowMs: number;
  pods: PodUsage[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isContainer(v: unknown): v is ContainerUsage {
  return isObj(v) && isStr(v.name) && isNum(v.cpuNanoCores) && isNum(v.memoryWorkingSetBytes);
}

function isPod(v: unknown): v is PodUsage {
  return isObj(v) && isStr(v.namespace) && isStr(v.name) && isStr(v.uid) && Array.isArray(v.containers) && v.containers.every(isContainer);
}

/** never throws: a malformed report is undefined */
export function parsePodMetricsReport(payload: Buffer): PodMetricsReport | undefined {
  const v = parseJson(payload);
  if (!isObj(v) || !isNum(v.timestamp) || !isNum(v.windowMs) || !Array.isArray(v.pods) || !v.pods.every(isPod)) return undefined;
  return { timestamp: v.timestamp, windowMs: v.windowMs, pods: v.pods };
}
