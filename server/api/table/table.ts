// Server-side printing: the Table kube-apiserver returns for
// `Accept: application/json;as=Table;g=meta.k8s.io;v=v1`.

import type { KubeObject } from '../../../shared/api/object.js';
import { defaultTable } from './default-table.js';
import { printerFor } from './printers/index.js';
import { rowObject } from './row-object.js';
import type { Table, TableOptions, TableRow } from './types.js';

/**
 * The Table for `objects` of one kind (the kind name, e.g. `Pod`). Every row has
 * a cell per column including the -o wide (priority 1) ones, like the apiserver;
 * kubectl hides those unless asked. Kinds without a printer get defaultTable.
 * The caller fills metadata.resourceVersion (and continue) from the list.
 */
export function tableFor(kind: string, objects: readonly KubeObject[], opts: TableOptions = {}): Table {
  const printer = printerFor(kind);
  if (!printer) return defaultTable(objects, opts);
  const now = opts.now ?? new Date();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    // metav1.TableOptions.noHeaders leaves the column definitions out.
    columnDefinitions: opts.noHeaders ? [] : printer.columns.map((c) => ({ ...c })),
    rows: objects.map((obj): TableRow => {
      const printed = printer.print(obj, now);
      const object = rowObject(obj, opts.includeObject);
      return {
        cells: printed.cells,
        ...(printed.conditions ? { conditions: printed.conditions } : {}),
        ...(object ? { object } : {}),
      };
    }),
  };
}
