// Deployment rows: printDeployment in k8s.io/kubernetes/pkg/printers/internalversion/printers.go.

import type { KubeObject } from '../../../../shared/api/object.js';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn } from '../columns.js';
import { translateTimestampSince } from '../../../../shared/duration.js';
import { int, labelSelectorString, layoutContainerCells } from '../format.js';
import type { PrintedRow, Printer } from '../printer.js';

function printDeployment(d: KubeObject, now: Date): PrintedRow {
  const spec = d.spec ?? {};
  const status = d.status ?? {};
  // spec.replicas defaults to 1 in Kubernetes.
  const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const [names, images] = layoutContainerCells(spec.template?.spec?.containers);
  return {
    cells: [
      d.metadata.name ?? '',
      `${int(status.readyReplicas)}/${desired}`,
      int(status.updatedReplicas),
      int(status.availableReplicas),
      translateTimestampSince(d.metadata.creationTimestamp, now),
      names,
      images,
      // printDeployment prints an empty selector as '' (not <none>).
      labelSelectorString(spec.selector) ?? '<invalid>',
    ],
  };
}

export const deploymentPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', { priority: 1 }),
  ],
  print: printDeployment,
};
