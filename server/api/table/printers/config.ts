// ConfigMap and Secret rows: printConfigMap and printSecret in
// k8s.io/kubernetes/pkg/printers/internalversion/printers.go.

import type { KubeObject } from '../../../../shared/api/object.js';
import { ageColumn, column, nameColumn } from '../columns.js';
import { translateTimestampSince } from '../../../../shared/duration.js';
import type { PrintedRow, Printer } from '../printer.js';

const size = (v: unknown): number => (typeof v === 'object' && v !== null ? Object.keys(v).length : 0);

function printConfigMap(cm: KubeObject, now: Date): PrintedRow {
  return {
    cells: [cm.metadata.name ?? '', size(cm.data) + size(cm.binaryData), translateTimestampSince(cm.metadata.creationTimestamp, now)],
  };
}

function printSecret(secret: KubeObject, now: Date): PrintedRow {
  // type defaults to Opaque in Kubernetes.
  const type = typeof secret.type === 'string' && secret.type ? secret.type : 'Opaque';
  return {
    cells: [secret.metadata.name ?? '', type, size(secret.data), translateTimestampSince(secret.metadata.creationTimestamp, now)],
  };
}

export const configMapPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Data', 'string', 'Data contains the configuration data.'),
    ageColumn(),
  ],
  print: printConfigMap,
};

export const secretPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'string', 'Data contains the secret data.'),
    ageColumn(),
  ],
  print: printSecret,
};
