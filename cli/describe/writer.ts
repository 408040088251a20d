// kubectl describe's PrefixWriter: lines at an indentation level (two spaces
// each), cells separated by tabs and aligned by a tabwriter with padding 2.

import { DESCRIBE_TABWRITER, TabWriter } from '../tabwriter.js';

export class DescribeWriter {
  private readonly tw = new TabWriter(DESCRIBE_TABWRITER);

  /** One line: `line(1, 'Image:', 'nginx')` → `  Image:<tab>nginx`. */
  line(level: number, ...cells: Array<string | number | boolean>): void {
    this.tw.write('  '.repeat(level) + cells.map(String).join('\t') + '\n');
  }

  /** Raw text, for the multi-line label/annotation blocks that continue a cell. */
  raw(text: string): void {
    this.tw.write(text);
  }

  text(): string {
    return this.tw.flush();
  }
}
