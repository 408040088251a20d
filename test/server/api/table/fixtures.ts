// Fixed clock and object builders for the table tests.

import type { KubeObject } from '../../../../shared/api/object.js';

export const NOW = new Date('2024-05-01T12:00:00Z');
/** Three days before NOW: AGE `3d`. */
export const CREATED = '2024-04-28T12:00:00Z';

/** NOW minus a duration, as an RFC 3339 timestamp. */
export function ago(spec: { s?: number; m?: number; h?: number; d?: number }): string {
  const ms = (spec.s ?? 0) * 1000 + (spec.m ?? 0) * 60_000 + (spec.h ?? 0) * 3_600_000 + (spec.d ?? 0) * 86_400_000;
  return new Date(NOW.getTime() - ms).toISOString();
}

export function obj(kind: string, name: string, rest: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: ['Deployment', 'ReplicaSet', 'DaemonSet'].includes(kind) ? 'apps/v1' : 'v1',
    kind,
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: CREATED, ...meta },
    ...rest,
  } as KubeObject;
}

export const running = (startedAt = CREATED) => ({ running: { startedAt } });
export const waiting = (reason: string) => ({ waiting: { reason } });
export const terminated = (t: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string }) => ({
  terminated: { exitCode: 0, ...t },
});
