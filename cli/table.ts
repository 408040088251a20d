// Printing server-side `Table` objects (meta.k8s.io/v1) the way kubectl's
// table printer does: upper-cased headers, priority>0 columns only with -o wide,
// NAMESPACE first with -A, LABELS last with --show-labels, `kind/name` when
// several kinds are printed, all aligned by the tabwriter.

import { ageSince } from './duration.js';
import { TabWriter, TABLE_TABWRITER } from './tabwriter.js';

export interface TableColumn {
  name: string;
  type?: string;
  format?: string;
  description?: string;
  priority?: number;
}

export interface TableRow {
  cells: unknown[];
  object?: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; resourceVersion?: string; uid?: string } };
}

export interface Table {
  kind: 'Table';
  apiVersion?: string;
  metadata?: { resourceVersion?: string };
  columnDefinitions?: TableColumn[];
  rows?: TableRow[] | null;
}

export interface TableOptions {
  wide: boolean;
  withNamespace: boolean;
  showLabels: boolean;
  /** `deployment.apps`: print the first column as `deployment.apps/web` */
  kindPrefix?: string;
}

export function isTable(v: unknown): v is Table {
  return !!v && typeof v === 'object' && (v as { kind?: unknown }).kind === 'Table';
}

/** The indexes of the columns shown; wide shows all. */
function visibleColumns(columns: TableColumn[], wide: boolean): number[] {
  return columns.flatMap((c, i) => (wide || !c.priority ? [i] : []));
}

export function headerCells(columns: TableColumn[], opts: TableOptions): string[] {
  const cells = visibleColumns(columns, opts.wide).map((i) => columns[i].name.toUpperCase());
  if (opts.withNamespace) cells.unshift('NAMESPACE');
  if (opts.showLabels) cells.push('LABELS');
  return cells;
}

export function rowCells(columns: TableColumn[], row: TableRow, opts: TableOptions): string[] {
  const visible = visibleColumns(columns, opts.wide);
  const cells = visible.map((i, n) => {
    const text = cellText(row.cells[i]);
    return n === 0 && opts.kindPrefix ? `${opts.kindPrefix}/${text}` : text;
  });
  if (opts.withNamespace) cells.unshift(row.object?.metadata?.namespace ?? '');
  if (opts.showLabels) cells.push(formatLabels(row.object?.metadata?.labels));
  return cells;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '<none>';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // a tab or newline inside a cell would break the alignment of every row
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\t' || c === '\n' ? ' ' : '?'));
}

/** labels.FormatLabels: sorted `k=v,k2=v2`, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}

export type PrinterOptions = TableOptions & { noHeaders: boolean };

/**
 * Prints one table incrementally: header once, then rows as they come (for
 * watch), keeping column widths from earlier rows.
 */
export class TablePrinter {
  private readonly tw = new TabWriter(TABLE_TABWRITER);
  private headerPrinted: boolean;

  constructor(
    private readonly out: (s: string) => void,
    private readonly opts: PrinterOptions,
  ) {
    this.headerPrinted = opts.noHeaders;
  }

  print(columns: TableColumn[], rows: TableRow[]): void {
    if (!this.headerPrinted) {
      this.tw.write(headerCells(columns, this.opts).join('\t') + '\n');
      this.headerPrinted = true;
    }
    for (const row of rows) this.tw.write(rowCells(columns, row, this.opts).join('\t') + '\n');
    const text = this.tw.flush();
    if (text) this.out(text);
  }
}

/** What kubectl sends to get server-side printed tables, with plain JSON as the fallback. */
export const TABLE_ACCEPT = 'application/json;as=Table;g=meta.k8s.io;v=v1,application/json';

interface ObjectLike {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; creationTimestamp?: string; resourceVersion?: string };
}

/**
 * A NAME/AGE table made on the client, for a server that answers the Table
 * request with plain JSON (kubectl's default printer does the same).
 */
export function objectsToTable(objects: ObjectLike[], now = Date.now()): Table {
  return {
    kind: 'Table',
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'Age', type: 'string' },
    ],
    rows: objects.map((o) => ({ cells: [o.metadata?.name ?? '', ageSince(o.metadata?.creationTimestamp, now)], object: o })),
  };
}

/** A server response (Table, List or single object) as a Table. */
export function asTable(response: unknown): Table {
  if (isTable(response)) return response;
  const r = response as { items?: ObjectLike[] };
  const t = objectsToTable(Array.isArray(r?.items) ? r.items : [response as ObjectLike]);
  t.metadata = { resourceVersion: (response as ObjectLike)?.metadata?.resourceVersion };
  return t;
}
