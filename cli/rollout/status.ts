// kubectl's DeploymentStatusViewer (kubectl/pkg/polymorphichelpers/rollout_status.go):
// the one line `rollout status` prints for a Deployment's current state.

import type { KubeObject } from '../../shared/api/object.js';

export interface RolloutState {
  message: string;
  done: boolean;
  /** set when the rollout can no longer succeed (progress deadline exceeded) */
  error?: string;
}

export function deploymentRolloutStatus(d: KubeObject): RolloutState {
  const name = d.metadata.name;
  const s = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) {
    return { message: 'Waiting for deployment spec update to be observed...', done: false };
  }
  const progressing = (s.conditions ?? []).find((c: { type: string }) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
  }
  const replicas: number | undefined = d.spec?.replicas;
  const updated: number = s.updatedReplicas ?? 0;
  const total: number = s.replicas ?? 0;
  const available: number = s.availableReplicas ?? 0;
  if (replicas !== undefined && updated < replicas) {
    return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`, done: false };
  }
  if (total > updated) {
    return { message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...`, done: false };
  }
  if (available < updated) {
    return { message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`, done: false };
  }
  return { message: `deployment "${name}" successfully rolled out`, done: true };
}
