// Pods and observed containers for the planner tests.
import type { KubeObject } from '../../../shared/api/object.js';
import { containerHash, containerId, LABEL_ATTEMPT, LABEL_CONTAINER_NAME, LABEL_HASH, LABEL_POD_UID } from '../../../agent/pods/labels.js';
import type { ObservedContainer, SandboxRecord } from '../../../agent/pods/types.js';

export const UID = 'uid-1';
export const T0 = Date.UTC(2026, 0, 1);

export function pod(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: UID, ...meta },
    spec: {
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      containers: [{ name: 'app', image: 'img:1', imagePullPolicy: 'IfNotPresent' }],
      ...spec,
    },
  };
}

export function ctr(
  p: KubeObject,
  name: string,
  attempt: number,
  state: ObservedContainer['state'],
  extra: Partial<ObservedContainer> = {},
): ObservedContainer {
  const spec = [...(p.spec.initContainers ?? []), ...p.spec.containers].find((c: { name: string }) => c.name === name) ?? { name };
  return {
    id: containerId(p.metadata.uid!, name, attempt),
    image: spec.image ?? '',
    labels: {
      [LABEL_POD_UID]: p.metadata.uid!,
      [LABEL_CONTAINER_NAME]: name,
      [LABEL_ATTEMPT]: String(attempt),
      [LABEL_HASH]: containerHash(spec),
    },
    state,
    ...extra,
  };
}

export function sandbox(uid = UID): SandboxRecord {
  return { uid, key: 'default/p', netns: `ep-pod-${uid}`, ip: '10.42.0.5', hostNetwork: false, gracePeriodSeconds: 30 };
}
