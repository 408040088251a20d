// kubectl describe pod, for the fields Edgeplane pods have.

import type { KubeObject } from '../../shared/api/object.js';
import { humanDuration } from '../duration.js';
import { writeContainers, writeVolumes } from './containers.js';
import { formatTime, writeControlledBy, writeLabels, writeLabelsAndAnnotations, writeName, writeTolerations } from './format.js';
import { podQOS } from './qos.js';
import type { DescribeWriter } from './writer.js';

export function renderPod(w: DescribeWriter, pod: KubeObject, now: number): void {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  writeName(w, pod, true);
  if (spec.priority !== undefined) w.line(0, 'Priority:', spec.priority);
  if (spec.serviceAccountName) w.line(0, 'Service Account:', spec.serviceAccountName);
  w.line(0, 'Node:', spec.nodeName ? `${spec.nodeName}/${status.hostIP ?? ''}` : '<none>');
  if (status.startTime) w.line(0, 'Start Time:', formatTime(status.startTime));
  writeLabelsAndAnnotations(w, pod);
  if (pod.metadata.deletionTimestamp) {
    const since = humanDuration(now - Date.parse(pod.metadata.deletionTimestamp));
    w.line(0, 'Status:', `Terminating (lasts ${since})`);
    w.line(0, 'Termination Grace Period:', `${pod.metadata.deletionGracePeriodSeconds ?? 0}s`);
  } else {
    w.line(0, 'Status:', status.phase ?? 'Unknown');
  }
  if (status.reason) w.line(0, 'Reason:', status.reason);
  if (status.message) w.line(0, 'Message:', status.message);
  w.line(0, 'IP:', status.podIP ?? '');
  const ips: Array<{ ip: string }> = status.podIPs ?? (status.podIP ? [{ ip: status.podIP }] : []);
  if (ips.length === 0) w.line(0, 'IPs:', '<none>');
  else {
    w.line(0, 'IPs:');
    for (const ip of ips) w.line(1, 'IP:', ip.ip);
  }
  writeControlledBy(w, pod);
  if (spec.initContainers?.length) writeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses);
  writeContainers(w, 'Containers', spec.containers, status.containerStatuses);
  const conditions: any[] = status.conditions ?? [];
  if (conditions.length > 0) {
    w.line(0, 'Conditions:');
    w.line(1, 'Type', 'Status');
    // kubectl's trailing spaces, kept so the output is byte-identical
    for (const c of conditions) w.line(1, `${c.type} `, `${c.status} `);
  }
  writeVolumes(w, spec.volumes);
  w.line(0, 'QoS Class:', status.qosClass || podQOS(spec));
  writeLabels(w, 0, 'Node-Selectors', spec.nodeSelector);
  writeTolerations(w, 0, spec.tolerations);
}
