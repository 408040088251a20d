// A port of Go's text/tabwriter (left-aligned, space padding), which is what
// gives kubectl's tables and describe output their exact alignment. Cells are
// tab-terminated; the last cell of a line is never padded; a column's width is
// decided per block of consecutive lines that have a cell in that column.

export interface TabWriterOptions {
  /** minimal cell width including padding */
  minWidth: number;
  padding: number;
  /**
   * Never shrink a column below a width it had in an earlier flush (kubectl's
   * tabwriter fork), so rows printed one by one under `get -w` stay aligned
   * with the header.
   */
  rememberWidths?: boolean;
}

/** kubectl get: printers.GetNewTabWriter */
export const TABLE_TABWRITER: TabWriterOptions = { minWidth: 6, padding: 3, rememberWidths: true };
/** kubectl describe: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0) */
export const DESCRIBE_TABWRITER: TabWriterOptions = { minWidth: 0, padding: 2 };

export class TabWriter {
  private lines: string[][] = [];
  private partial = '';
  private remembered: number[] = [];

  constructor(private readonly opts: TabWriterOptions) {}

  write(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop()!;
    for (const line of parts) this.lines.push(line.split('\t'));
  }

  /** Formats everything written so far and returns it. */
  flush(): string {
    if (this.partial !== '') {
      this.lines.push(this.partial.split('\t'));
      this.partial = '';
    }
    const out: string[] = [];
    const widths: number[] = [];
    const lines = this.lines;
    this.lines = [];

    const writeLines = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const line = lines[i];
        let s = '';
        line.forEach((cell, j) => {
          s += cell;
          if (j < widths.length) s += ' '.repeat(Math.max(0, widths[j] - runeLength(cell)));
        });
        out.push(s + '\n');
      }
    };

    const format = (line0: number, line1: number) => {
      const column = widths.length;
      for (let th = line0; th < line1; th++) {
        if (column >= lines[th].length - 1) continue;
        // a block of lines that all have a cell in this column starts here
        writeLines(line0, th);
        line0 = th;
        let width = this.opts.minWidth;
        for (; th < line1; th++) {
          const line = lines[th];
          if (column >= line.length - 1) break;
          width = Math.max(width, runeLength(line[column]) + this.opts.padding);
        }
        if (this.opts.rememberWidths) {
          width = Math.max(width, this.remembered[column] ?? 0);
          this.remembered[column] = width;
        }
        widths.push(width);
        format(line0, th);
        widths.pop();
        line0 = th;
      }
      writeLines(line0, line1);
    };

    format(0, lines.length);
    return out.join('');
  }
}

/** Go's tabwriter measures cells in runes (code points), not UTF-16 units. */
function runeLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
