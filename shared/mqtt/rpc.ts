// Request/response over MQTT 3.1.1 (aedes speaks no MQTT 5, so the reply
// topic and correlation id travel in the payload, docs/mqtt.md). The server
// publishes requests on `edgeplane/rpc/<node>`; the agent answers on
// `edgeplane/nodes/<node>/rpc/<correlationId>` with one or more chunks, the
// last one marked `done`. A `cancel` request ends a running stream (a client
// that stopped following logs).

import { parseJson } from './messages.js';
import { CORRELATION } from './topics.js';

export interface PodTarget {
  namespace: string;
  pod: string;
  uid: string;
  /** container name; the server resolves the default container */
  container: string;
  /** the runtime id the pod status names for this request (current, or lastState for previous), when known */
  containerID?: string;
}

export interface LogsParams extends PodTarget {
  follow?: boolean;
  tailLines?: number;
  previous?: boolean;
  limitBytes?: number;
}

export interface ExecParams extends PodTarget {
  command: string[];
  timeoutSeconds?: number;
}

export type RpcRequest =
  | { correlationId: string; replyTo: string; method: 'logs'; params: LogsParams }
  | { correlationId: string; replyTo: string; method: 'exec'; params: ExecParams }
  | { correlationId: string; method: 'cancel' };

export interface RpcError {
  /** stable code: NotFound, BadRequest, ContainerNotFound, RuntimeError, ... */
  code: string;
  message: string;
}

export interface RpcReply {
  correlationId: string;
  /** chunk number from 0; the receiver drops duplicates and reorders by it */
  seq: number;
  /** a chunk of log text (logs) */
  data?: string;
  /** exec's outcome */
  result?: { exitCode: number; stdout: string; stderr: string };
  error?: RpcError;
  done?: boolean;
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function target(p: Record<string, any>): boolean {
  return isStr(p.namespace) && isStr(p.pod) && isStr(p.uid) && isStr(p.container);
}

/** Never throws; undefined for anything malformed. */
export function parseRpcRequest(payload: Buffer | string): RpcRequest | undefined {
  const v = parseJson(payload);
  if (!isObj(v) || !isStr(v.correlationId) || !CORRELATION.test(v.correlationId)) return undefined;
  if (v.method === 'cancel') return { correlationId: v.correlationId, method: 'cancel' };
  if (!isStr(v.replyTo) || !isObj(v.params) || !target(v.params)) return undefined;
  const p = v.params;
  if (v.method === 'logs') {
    if (p.tailLines !== undefined && (!isNum(p.tailLines) || p.tailLines < 0)) return undefined;
    if (p.limitBytes !== undefined && (!isNum(p.limitBytes) || p.limitBytes <= 0)) return undefined;
    return v as RpcRequest;
  }
  if (v.method === 'exec') {
    if (!Array.isArray(p.command) || p.command.length === 0 || !p.command.every(isStr)) return undefined;
    return v as RpcRequest;
  }
  return undefined;
}

export function parseRpcReply(payload: Buffer | string): RpcReply | undefined {
  const v = parseJson(payload);
  if (!isObj(v) || !isStr(v.correlationId) || !isNum(v.seq)) return undefined;
  if (v.data !== undefined && !isStr(v.data)) return undefined;
  if (v.error !== undefined && (!isObj(v.error) || !isStr(v.error.code) || !isStr(v.error.message))) return undefined;
  if (v.result !== undefined && (!isObj(v.result) || !isNum(v.result.exitCode) || !isStr(v.result.stdout) || !isStr(v.result.stderr))) return undefined;
  return v as RpcReply;
}

/** PodEvent batch the agent publishes on `edgeplane/nodes/<node>/events` */
export interface PodEventReport {
  pod: { namespace: string; name: string; uid: string };
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  container?: string;
}

export function parsePodEvents(payload: Buffer | string): PodEventReport[] | undefined {
  const v = parseJson(payload);
  if (!Array.isArray(v) || v.length > 1000) return undefined;
  const out: PodEventReport[] = [];
  for (const e of v) {
    if (!isObj(e) || !isObj(e.pod) || !isStr(e.pod.namespace) || !isStr(e.pod.name) || !isStr(e.pod.uid)) continue;
    if ((e.type !== 'Normal' && e.type !== 'Warning') || !isStr(e.reason) || !isStr(e.message)) continue;
    if (e.container !== undefined && !isStr(e.container)) continue;
    out.push({ pod: { namespace: e.pod.namespace, name: e.pod.name, uid: e.pod.uid }, type: e.type, reason: e.reason.slice(0, 128), message: e.message.slice(0, 1024), ...(e.container ? { container: e.container } : {}) });
  }
  return out;
}
