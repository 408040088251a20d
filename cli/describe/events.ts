// The `Events:` section of describe: the Events whose involvedObject is the
// described object, oldest first, as kubectl's DescribeEvents prints them.

import { resolveKind, type KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client.js';
import { ageSince } from '../duration.js';
import { resourcePath } from '../paths.js';
import type { DescribeWriter } from './writer.js';

/** The field selector kubectl uses (SearchEvents); cluster-scoped objects' events may be in any namespace. */
export function eventSelector(obj: KubeObject, kind: KindInfo): { namespace?: string; fieldSelector: string } {
  const m = obj.metadata;
  const fields = [`involvedObject.name=${m.name}`];
  if (kind.namespaced) fields.push(`involvedObject.namespace=${m.namespace}`);
  else fields.push(`involvedObject.kind=${kind.kind}`);
  if (m.uid && kind.namespaced) fields.push(`involvedObject.uid=${m.uid}`);
  return { namespace: kind.namespaced ? m.namespace : undefined, fieldSelector: fields.join(',') };
}

export async function listEvents(client: ApiClient, obj: KubeObject, kind: KindInfo): Promise<KubeObject[]> {
  const { namespace, fieldSelector } = eventSelector(obj, kind);
  const list = await client.get(resourcePath(resolveKind('events')!, namespace), { fieldSelector });
  return (list?.items ?? []) as KubeObject[];
}

function lastSeen(e: any): string {
  return e.lastTimestamp ?? e.series?.lastObservedTime ?? e.eventTime ?? e.firstTimestamp ?? '';
}

/** `events` undefined: they could not be listed (not allowed, selector not supported), so no section. */
export function writeEvents(w: DescribeWriter, events: KubeObject[] | undefined, now: number): void {
  if (events === undefined) return;
  if (events.length === 0) return w.line(0, 'Events:', '<none>');
  const sorted = [...events].sort((a, b) => Date.parse(lastSeen(a)) - Date.parse(lastSeen(b)));
  w.line(0, 'Events:');
  w.line(1, 'Type', 'Reason', 'Age', 'From', 'Message');
  w.line(1, '----', '------', '----', '----', '-------');
  for (const ev of sorted) {
    const e = ev as any;
    const first = ageSince(e.firstTimestamp ?? e.eventTime, now);
    let age = first;
    if (e.series) age = `${ageSince(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
    else if ((e.count ?? 0) > 1) age = `${ageSince(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    const from = e.source?.component || e.reportingController || '';
    w.line(1, e.type ?? '', e.reason ?? '', age, from, String(e.message ?? '').trim());
  }
}
