// DaemonSet rows: printDaemonSet in k8s.io/kubernetes/pkg/printers/internalversion/printers.go.

import type { KubeObject } from '../../../../shared/api/object.js';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn } from '../columns.js';
import { translateTimestampSince } from '../../../../shared/duration.js';
import { formatLabelSelector, formatLabels, int, layoutContainerCells } from '../format.js';
import type { PrintedRow, Printer } from '../printer.js';

function printDaemonSet(ds: KubeObject, now: Date): PrintedRow {
  const spec = ds.spec ?? {};
  const status = ds.status ?? {};
  const [names, images] = layoutContainerCells(spec.template?.spec?.containers);
  return {
    cells: [
      ds.metadata.name ?? '',
      int(status.desiredNumberScheduled),
      int(status.currentNumberScheduled),
      int(status.numberReady),
      int(status.updatedNumberScheduled),
      int(status.numberAvailable),
      formatLabels(spec.template?.spec?.nodeSelector),
      translateTimestampSince(ds.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(spec.selector),
    ],
  };
}

export const daemonSetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
    column('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    column('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    column('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
    column('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node."),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', 'A label query over pods that are managed by the daemon set.', { priority: 1 }),
  ],
  print: printDaemonSet,
};
