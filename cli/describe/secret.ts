// kubectl describe secret: sizes only, never the values (except a service
// account token, which kubectl also prints).

import type { KubeObject } from '../../shared/api/object.js';
import { writeMeta } from './format.js';
import type { DescribeWriter } from './writer.js';

export function renderSecret(w: DescribeWriter, secret: KubeObject): void {
  writeMeta(w, secret, true);
  const data = (secret.data ?? {}) as Record<string, string>;
  w.raw(`\nType:\t${secret.type ?? ''}\n`);
  w.raw('\nData\n====\n');
  for (const k of Object.keys(data).sort()) {
    const bytes = Buffer.from(data[k], 'base64');
    if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') w.line(0, `${k}:`, bytes.toString('utf8'));
    else w.line(0, `${k}:`, `${bytes.length} bytes`);
  }
}
