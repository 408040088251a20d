// Server-side printing (meta.k8s.io/v1 Table) for kubectl and edgectl.

export { tableFor } from './table.js';
export { defaultTable, formatRFC3339 } from './default-table.js';
export { humanDuration, translateTimestampSince } from '../../../shared/duration.js';
export { renderTable, cellText, type RenderOptions } from './render.js';
export { PRINTERS, printerFor } from './printers/index.js';
export type { Printer, PrintedRow } from './printer.js';
export type {
  IncludeObjectPolicy,
  PartialObjectMetadata,
  Table,
  TableColumnDefinition,
  TableOptions,
  TableRow,
  TableRowCondition,
} from './types.js';
