// core/v1 Namespace.

import { arrayOf, condition, enumOf, kindSchema, mergeList, named, obj, string, type Schema } from './common.js';
import { objectMeta } from './metadata.js';

export const namespace: Schema = kindSchema(
  'io.k8s.api.core.v1.Namespace',
  '',
  'Namespace',
  {
    spec: named('io.k8s.api.core.v1.NamespaceSpec', obj({ finalizers: arrayOf(string, { 'x-kubernetes-list-type': 'atomic' }) })),
    status: named(
      'io.k8s.api.core.v1.NamespaceStatus',
      obj({
        phase: enumOf(['Active', 'Terminating']),
        conditions: mergeList(condition('io.k8s.api.core.v1.NamespaceCondition'), 'type', ['type']),
      }),
    ),
  },
  'A scope for names; deleting it deletes everything in it.',
  objectMeta,
);
