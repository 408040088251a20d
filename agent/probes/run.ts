// One run of a probe handler against one container: picks exec, httpGet or
// tcpSocket, resolves the host (default: the pod IP, which is the node's IP
// for hostNetwork pods) and a port given by name (kubelet's
// findPortByName over the container's ports).
import { probeExec, type ExecRunner } from './exec.js';
import { probeHttp } from './http.js';
import { probeTcp } from './tcp.js';
import type { ProbeHandlerSpec, ProbeOutcome } from './types.js';

export interface ContainerPort {
  name?: string;
  containerPort: number;
}

export interface ProbeTarget {
  containerId: string;
  /** Pod IP (the node's IP for hostNetwork pods). */
  podIP?: string;
  /** The container's declared ports, for probes naming a port. */
  ports?: ContainerPort[];
}

/** A port number, or a name looked up in the container's ports; an error text when neither works. */
export function resolvePort(port: number | string | undefined, ports: ContainerPort[] = []): number | string {
  let n: number | undefined;
  if (typeof port === 'number') n = port;
  else if (typeof port === 'string') {
    const found = ports.find((p) => p.name === port);
    if (!found) return /^\d+$/.test(port) ? resolvePort(Number(port)) : `couldn't find port ${JSON.stringify(port)} in the container's ports`;
    n = found.containerPort;
  }
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > 65535) return `invalid port number: ${String(port)}`;
  return n;
}

export async function runProbe(handler: ProbeHandlerSpec, timeoutMs: number, t: ProbeTarget, rt?: ExecRunner): Promise<ProbeOutcome> {
  if (handler.exec) {
    if (!rt) return { result: 'unknown', output: 'exec probes need a container runtime' };
    return probeExec(rt, t.containerId, handler.exec.command ?? [], timeoutMs);
  }
  if (handler.httpGet) {
    const h = handler.httpGet;
    const port = resolvePort(h.port, t.ports);
    if (typeof port === 'string') return { result: 'unknown', output: port };
    const host = h.host || t.podIP;
    if (!host) return { result: 'unknown', output: 'the pod has no IP yet' };
    const scheme = (h.scheme ?? 'HTTP').toLowerCase() === 'https' ? 'https' : 'http';
    return probeHttp({ scheme, host, port, path: h.path ?? '/', ...(h.httpHeaders ? { headers: h.httpHeaders } : {}) }, timeoutMs);
  }
  if (handler.tcpSocket) {
    const port = resolvePort(handler.tcpSocket.port, t.ports);
    if (typeof port === 'string') return { result: 'unknown', output: port };
    const host = handler.tcpSocket.host || t.podIP;
    if (!host) return { result: 'unknown', output: 'the pod has no IP yet' };
    return probeTcp(host, port, timeoutMs);
  }
  if (handler.grpc) return { result: 'unknown', output: 'grpc probes are not supported by this agent' };
  return { result: 'unknown', output: 'missing probe handler' };
}
