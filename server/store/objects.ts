// How an object becomes a stored object. The same function runs on write and on
// replay, so the in-memory object after a restart is identical to the one the
// writer got back: parsed from the JSON that went to disk, resourceVersion set
// to the revision, deep-frozen.

import type { KubeObject } from '../../shared/api/object.js';
import { deepFreeze } from './freeze.js';

export function materialize(parsed: unknown, revision: number): KubeObject {
  const obj = parsed as KubeObject;
  if (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) obj.metadata = {};
  obj.metadata.resourceVersion = String(revision);
  return deepFreeze(obj);
}

/**
 * A frozen copy of `obj` with another resourceVersion (DELETED events carry the
 * deletion revision). Only the top level and metadata are copied; the rest is
 * already frozen and shared.
 */
export function withResourceVersion(obj: KubeObject, revision: number): KubeObject {
  const metadata = Object.freeze({ ...obj.metadata, resourceVersion: String(revision) });
  return Object.freeze({ ...obj, metadata });
}
