// Text rendering of a Table the way kubectl prints one (kubectl's
// printers/tableprinter.go through a tabwriter), for edgectl.

import type { Table } from './types.js';

export interface RenderOptions {
  /** `-o wide`: include priority>0 columns. */
  wide?: boolean;
  noHeaders?: boolean;
  /** `--all-namespaces`: prepend NAMESPACE, read from each row's object metadata. */
  withNamespace?: boolean;
}

// kubectl's tabwriter settings: minwidth 6, padding 3.
const MIN_WIDTH = 6;
const PADDING = 3;

/** A cell as kubectl prints it: strings up to the first line break (then `...`), others via fmt.Sprint. */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const brk = cell.search(/[\f\n\r]/);
    return brk >= 0 ? `${cell.slice(0, brk)}...` : cell;
  }
  if (typeof cell === 'object') return JSON.stringify(cell);
  return String(cell);
}

const width = (s: string): number => [...s].length;

/** The table as lines of aligned columns, with a trailing newline per line. */
export function renderTable(table: Table, opts: RenderOptions = {}): string {
  const shown = table.columnDefinitions
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => opts.wide || c.priority === 0);
  const lines: string[][] = [];
  if (!opts.noHeaders) {
    const header = shown.map(({ c }) => c.name.toUpperCase());
    lines.push(opts.withNamespace ? ['NAMESPACE', ...header] : header);
  }
  for (const row of table.rows) {
    const cells = shown.map(({ i }) => cellText(row.cells[i]));
    if (opts.withNamespace) {
      const meta = (row.object as { metadata?: { namespace?: string } } | undefined)?.metadata;
      cells.unshift(meta?.namespace ?? '');
    }
    lines.push(cells);
  }
  if (lines.length === 0) return '';
  const columns = Math.max(...lines.map((l) => l.length));
  const widths: number[] = [];
  for (let col = 0; col < columns - 1; col++) {
    widths[col] = Math.max(MIN_WIDTH, ...lines.map((l) => width(l[col] ?? '') + PADDING));
  }
  // The last column is not tab-terminated, so the tabwriter does not pad it.
  return lines
    .map((l) => l.map((cell, col) => (col < l.length - 1 ? cell + ' '.repeat(widths[col]! - width(cell)) : cell)).join(''))
    .map((line) => `${line}\n`)
    .join('');
}
