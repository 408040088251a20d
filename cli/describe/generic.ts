// The describer for kinds without a specific one (kubectl's generic describer
// for custom resources): the whole object as indented, labelled key/values.

import type { KubeObject } from '../../shared/api/object.js';
import { isObject } from '../merge-patch.js';
import { writeMeta } from './format.js';
import type { DescribeWriter } from './writer.js';

/** Shown by writeMeta already, or noise. */
const SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);
const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID', 'IP', 'CIDR', 'TLS', 'DNS']);

/** kubectl's smartLabelFor: `creationTimestamp` → `Creation Timestamp`; keys like `app.kubernetes.io/name` stay as they are. */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  const parts = field.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|-/g) ?? [field];
  return parts.map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1))).join(' ');
}

function writeContent(w: DescribeWriter, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const path = `${prefix}.${field}`;
    if (SKIP.has(path)) continue;
    const value = content[field];
    if (isObject(value)) {
      w.line(level, `${smartLabel(field)}:`);
      writeContent(w, level + 1, value, path);
    } else if (Array.isArray(value)) {
      w.line(level, `${smartLabel(field)}:`);
      for (const child of value) {
        if (isObject(child)) writeContent(w, level + 1, child, path);
        else w.line(level + 1, String(child));
      }
    } else {
      w.line(level, `${smartLabel(field)}:`, String(value));
    }
  }
}

export function renderGeneric(w: DescribeWriter, obj: KubeObject, namespaced: boolean): void {
  writeMeta(w, obj, namespaced);
  writeContent(w, 0, obj as unknown as Record<string, unknown>, '');
}
