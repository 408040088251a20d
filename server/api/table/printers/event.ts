// core/v1 Event rows: printEvent and formatEventSource in
// k8s.io/kubernetes/pkg/printers/internalversion/printers.go — the columns of
// `kubectl get events` (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE; more with -o wide).

import type { KubeObject } from '../../../../shared/api/object.js';
import { column, nameColumn } from '../columns.js';
import { timestampMs, translateTimestampSince } from '../../../../shared/duration.js';
import type { PrintedRow, Printer } from '../printer.js';

/** `component, host`, falling back to reportingComponent / reportingInstance. */
export function formatEventSource(ev: KubeObject): string {
  const source = (ev.source ?? {}) as { component?: string; host?: string };
  const component = source.component || (ev.reportingComponent as string | undefined) || '';
  const instance = source.host || (ev.reportingInstance as string | undefined) || '';
  return instance ? `${component}, ${instance}` : component;
}

function printEvent(ev: KubeObject, now: Date): PrintedRow {
  const involved = (ev.involvedObject ?? {}) as { kind?: string; name?: string; fieldPath?: string };
  const series = ev.series as { count?: number; lastObservedTime?: string } | undefined;

  // Events from the events.k8s.io API have eventTime instead of firstTimestamp.
  let first = translateTimestampSince(ev.firstTimestamp as string | undefined, now);
  if (timestampMs(ev.firstTimestamp as string | undefined) === undefined) {
    first = translateTimestampSince(ev.eventTime as string | undefined, now);
  }
  let last =
    timestampMs(ev.lastTimestamp as string | undefined) === undefined
      ? first
      : translateTimestampSince(ev.lastTimestamp as string, now);
  let count = typeof ev.count === 'number' ? ev.count : 0;
  if (series) {
    last = translateTimestampSince(series.lastObservedTime, now);
    count = series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events of the new API carry no count
  }

  const kind = (involved.kind ?? '').toLowerCase();
  const target = involved.name ? `${kind}/${involved.name}` : kind;
  return {
    cells: [
      last,
      (ev.type as string | undefined) ?? '',
      (ev.reason as string | undefined) ?? '',
      target,
      involved.fieldPath ?? '',
      formatEventSource(ev),
      ((ev.message as string | undefined) ?? '').trim(),
      first,
      count,
      ev.metadata.name ?? '',
    ],
  };
}

export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    column('Object', 'string', 'The object that this event is about.'),
    column('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.', { priority: 1 }),
    column('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', { priority: 1 }),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', { priority: 1 }),
    column('Count', 'string', 'The number of times this event has occurred.', { priority: 1 }),
    { ...nameColumn(), priority: 1 },
  ],
  print: printEvent,
};
