// Namespace rows: printNamespace in k8s.io/kubernetes/pkg/printers/internalversion/printers.go.

import type { KubeObject } from '../../../../shared/api/object.js';
import { ageColumn, column, nameColumn } from '../columns.js';
import { translateTimestampSince } from '../../../../shared/duration.js';
import type { PrintedRow, Printer } from '../printer.js';

function printNamespace(ns: KubeObject, now: Date): PrintedRow {
  // Kubernetes defaults status.phase to Active and sets Terminating on delete.
  const phase = ns.status?.phase || (ns.metadata.deletionTimestamp ? 'Terminating' : 'Active');
  return { cells: [ns.metadata.name ?? '', phase, translateTimestampSince(ns.metadata.creationTimestamp, now)] };
}

export const namespacePrinter: Printer = {
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  print: printNamespace,
};
