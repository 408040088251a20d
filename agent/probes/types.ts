// Probe shapes (core/v1 Probe) and their normalized form with Kubernetes'
// defaults applied. The server defaults probes too (shared/api/defaults), but
// the agent must not depend on it: a zero/absent field means the default, as
// in Go where these are int32 fields with zero meaning unset.

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** What one probe run said. `unknown` is a prober error (bad port name...): kubelet throws such results away. */
export type ProbeResult = 'success' | 'failure' | 'unknown';

export interface ProbeOutcome {
  result: ProbeResult;
  /** Human-readable detail: command output, HTTP status, connection error. */
  output: string;
}

export interface HttpHeader {
  name: string;
  value: string;
}

export interface ProbeHandlerSpec {
  exec?: { command?: string[] };
  httpGet?: { scheme?: string; host?: string; path?: string; port: number | string; httpHeaders?: HttpHeader[] };
  tcpSocket?: { host?: string; port: number | string };
  grpc?: { port: number; service?: string };
}

export interface ProbeSpec extends ProbeHandlerSpec {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export interface ProbeConfig {
  handler: ProbeHandlerSpec;
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
  /** Probe-level grace period for the kill after a liveness/startup failure (overrides the pod's). */
  terminationGracePeriodSeconds?: number;
}

const pos = (v: unknown, d: number): number => (typeof v === 'number' && v > 0 ? v : d);

/** Kubernetes defaults: delay 0, period 10 s, timeout 1 s, success 1 (always 1 for liveness/startup), failure 3. */
export function probeConfig(kind: ProbeKind, p: ProbeSpec): ProbeConfig {
  const { initialDelaySeconds, periodSeconds, timeoutSeconds, successThreshold, failureThreshold, terminationGracePeriodSeconds, ...handler } = p;
  return {
    handler,
    initialDelayMs: (typeof initialDelaySeconds === 'number' && initialDelaySeconds > 0 ? initialDelaySeconds : 0) * 1000,
    periodMs: pos(periodSeconds, 10) * 1000,
    timeoutMs: pos(timeoutSeconds, 1) * 1000,
    // Validation rejects anything but 1 for liveness/startup; be safe if an unvalidated spec arrives.
    successThreshold: kind === 'readiness' ? pos(successThreshold, 1) : 1,
    failureThreshold: pos(failureThreshold, 3),
    ...(typeof terminationGracePeriodSeconds === 'number' && terminationGracePeriodSeconds > 0 ? { terminationGracePeriodSeconds } : {}),
  };
}

/** The event text kubelet uses for each kind: "Liveness probe failed: ...". */
export function kindTitle(kind: ProbeKind): string {
  return kind === 'liveness' ? 'Liveness' : kind === 'readiness' ? 'Readiness' : 'Startup';
}
