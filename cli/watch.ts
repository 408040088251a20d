// `get -w`: list, then watch from the list's resourceVersion and print each
// change as it arrives. Like client-go's reflector, a watch the server ends is
// resumed from the last resourceVersion seen, and a 410 Expired (the revision
// was compacted away) is answered by listing again and printing what changed.

import type { KindInfo } from '../shared/api/kinds.js';
import type { KubeObject, Status } from '../shared/api/object.js';
import type { ApiClient, Query } from './client.js';
import { ObjectPrinter, type OutputFormat } from './output.js';
import { resourcePath } from './paths.js';
import { ApiStatusError } from './status.js';
import { asTable, isTable, TABLE_ACCEPT, TablePrinter, type PrinterOptions, type TableColumn, type TableRow } from './table.js';

export interface WatchRequest {
  client: ApiClient;
  kind: KindInfo;
  /** undefined: all namespaces */
  namespace: string | undefined;
  /** watch one object */
  name?: string;
  query: Query;
  format: OutputFormat;
  table: PrinterOptions;
  watchOnly: boolean;
  out: (s: string) => void;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'ERROR' | 'BOOKMARK';
  object: unknown;
}

/** An item of a list or event: a table row or an object, with what identifies its version. */
interface Item {
  key: string;
  resourceVersion?: string;
  row?: TableRow;
  object?: KubeObject;
}

/** How long to wait before re-watching after a watch that ended without events, so a closing server is not hammered. */
const RESUME_DELAY_MS = 1000;

export async function watchResources(req: WatchRequest): Promise<void> {
  const tableMode = req.format === 'table' || req.format === 'wide';
  const path = resourcePath(req.kind, req.namespace);
  const fieldSelector = [req.query.fieldSelector, req.name ? `metadata.name=${req.name}` : undefined].filter(Boolean).join(',');
  const query: Query = { ...req.query, fieldSelector: fieldSelector || undefined };
  const accept = tableMode ? TABLE_ACCEPT : 'application/json';
  const tablePrinter = new TablePrinter(req.out, req.table);
  const objectPrinter = tableMode ? undefined : new ObjectPrinter(req.format as 'json' | 'yaml' | 'name', req.out);
  let columns: TableColumn[] | undefined;
  /** last printed resourceVersion per object, to print only real changes after a relist */
  const seen = new Map<string, string | undefined>();

  const print = (items: Item[]) => {
    for (const item of items) seen.set(item.key, item.resourceVersion);
    if (tableMode) {
      const rows = items.flatMap((i) => (i.row ? [i.row] : []));
      if (columns && rows.length > 0) tablePrinter.print(columns, rows);
    } else {
      for (const i of items) if (i.object) objectPrinter!.print(i.object, req.kind);
    }
  };

  const list = async (): Promise<{ items: Item[]; resourceVersion?: string }> => {
    const res = await req.client.get(path, query, accept);
    if (tableMode) {
      const table = asTable(res);
      if (table.columnDefinitions?.length) columns ??= table.columnDefinitions;
      return { items: (table.rows ?? []).map(rowItem), resourceVersion: table.metadata?.resourceVersion };
    }
    return { items: ((res.items ?? []) as KubeObject[]).map(objectItem), resourceVersion: res.metadata?.resourceVersion };
  };

  const first = await list();
  let resourceVersion = first.resourceVersion;
  if (req.watchOnly) for (const i of first.items) seen.set(i.key, i.resourceVersion);
  else print(first.items);

  for (;;) {
    const stream = await req.client.stream(path, { ...query, watch: 'true', resourceVersion }, accept);
    let events = 0;
    let expired = false;
    try {
      for await (const value of stream.values) {
        events++;
        const ev = value as WatchEvent;
        if (ev.type === 'ERROR') {
          const status = ev.object as Status;
          if (status?.code === 410) {
            expired = true;
            break;
          }
          throw new ApiStatusError(status);
        }
        const items = eventItems(ev.object, tableMode, (c) => (columns ??= c));
        const rv = items.at(-1)?.resourceVersion ?? (ev.object as KubeObject)?.metadata?.resourceVersion;
        if (rv) resourceVersion = rv;
        if (ev.type !== 'BOOKMARK') print(items);
      }
    } finally {
      stream.close();
    }
    if (expired) {
      // the history we would resume from is gone: list again, print what differs from what we showed
      const relisted = await list();
      resourceVersion = relisted.resourceVersion;
      print(relisted.items.filter((i) => !seen.has(i.key) || seen.get(i.key) !== i.resourceVersion));
    } else if (events === 0) {
      await new Promise((r) => setTimeout(r, RESUME_DELAY_MS));
    }
  }
}

function rowItem(row: TableRow): Item {
  const m = row.object?.metadata;
  return { key: m?.uid ?? `${m?.namespace ?? ''}/${m?.name ?? String(row.cells[0])}`, resourceVersion: m?.resourceVersion, row };
}

function objectItem(object: KubeObject): Item {
  const m = object.metadata ?? {};
  return { key: m.uid ?? `${m.namespace ?? ''}/${m.name}`, resourceVersion: m.resourceVersion, object };
}

/** The object of a watch event: a Table (one row per object; the first may carry the columns) or a plain object. */
function eventItems(object: unknown, tableMode: boolean, setColumns: (c: TableColumn[]) => void): Item[] {
  if (tableMode) {
    const table = isTable(object) ? object : asTable(object);
    if (table.columnDefinitions?.length) setColumns(table.columnDefinitions);
    const items = (table.rows ?? []).map(rowItem);
    const rv = table.metadata?.resourceVersion;
    if (rv && items.length > 0 && !items.at(-1)!.resourceVersion) items.at(-1)!.resourceVersion = rv;
    return items;
  }
  return [objectItem(object as KubeObject)];
}
