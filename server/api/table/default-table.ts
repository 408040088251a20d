// The table of kinds without a printer: kube-apiserver's default table
// convertor (apiserver/pkg/registry/rest/table.go) — Name and Created At.

import type { KubeObject } from '../../../shared/api/object.js';
import { CREATION_TIMESTAMP_DESCRIPTION, column, nameColumn } from './columns.js';
import { timestampMs } from '../../../shared/duration.js';
import { rowObject } from './row-object.js';
import type { Table, TableColumnDefinition, TableOptions } from './types.js';

/** Go's zero time.Time, which is what an unset creationTimestamp prints as. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** RFC 3339 in UTC without fractional seconds, as Go's time.RFC3339 layout prints. */
export function formatRFC3339(ts: string | undefined): string {
  const ms = timestampMs(ts);
  if (ms === undefined) return ZERO_TIME;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export const DEFAULT_COLUMNS: readonly TableColumnDefinition[] = [
  nameColumn(),
  column('Created At', 'date', CREATION_TIMESTAMP_DESCRIPTION),
];

export function defaultTable(objects: readonly KubeObject[], opts: TableOptions = {}): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: opts.noHeaders ? [] : DEFAULT_COLUMNS.map((c) => ({ ...c })),
    rows: objects.map((obj) => {
      const object = rowObject(obj, opts.includeObject);
      return {
        cells: [obj.metadata?.name ?? '', formatRFC3339(obj.metadata?.creationTimestamp)],
        ...(object ? { object } : {}),
      };
    }),
  };
}
