// kubectl describe deployment: replicas, strategy, pod template, conditions and
// the new/old ReplicaSets (found through their ownerReferences).

import type { KubeObject } from '../../shared/api/object.js';
import { writeContainers, writeVolumes } from './containers.js';
import { formatSelector, formatTime, writeLabels, writeLabelsAndAnnotations, writeName, writeTolerations } from './format.js';
import type { DescribeWriter } from './writer.js';

const REVISION = 'deployment.kubernetes.io/revision';

/** Pod template of a Deployment, ReplicaSet or DaemonSet. */
export function writePodTemplate(w: DescribeWriter, template: any): void {
  w.line(0, 'Pod Template:');
  writeLabels(w, 1, 'Labels', template?.metadata?.labels);
  const spec = template?.spec ?? {};
  if (spec.initContainers?.length) writeContainers(w, 'Init Containers', spec.initContainers, undefined, true);
  writeContainers(w, 'Containers', spec.containers, undefined, true);
  writeVolumes(w, spec.volumes, true);
  if (spec.priorityClassName) w.line(1, 'Priority Class Name:', spec.priorityClassName);
  writeLabels(w, 1, 'Node-Selectors', spec.nodeSelector);
  writeTolerations(w, 1, spec.tolerations);
}

export function writeConditions(w: DescribeWriter, conditions: any[] | undefined): void {
  if (!conditions?.length) return;
  w.line(0, 'Conditions:');
  w.line(1, 'Type', 'Status', 'Reason');
  w.line(1, '----', '------', '------');
  for (const c of conditions) w.line(1, `${c.type} `, c.status, c.reason ?? '');
}

function rsSummary(rs: KubeObject): string {
  return `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`;
}

/** The ReplicaSets a Deployment controls: the newest revision is the new one. */
export function splitReplicaSets(deployment: KubeObject, replicaSets: KubeObject[]): { newRS?: KubeObject; old: KubeObject[] } {
  const owned = replicaSets
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === deployment.metadata.uid))
    .sort((a, b) => Number(b.metadata.annotations?.[REVISION] ?? 0) - Number(a.metadata.annotations?.[REVISION] ?? 0));
  const [newRS, ...rest] = owned;
  return { newRS, old: rest.filter((rs) => (rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0) };
}

export function renderDeployment(w: DescribeWriter, d: KubeObject, replicaSets: KubeObject[] | undefined): void {
  const spec = d.spec ?? {};
  const status = d.status ?? {};
  writeName(w, d, true);
  w.line(0, 'CreationTimestamp:', formatTime(d.metadata.creationTimestamp));
  writeLabelsAndAnnotations(w, d);
  w.line(0, 'Selector:', formatSelector(spec.selector));
  w.line(
    0,
    'Replicas:',
    `${spec.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable`,
  );
  const strategy = spec.strategy?.type ?? 'RollingUpdate';
  w.line(0, 'StrategyType:', strategy);
  w.line(0, 'MinReadySeconds:', spec.minReadySeconds ?? 0);
  if (strategy === 'RollingUpdate') {
    const ru = spec.strategy?.rollingUpdate ?? {};
    w.line(0, 'RollingUpdateStrategy:', `${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge`);
  }
  writePodTemplate(w, spec.template);
  writeConditions(w, status.conditions);
  const { newRS, old } = splitReplicaSets(d, replicaSets ?? []);
  // like kubectl: only once the Deployment has ReplicaSets
  if (newRS) {
    w.line(0, 'OldReplicaSets:', old.length ? old.map(rsSummary).join(', ') : '<none>');
    w.line(0, 'NewReplicaSet:', newRS ? rsSummary(newRS) : '<none>');
  }
}

