// apps/v1 defaults (pkg/apis/apps/v1/defaults.go).

import { defaultPodTemplate } from './pod.js';
import { isObj, unset, type Obj } from './util.js';

export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

export function defaultDeployment(spec: Obj): void {
  if (spec.replicas === undefined) spec.replicas = 1;
  if (spec.strategy === undefined) spec.strategy = {};
  defaultRollingUpdate(spec.strategy, '25%', '25%');
  if (spec.revisionHistoryLimit === undefined) spec.revisionHistoryLimit = DEFAULT_REVISION_HISTORY_LIMIT;
  if (spec.progressDeadlineSeconds === undefined) spec.progressDeadlineSeconds = DEFAULT_PROGRESS_DEADLINE_SECONDS;
  defaultPodTemplate(spec.template);
}

export function defaultReplicaSet(spec: Obj): void {
  if (spec.replicas === undefined) spec.replicas = 1;
  defaultPodTemplate(spec.template);
}

export function defaultDaemonSet(spec: Obj): void {
  if (spec.updateStrategy === undefined) spec.updateStrategy = {};
  // one node at a time, replacing in place (no surge: host ports would clash)
  defaultRollingUpdate(spec.updateStrategy, 1, 0);
  if (spec.revisionHistoryLimit === undefined) spec.revisionHistoryLimit = DEFAULT_REVISION_HISTORY_LIMIT;
  defaultPodTemplate(spec.template);
}

/** type RollingUpdate unless set, then the rollingUpdate defaults (Deployment and DaemonSet share the shape) */
function defaultRollingUpdate(strategy: unknown, maxUnavailable: string | number, maxSurge: string | number): void {
  if (!isObj(strategy)) return;
  if (unset(strategy.type)) strategy.type = 'RollingUpdate';
  if (strategy.type !== 'RollingUpdate') return;
  if (strategy.rollingUpdate === undefined) strategy.rollingUpdate = {};
  const ru = strategy.rollingUpdate;
  if (!isObj(ru)) return;
  if (ru.maxUnavailable === undefined) ru.maxUnavailable = maxUnavailable;
  if (ru.maxSurge === undefined) ru.maxSurge = maxSurge;
}
