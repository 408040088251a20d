// `edgectl get`: server-side printed tables (as kubectl asks for them), or the
// objects as json/yaml/name; -w streams changes (cli/watch.ts).

import { Command } from 'commander';
import type { KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject, KubeList } from '../../shared/api/object.js';
import type { ApiClient, Query } from '../client.js';
import { AlreadyReported, CliError, errorLine } from '../errors.js';
import { asList, formatJson, formatName, formatYaml, parseOutputFormat, withTypeMeta, type OutputFormat } from '../output.js';
import { kindRef, resourcePath } from '../paths.js';
import { parseResourceArgs, type ResourceTarget } from '../resources.js';
import { openSession, type GlobalOptions } from '../session.js';
import { ApiStatusError } from '../status.js';
import { asTable, TABLE_ACCEPT, TablePrinter, type PrinterOptions, type TableColumn, type TableRow } from '../table.js';
import { watchResources } from '../watch.js';

interface GetOptions {
  output?: string;
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  watch?: boolean;
  watchOnly?: boolean;
  /** commander's --no-headers */
  headers: boolean;
  showLabels?: boolean;
}

export function getCommand(): Command {
  return new Command('get')
    .description('Display one or many resources')
    .argument('[resources...]', 'TYPE[,TYPE...] [NAME...] or TYPE/NAME...')
    .option('-o, --output <format>', 'json|yaml|wide|name (default: a table)')
    .option('-l, --selector <selector>', 'label selector, e.g. app=web,tier!=db')
    .option('--field-selector <selector>', 'field selector, e.g. spec.nodeName=edge-1')
    .option('-A, --all-namespaces', 'list across all namespaces')
    .option('-w, --watch', 'after listing, watch for changes')
    .option('--watch-only', 'watch for changes without listing first')
    .option('--no-headers', 'omit the table header')
    .option('--show-labels', 'add a LABELS column')
    .action(async (args: string[], opts: GetOptions, cmd: Command) => {
      if (args.length === 0) {
        throw new CliError('you must specify the type of resource to get, e.g. `edgectl get pods` (see `edgectl api-resources`)');
      }
      const session = openSession(cmd.optsWithGlobals<GlobalOptions>());
      const targets = parseResourceArgs(args, 'get');
      const format = parseOutputFormat(opts.output);
      if (opts.selector && targets.some((t) => t.names.length > 0)) throw new CliError('name cannot be provided when a selector is specified');
      const namespace = opts.allNamespaces ? undefined : session.namespace;
      const query: Query = { labelSelector: opts.selector, fieldSelector: opts.fieldSelector };
      const out = (s: string) => process.stdout.write(s);
      const tableOptions = (kind: KindInfo, kindPrefix?: string): PrinterOptions => ({
        wide: format === 'wide',
        withNamespace: !namespace && kind.namespaced,
        showLabels: !!opts.showLabels,
        noHeaders: !opts.headers,
        kindPrefix,
      });

      if (opts.watch || opts.watchOnly) {
        const count = targets.reduce((n, t) => n + Math.max(1, t.names.length), 0);
        if (count !== 1) throw new CliError(`watch is only supported on individual resources and resource collections, but ${count} resources were requested`);
        const [target] = targets;
        return watchResources({
          client: session.client,
          kind: target.kind,
          namespace,
          name: target.names[0],
          query,
          format,
          table: tableOptions(target.kind),
          watchOnly: !!opts.watchOnly,
          out,
        });
      }

      const errors: string[] = [];
      const printed =
        format === 'table' || format === 'wide'
          ? await printTables(session.client, targets, namespace, query, tableOptions, errors, out)
          : await printObjects(session.client, targets, namespace, query, format, errors, out);
      for (const e of errors) process.stderr.write(errorLine(e) + '\n');
      if (errors.length > 0) throw new AlreadyReported(errors.length);
      if (!printed && (format === 'table' || format === 'wide')) {
        const namespaced = !!namespace && targets.every((t) => t.kind.namespaced);
        process.stderr.write(namespaced ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
      }
    });
}

/**
 * GETs one target: each named object, or the (selected) collection. NotFound
 * and other API errors for single names go to `errors`, so the found ones still print.
 */
async function fetchTarget<T>(
  client: ApiClient,
  target: ResourceTarget,
  namespace: string | undefined,
  query: Query,
  accept: string,
  errors: string[],
): Promise<T[]> {
  const { kind, names } = target;
  if (names.length === 0) return [await client.get<T>(resourcePath(kind, namespace), query, accept)];
  if (kind.namespaced && !namespace) throw new CliError('a resource cannot be retrieved by name across all namespaces');
  const found: T[] = [];
  for (const name of names) {
    try {
      found.push(await client.get<T>(resourcePath(kind, namespace, name), undefined, accept));
    } catch (err) {
      if (!(err instanceof ApiStatusError)) throw err;
      errors.push(err.message);
    }
  }
  return found;
}

async function printTables(
  client: ApiClient,
  targets: ResourceTarget[],
  namespace: string | undefined,
  query: Query,
  tableOptions: (kind: KindInfo, kindPrefix?: string) => PrinterOptions,
  errors: string[],
  out: (s: string) => void,
): Promise<boolean> {
  let printed = false;
  for (const target of targets) {
    const tables = (await fetchTarget<unknown>(client, target, namespace, query, TABLE_ACCEPT, errors)).map(asTable);
    const rows: TableRow[] = tables.flatMap((t) => t.rows ?? []);
    const columns: TableColumn[] | undefined = tables.find((t) => t.columnDefinitions?.length)?.columnDefinitions;
    if (rows.length === 0 || !columns) continue;
    // kubectl separates the tables of several kinds by an empty line
    if (printed) out('\n');
    new TablePrinter(out, tableOptions(target.kind, targets.length > 1 ? kindRef(target.kind) : undefined)).print(columns, rows);
    printed = true;
  }
  return printed;
}

async function printObjects(
  client: ApiClient,
  targets: ResourceTarget[],
  namespace: string | undefined,
  query: Query,
  format: OutputFormat,
  errors: string[],
  out: (s: string) => void,
): Promise<boolean> {
  const objects: Array<{ obj: KubeObject; kind: KindInfo }> = [];
  for (const target of targets) {
    const responses = await fetchTarget<KubeObject | KubeList>(client, target, namespace, query, 'application/json', errors);
    for (const r of responses) {
      const items = target.names.length === 0 ? (r as KubeList).items ?? [] : [r as KubeObject];
      for (const obj of items) objects.push({ obj: withTypeMeta(obj, target.kind), kind: target.kind });
    }
  }
  if (format === 'name') {
    for (const { obj, kind } of objects) out(formatName(obj, kind));
    return objects.length > 0;
  }
  if (objects.length === 0 && errors.length > 0) return false;
  // one name asked for: the object itself, otherwise a List, as kubectl does
  const single = targets.length === 1 && targets[0].names.length === 1 && objects.length === 1;
  const doc = single ? objects[0].obj : asList(objects.map((o) => o.obj));
  out(format === 'json' ? formatJson(doc) : formatYaml(doc));
  return true;
}
