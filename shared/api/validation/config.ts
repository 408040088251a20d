// core/v1 ConfigMap and Secret (ValidateConfigMap, ValidateSecret).

import { invalid, key, required, tooLong } from '../fielderrors.js';
import { isConfigMapKey } from '../names.js';
import type { FieldError } from '../object.js';
import type { J } from './types.js';

/** Both are stored whole in etcd and mounted whole on nodes: 1 MiB each. */
export const MAX_SECRET_SIZE = 1024 * 1024;
export const MAX_CONFIG_MAP_SIZE = 1024 * 1024;

function base64Length(s: string): number {
  const clean = s.replace(/[\r\n]/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

function validateKeys(map: J, path: string, errs: FieldError[]): void {
  if (!map || typeof map !== 'object') return;
  for (const k of Object.keys(map)) for (const msg of isConfigMapKey(k)) errs.push(invalid(key(path, k), k, msg));
}

export function validateConfigMap(obj: J): FieldError[] {
  const errs: FieldError[] = [];
  const data: Record<string, string> = obj.data ?? {};
  const binary: Record<string, string> = obj.binaryData ?? {};
  let total = 0;
  validateKeys(data, 'data', errs);
  for (const [k, v] of Object.entries(data)) {
    total += Buffer.byteLength(v);
    if (Object.prototype.hasOwnProperty.call(binary, k)) errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
  }
  validateKeys(binary, 'binaryData', errs);
  for (const [k, v] of Object.entries(binary)) {
    total += base64Length(v);
    if (Object.prototype.hasOwnProperty.call(data, k)) errs.push(invalid(key('binaryData', k), k, 'duplicate of key present in data'));
  }
  if (total > MAX_CONFIG_MAP_SIZE) errs.push(tooLong('', MAX_CONFIG_MAP_SIZE));
  return errs;
}

/** Keys a typed Secret must carry (the kubelet and controllers read them by name). */
export function validateSecret(obj: J): FieldError[] {
  const errs: FieldError[] = [];
  const data: Record<string, string> = obj.data ?? {};
  const stringData: Record<string, string> = obj.stringData ?? {};
  validateKeys(data, 'data', errs);
  validateKeys(stringData, 'stringData', errs);
  let total = 0;
  for (const v of Object.values(data)) total += base64Length(v);
  for (const [k, v] of Object.entries(stringData)) if (!(k in data)) total += Buffer.byteLength(v);
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('data', MAX_SECRET_SIZE));
  // stringData is merged into data on write, so both count as present.
  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k) || Object.prototype.hasOwnProperty.call(stringData, k);
  const value = (k: string): string | undefined =>
    stringData[k] !== undefined ? stringData[k] : data[k] !== undefined ? Buffer.from(data[k], 'base64').toString('utf8') : undefined;
  switch (obj.type) {
    case 'kubernetes.io/service-account-token':
      if (!obj.metadata?.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const k = obj.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(k)) {
        errs.push(required(key('data', k)));
        break;
      }
      try {
        const parsed = JSON.parse(value(k) ?? '');
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('json: cannot unmarshal into map');
      } catch (e) {
        errs.push(invalid(key('data', k), '<secret contents redacted>', (e as Error).message));
      }
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        errs.push(required(key('data', 'username')));
        errs.push(required(key('data', 'password')));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!value('ssh-privatekey')) errs.push(required(key('data', 'ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(required(key('data', 'tls.crt')));
      if (!has('tls.key')) errs.push(required(key('data', 'tls.key')));
      break;
    default:
      break;
  }
  return errs;
}
