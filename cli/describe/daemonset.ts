// kubectl describe daemonset (which, like kubectl, prints no Namespace line).

import type { KubeObject } from '../../shared/api/object.js';
import { formatLabels } from '../table.js';
import { writePodTemplate } from './deployment.js';
import { formatSelector, writeLabelsAndAnnotations } from './format.js';
import { podsStatus } from './replicaset.js';
import type { DescribeWriter } from './writer.js';

export function renderDaemonSet(w: DescribeWriter, ds: KubeObject, pods: KubeObject[] | undefined): void {
  const status = ds.status ?? {};
  w.line(0, 'Name:', ds.metadata.name ?? '');
  w.line(0, 'Selector:', formatSelector(ds.spec?.selector));
  w.line(0, 'Node-Selector:', formatLabels(ds.spec?.template?.spec?.nodeSelector));
  writeLabelsAndAnnotations(w, ds);
  // kubectl writes these with a plain space, outside the tab alignment
  w.line(0, `Desired Number of Nodes Scheduled: ${status.desiredNumberScheduled ?? 0}`);
  w.line(0, `Current Number of Nodes Scheduled: ${status.currentNumberScheduled ?? 0}`);
  w.line(0, `Number of Nodes Scheduled with Up-to-date Pods: ${status.updatedNumberScheduled ?? 0}`);
  w.line(0, `Number of Nodes Scheduled with Available Pods: ${status.numberAvailable ?? 0}`);
  w.line(0, `Number of Nodes Misscheduled: ${status.numberMisscheduled ?? 0}`);
  w.line(0, 'Pods Status:', podsStatus(ds, pods));
  writePodTemplate(w, ds.spec?.template);
}
