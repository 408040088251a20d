// kubectl describe replicaset (and the Pods Status line DaemonSets share).

import type { KubeObject } from '../../shared/api/object.js';
import { writeConditions, writePodTemplate } from './deployment.js';
import { formatSelector, writeControlledBy, writeLabelsAndAnnotations, writeName } from './format.js';
import type { DescribeWriter } from './writer.js';

/** `2 Running / 0 Waiting / 0 Succeeded / 0 Failed` over the pods `owner` controls; undefined pods: they could not be listed. */
export function podsStatus(owner: KubeObject, pods: KubeObject[] | undefined): string {
  if (!pods) return 'error in fetching pods';
  const count = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 } as Record<string, number>;
  for (const p of pods) {
    if (!p.metadata.ownerReferences?.some((o) => o.controller && o.uid === owner.metadata.uid)) continue;
    const phase = p.status?.phase ?? 'Pending';
    if (phase in count) count[phase]++;
  }
  return `${count.Running} Running / ${count.Pending} Waiting / ${count.Succeeded} Succeeded / ${count.Failed} Failed`;
}

export function renderReplicaSet(w: DescribeWriter, rs: KubeObject, pods: KubeObject[] | undefined): void {
  writeName(w, rs, true);
  w.line(0, 'Selector:', formatSelector(rs.spec?.selector));
  writeLabelsAndAnnotations(w, rs);
  writeControlledBy(w, rs);
  w.line(0, 'Replicas:', `${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired`);
  w.line(0, 'Pods Status:', podsStatus(rs, pods));
  writePodTemplate(w, rs.spec?.template);
  writeConditions(w, rs.status?.conditions);
}
