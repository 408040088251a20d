// The non-table output formats of get (-o json|yaml|name), as kubectl prints
// them: keys sorted (kubectl prints decoded maps), JSON indented by 4 spaces,
// several objects wrapped in a `kind: List`.

import { apiVersionOf, type KindInfo } from '../shared/api/kinds.js';
import type { KubeObject } from '../shared/api/object.js';
import { toYaml } from '../shared/manifest.js';
import { CliError } from './errors.js';
import { sortKeys } from './merge-patch.js';
import { kindRef } from './paths.js';

export type OutputFormat = 'table' | 'wide' | 'name' | 'json' | 'yaml';
const FORMATS: readonly OutputFormat[] = ['json', 'name', 'wide', 'yaml'];

export function parseOutputFormat(v: string | undefined): OutputFormat {
  if (v === undefined || v === '') return 'table';
  if ((FORMATS as readonly string[]).includes(v)) return v as OutputFormat;
  throw new CliError(`unable to match a printer suitable for the output format "${v}", allowed formats are: ${FORMATS.join(',')}`);
}

/** List items come without apiVersion/kind; kubectl fills them in before printing. */
export function withTypeMeta(obj: KubeObject, kind: KindInfo): KubeObject {
  return { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(kind), kind: obj.kind ?? kind.kind };
}

export function asList(items: KubeObject[]): object {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

export function formatJson(obj: unknown): string {
  return JSON.stringify(sortKeys(obj), null, 4) + '\n';
}

export function formatYaml(obj: unknown): string {
  const text = toYaml(sortKeys(obj));
  return text.endsWith('\n') ? text : text + '\n';
}

export function formatName(obj: KubeObject, kind: KindInfo): string {
  return `${kindRef(kind)}/${obj.metadata?.name ?? ''}\n`;
}

/** Prints objects one at a time (watch), YAML documents separated by `---` like kubectl. */
export class ObjectPrinter {
  private count = 0;
  constructor(
    private readonly format: 'json' | 'yaml' | 'name',
    private readonly out: (s: string) => void,
  ) {}

  print(obj: KubeObject, kind: KindInfo): void {
    const o = withTypeMeta(obj, kind);
    if (this.format === 'name') this.out(formatName(o, kind));
    else if (this.format === 'json') this.out(formatJson(o));
    else this.out((this.count > 0 ? '---\n' : '') + formatYaml(o));
    this.count++;
  }
}
