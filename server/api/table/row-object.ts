// What rows[].object carries, per the `includeObject` table option
// (apiserver endpoints/handlers/response.go asTable): the full object, its
// metadata as a PartialObjectMetadata, or nothing.

import type { KubeObject } from '../../../shared/api/object.js';
import type { IncludeObjectPolicy, PartialObjectMetadata } from './types.js';

export function rowObject(obj: KubeObject, policy: IncludeObjectPolicy | undefined): KubeObject | PartialObjectMetadata | undefined {
  switch (policy ?? 'Metadata') {
    case 'Object':
      return obj;
    case 'None':
      return undefined;
    default:
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  }
}
