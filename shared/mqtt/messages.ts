// Payload shapes on the wire (docs/mqtt.md). Every payload is UTF-8 JSON except
// `online` (plain text). Parsers never throw: malformed input yields undefined,
// because a peer's bad message must never crash the receiver.

import type { KubeObject } from '../api/object.js';

export interface JoinRequest {
  /** the MQTT topic the server answers on: topics.joinReply(<requesting client id>) */
  replyTo: string;
  correlationId: string;
  nodeName: string;
  /** the machine's stable secret (k3s "node password"), generated once and kept in the agent's data dir */
  nodePassword: string;
  labels?: Record<string, string>;
}

export type JoinReply =
  | { correlationId: string; ok: true; nodeName: string; username: string; password: string; podCIDR: string }
  | { correlationId: string; ok: false; code: string; message: string };

export interface NodeFacts {
  hostname: string;
  architecture: string; // Go names: arm64, arm, amd64
  operatingSystem: string; // linux
  osImage: string;
  kernelVersion: string;
  boardModel?: string;
  machineID?: string;
  cpuCount: number;
  memoryBytes: number;
  diskBytes: number;
  containerRuntimeVersion?: string;
  addresses: Array<{ type: 'InternalIP' | 'Hostname'; address: string }>;
}

export interface NodeMetrics {
  load1?: number;
  cpuTemperatureC?: number;
  memoryAvailableBytes?: number;
  diskAvailableBytes?: number;
}

export interface NodeStatusReport {
  nodeName: string;
  /** when the agent sent it (ms since epoch); heartbeat-only */
  timestamp: number;
  facts: NodeFacts;
  metrics: NodeMetrics;
  memoryPressure: boolean;
  diskPressure: boolean;
}

export interface PodStatusReport {
  /** the pod uid the status is for; a status for an older incarnation is dropped */
  uid: string;
  status: Record<string, unknown>;
}

export interface DesiredSet {
  nodeName: string;
  /** store revision this set reflects; only grows while the store lives */
  revision: number;
  pods: KubeObject[];
  /** ConfigMaps and Secrets the pods reference (same namespaces), so the node runs them without the server */
  configMaps: KubeObject[];
  secrets: KubeObject[];
}

export function parseJson(payload: Buffer | string): unknown {
  try {
    return JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function parseJoinRequest(payload: Buffer): JoinRequest | undefined {
  const v = parseJson(payload);
  if (!isObj(v) || !isStr(v.replyTo) || !isStr(v.correlationId) || !isStr(v.nodeName) || !isStr(v.nodePassword)) return undefined;
  if (v.correlationId.length > 128 || v.nodePassword.length < 16 || v.nodePassword.length > 256) return undefined;
  if (v.labels !== undefined && (!isObj(v.labels) || !Object.values(v.labels).every(isStr))) return undefined;
  return v as JoinRequest;
}

export function parseJoinReply(payload: Buffer): JoinReply | undefined {
  const v = parseJson(payload);
  if (!isObj(v) || !isStr(v.correlationId) || typeof v.ok !== 'boolean') return undefined;
  return v as JoinReply;
}

export function parseNodeStatusReport(payload: Buffer): NodeStatusReport | undefined {
  const v = parseJson(payload);
  if (!isObj(v) || !isStr(v.nodeName) || !isNum(v.timestamp) || !isObj(v.facts) || !isObj(v.metrics)) return undefined;
  const f = v.facts;
  if (!isStr(f.hostname) || !isStr(f.architecture) || !isStr(f.operatingSystem) || !isStr(f.osImage) || !isStr(f.kernelVersion)) return undefined;
  if (!isNum(f.cpuCount) || !isNum(f.memoryBytes) || !isNum(f.diskBytes) || !Array.isArray(f.addresses)) return undefined;
  if (!f.addresses.every((a: unknown) => isObj(a) && isStr(a.type) && isStr(a.address))) return undefined;
  if (f.boardModel !== undefined && !isStr(f.boardModel)) return undefined;
  if (f.containerRuntimeVersion !== undefined && !isStr(f.containerRuntimeVersion)) return undefined;
  if (f.machineID !== undefined && !isStr(f.machineID)) return undefined;
  return { ...(v as NodeStatusReport), memoryPressure: v.memoryPressure === true, diskPressure: v.diskPressure === true };
}

export function parsePodStatusReport(payload: Buffer): PodStatusReport | undefined {
  const v = parseJson(payload);
  if (!isObj(v) || !isStr(v.uid) || !isObj(v.status)) return undefined;
  return v as PodStatusReport;
}

export function parseDesiredSet(payload: Buffer): DesiredSet | undefined {
  const v = parseJson(payload);
  if (!isObj(v) || !isStr(v.nodeName) || !isNum(v.revision)) return undefined;
  if (!Array.isArray(v.pods) || !Array.isArray(v.configMaps) || !Array.isArray(v.secrets)) return undefined;
  return v as DesiredSet;
}
