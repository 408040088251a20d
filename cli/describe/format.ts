// Formatting pieces every describer shares, following kubectl's describe.go.

import type { KubeObject } from '../../shared/api/object.js';
import { LAST_APPLIED_ANNOTATION } from '../merge-patch.js';
import type { DescribeWriter } from './writer.js';

const MAX_ANNOTATION_LEN = 140;

/** Go's time.RFC1123Z in local time (`Mon, 02 Jan 2006 15:04:05 -0700`), as describe prints timestamps. */
export function formatTime(ts: string | undefined | null): string {
  if (!ts) return '<unset>';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${days[d.getDay()]}, ${p2(d.getDate())} ${months[d.getMonth()]} ${d.getFullYear()} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${sign}${p2(Math.trunc(abs / 60))}${p2(abs % 60)}`;
}

/** `Labels:<tab>a=b` then `<tab>c=d` per further label, so all values align. */
export function writeLabels(w: DescribeWriter, level: number, title: string, labels: Record<string, string> | undefined): void {
  const indent = '  '.repeat(level);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return w.line(level, `${title}:`, '<none>');
  keys.forEach((k, i) => w.raw(`${i === 0 ? `${indent}${title}:` : indent}\t${k}=${labels![k]}\n`));
}

/** Annotations as kubectl prints them: long or multi-line values on their own lines, last-applied hidden. */
export function writeAnnotations(w: DescribeWriter, annotations: Record<string, string> | undefined): void {
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED_ANNOTATION)
    .sort();
  if (keys.length === 0) return w.line(0, 'Annotations:', '<none>');
  keys.forEach((k, i) => {
    const prefix = i === 0 ? 'Annotations:\t' : '\t';
    const value = annotations![k].replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.raw(`${prefix}${k}:\n`);
      for (const s of value.split('\n')) w.raw(`\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.raw(`${prefix}${k}: ${value}\n`);
    }
  });
}

function shorten(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '...' : s;
}

export function writeName(w: DescribeWriter, obj: KubeObject, namespaced: boolean): void {
  w.line(0, 'Name:', obj.metadata.name ?? '');
  if (namespaced) w.line(0, 'Namespace:', obj.metadata.namespace ?? '');
}

export function writeLabelsAndAnnotations(w: DescribeWriter, obj: KubeObject): void {
  writeLabels(w, 0, 'Labels', obj.metadata.labels);
  writeAnnotations(w, obj.metadata.annotations);
}

/** Name, Namespace (namespaced kinds), Labels, Annotations: the head of most describes. */
export function writeMeta(w: DescribeWriter, obj: KubeObject, namespaced: boolean): void {
  writeName(w, obj, namespaced);
  writeLabelsAndAnnotations(w, obj);
}

/** `Controlled By:  ReplicaSet/web-abc`, if the object has a controller. */
export function writeControlledBy(w: DescribeWriter, obj: KubeObject): void {
  const owner = obj.metadata.ownerReferences?.find((o) => o.controller);
  if (owner) w.line(0, 'Controlled By:', `${owner.kind}/${owner.name}`);
}

/** `a=b,c=d`, or `<none>` (labels.Set.String / metav1.FormatLabelSelector for matchLabels) */
export function formatSelector(sel: { matchLabels?: Record<string, string>; matchExpressions?: any[] } | Record<string, string> | undefined): string {
  if (!sel) return '<none>';
  const s = sel as { matchLabels?: Record<string, string>; matchExpressions?: any[] };
  const labels = 'matchLabels' in s || 'matchExpressions' in s ? s.matchLabels ?? {} : (sel as Record<string, string>);
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`);
  for (const e of s.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

/** kubectl prints booleans from status as True/False */
export function printBool(b: unknown): string {
  return b ? 'True' : 'False';
}

/** `Tolerations:<tab>key=value:Effect op=Exists for 300s`, one per line, at `level`. */
export function writeTolerations(w: DescribeWriter, level: number, tolerations: any[] | undefined): void {
  const indent = '  '.repeat(level);
  if (!tolerations?.length) return w.line(level, 'Tolerations:', '<none>');
  tolerations.forEach((t, i) => {
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    // a bare `operator: Exists` tolerates everything
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.raw(`${indent}${i === 0 ? 'Tolerations:' : ''}\t${s}\n`);
  });
}
