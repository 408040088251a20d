// Endpoints rows: printEndpoints and formatEndpoints in
// k8s.io/kubernetes/pkg/printers/internalversion/printers.go.

import type { KubeObject } from '../../../../shared/api/object.js';
import { ageColumn, column, nameColumn } from '../columns.js';
import { translateTimestampSince } from '../../../../shared/duration.js';
import { joinHostPort, list } from '../format.js';
import type { PrintedRow, Printer } from '../printer.js';

const MAX_SHOWN = 3;

interface Subset {
  addresses?: Array<{ ip: string }>;
  ports?: Array<{ port: number }>;
}

/** `10.42.0.5:80,10.42.1.3:80 + 1 more...`; subsets without ports list bare IPs. */
export function formatEndpoints(subsets: Subset[]): string {
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let count = 0;
  let more = false;
  const add = (entry: string) => {
    if (shown.length === MAX_SHOWN) more = true;
    else shown.push(entry);
  };
  for (const ss of subsets) {
    const addresses = list<{ ip: string }>(ss.addresses);
    const ports = list<{ port: number }>(ss.ports);
    if (ports.length === 0) {
      // headless services may have no ports
      count += addresses.length;
      for (const a of addresses) add(a.ip);
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const a of addresses) add(joinHostPort(a.ip, p.port));
    }
  }
  const text = shown.join(',');
  return more ? `${text} + ${count - MAX_SHOWN} more...` : text;
}

function printEndpoints(ep: KubeObject, now: Date): PrintedRow {
  return {
    cells: [
      ep.metadata.name ?? '',
      formatEndpoints(list<Subset>(ep.subsets)),
      translateTimestampSince(ep.metadata.creationTimestamp, now),
    ],
  };
}

export const endpointsPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
    ageColumn(),
  ],
  print: printEndpoints,
};
