// Internal key strings. `namespace + '\0' + name` sorts exactly like the
// (namespace, name) tuple because '\0' is below every character a name can
// hold, so one string sort gives the LIST order Kubernetes clients expect.

import type { ObjectKey } from './types.js';

export function nsNameKey(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

/** Unique across resources; used by the pending-write overlay. */
export function fullKey(key: ObjectKey): string {
  return `${key.resource}\u0000${key.namespace}\u0000${key.name}`;
}

export function describeKey(key: ObjectKey): string {
  return key.namespace ? `${key.resource} ${key.namespace}/${key.name}` : `${key.resource} ${key.name}`;
}
