// kubectl describe configmap: each key's value in full, binary keys by size.

import type { KubeObject } from '../../shared/api/object.js';
import { writeMeta } from './format.js';
import type { DescribeWriter } from './writer.js';

export function renderConfigMap(w: DescribeWriter, cm: KubeObject): void {
  writeMeta(w, cm, true);
  const data = (cm.data ?? {}) as Record<string, string>;
  const binary = (cm.binaryData ?? {}) as Record<string, string>;
  w.raw('\nData\n====\n');
  for (const k of Object.keys(data).sort()) w.raw(`${k}:\n----\n${data[k]}\n\n`);
  w.raw('\nBinaryData\n====\n');
  for (const k of Object.keys(binary).sort()) w.raw(`${k}: ${Buffer.from(binary[k], 'base64').length} bytes\n`);
  w.raw('\n');
}
