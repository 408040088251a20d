// apps/v1 defaults (pkg/apis/apps/v1/defaults.go).

import { defaultPodTemplate } from './pod.js';
import { isObj, unset, type Obj } from './util.js';

export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

export function defaultDeployment(spec: Obj): void {
  if (spec.replicas === undefined) spec.replicas = 1;
  if (spec.strategy === undefined) spec.strategy = {};
  const strategy = spec.strategy;
  if (isObj(strategy)) {
    if (unset(strategy.type)) strategy.type = 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      if (strategy.rollingUpdate === undefined) strategy.rollingUpdate = {};
      if (isObj(strategy.rollingUpdate)) {
        if (strategy.rollingUpdate.maxUnavailable === undefined) strategy.rollingUpdate.maxUnavailable = '25%';
        if (strategy.rollingUpdate.maxSurge === undefined) strategy.rollingUpdate.maxSurge = '25%';
      }
    }
  }
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
  const strategy = spec.updateStrategy;
  if (isObj(strategy)) {
    if (unset(strategy.type)) strategy.type = 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      if (strategy.rollingUpdate === undefined) strategy.rollingUpdate = {};
      if (isObj(strategy.rollingUpdate)) {
        // one node at a time, replacing in place (no surge: host ports would clash)
        if (strategy.rollingUpdate.maxUnavailable === undefined) strategy.rollingUpdate.maxUnavailable = 1;
        if (strategy.rollingUpdate.maxSurge === undefined) strategy.rollingUpdate.maxSurge = 0;
      }
    }
  }
  if (spec.revisionHistoryLimit === undefined) spec.revisionHistoryLimit = DEFAULT_REVISION_HISTORY_LIMIT;
  defaultPodTemplate(spec.template);
}
