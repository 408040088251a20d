// ReplicaSet rows: printReplicaSet in k8s.io/kubernetes/pkg/printers/internalversion/printers.go.

import type { KubeObject } from '../../../../shared/api/object.js';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn } from '../columns.js';
import { translateTimestampSince } from '../../../../shared/duration.js';
import { formatLabelSelector, int, layoutContainerCells } from '../format.js';
import type { PrintedRow, Printer } from '../printer.js';

function printReplicaSet(rs: KubeObject, now: Date): PrintedRow {
  const spec = rs.spec ?? {};
  const status = rs.status ?? {};
  const [names, images] = layoutContainerCells(spec.template?.spec?.containers);
  return {
    cells: [
      rs.metadata.name ?? '',
      typeof spec.replicas === 'number' ? spec.replicas : 1, // defaulted to 1 in Kubernetes
      int(status.replicas),
      int(status.readyReplicas),
      translateTimestampSince(rs.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(spec.selector),
    ],
  };
}

export const replicaSetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', 'Replicas is the number of desired pods.'),
    column('Current', 'integer', 'Replicas is the most recently observed number of non-terminating pods.'),
    column('Ready', 'integer', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', { priority: 1 }),
  ],
  print: printReplicaSet,
};
