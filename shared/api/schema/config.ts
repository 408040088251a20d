// core/v1 ConfigMap and Secret.

import { boolean, bytes, kindSchema, str, stringMap, type Schema } from './common.js';
import { objectMeta } from './metadata.js';

export const configMap: Schema = kindSchema(
  'io.k8s.api.core.v1.ConfigMap',
  '',
  'ConfigMap',
  {
    data: stringMap('UTF-8 values; keys consist of alphanumerics, "-", "_" or ".".'),
    binaryData: { type: 'object', description: 'Base64-encoded binary values.', additionalProperties: bytes },
    immutable: boolean,
  },
  'Non-secret configuration data for pods.',
  objectMeta,
);

export const secret: Schema = kindSchema(
  'io.k8s.api.core.v1.Secret',
  '',
  'Secret',
  {
    data: { type: 'object', description: 'Base64-encoded values.', additionalProperties: bytes },
    stringData: stringMap('Write-only convenience: merged into data on write, never returned.'),
    type: str('Opaque (default), kubernetes.io/tls, kubernetes.io/dockerconfigjson, ...'),
    immutable: boolean,
  },
  'Sensitive data for pods.',
  objectMeta,
);
