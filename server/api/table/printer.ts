// A printer turns one object into one table row, for one kind. The column
// definitions always include the -o wide ones: kube-apiserver generates tables
// with Wide set and lets kubectl drop priority>0 columns.

import type { KubeObject } from '../../../shared/api/object.js';
import type { TableColumnDefinition, TableRowCondition } from './types.js';

export interface PrintedRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
}

export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  print(obj: KubeObject, now: Date): PrintedRow;
}
