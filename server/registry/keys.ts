import { groupResource, type KindInfo } from '../../shared/api/kinds.js';
import type { ObjectKey } from '../store/types.js';

export function keyOf(kind: KindInfo, namespace: string, name: string): ObjectKey {
  return { resource: groupResource(kind), namespace: kind.namespaced ? namespace : '', name };
}
