// Watch with Kubernetes semantics on top of the store's raw change feed:
// selectors filter events, and an object that starts or stops matching is
// reported as ADDED / DELETED to this watcher (the apiserver's cacher does the
// same), so a client's view of "the set matching my selector" stays right.

import { groupResource, type KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import { StoreError, type StoreEvent, type Watch } from '../store/types.js';
import { errors } from '../api/status.js';
import type { Registry } from './registry.js';
import type { Matcher } from './selectors.js';

const MAX_BACKLOG = 10_000;

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

export interface WatchRequest {
  namespace: string;
  /** '' or '0': send the current state as ADDED events first, then changes */
  resourceVersion: string;
  matcher: Matcher;
}

/** Map one store event through a selector; undefined when this watcher does not care. */
export function filterEvent(ev: StoreEvent, match: Matcher): WatchEvent | undefined {
  if (match.always) return { type: ev.type, object: ev.object };
  const now = ev.type !== 'DELETED' && match.test(ev.object);
  const before = ev.prevObject !== undefined && match.test(ev.prevObject);
  if (ev.type === 'DELETED') return before ? { type: 'DELETED', object: ev.object } : undefined;
  if (now && before) return { type: 'MODIFIED', object: ev.object };
  if (now) return { type: 'ADDED', object: ev.object };
  if (before) return { type: 'DELETED', object: ev.object };
  return undefined;
}

/**
 * Starts a watch. Initial ADDED events (for resourceVersion ''/'0') are
 * delivered before any change. Throws ApiError 410 (Expired) when the
 * resourceVersion is older than the retained history.
 */
export async function startWatch(
  registry: Registry,
  kind: KindInfo,
  req: WatchRequest,
  send: (ev: WatchEvent) => void,
  onError: (err: Error) => void = () => undefined,
): Promise<Watch & { progress(): number }> {
  let fromRevision: number;
  if (req.resourceVersion === '' || req.resourceVersion === '0') {
    const { items, revision } = await registry.store.list(groupResource(kind), kind.namespaced ? req.namespace : '');
    for (const o of items) if (req.matcher.always || req.matcher.test(o)) send({ type: 'ADDED', object: o });
    fromRevision = revision;
  } else {
    fromRevision = Number(req.resourceVersion);
    if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) {
      throw errors.badRequest(`invalid resourceVersion ${JSON.stringify(req.resourceVersion)}`);
    }
  }
  // the newest revision this watcher has been told about, filtered or not:
  // a BOOKMARK may carry it without skipping anything
  let progress = fromRevision;
  try {
    const w = registry.store.watch(
      {
        resource: groupResource(kind),
        namespace: kind.namespaced ? req.namespace : '',
        fromRevision,
        // a watcher further behind than the history could not resume anyway
        maxBacklog: MAX_BACKLOG,
        onError,
      },
      (ev) => {
        progress = ev.revision;
        const out = filterEvent(ev, req.matcher);
        if (out) send(out);
      },
    );
    return {
      close: () => w.close(),
      pause: () => w.pause?.(),
      resume: () => w.resume?.(),
      progress: () => progress,
    };
  } catch (err) {
    if (err instanceof StoreError && err.code === 'Expired') {
      throw errors.gone(`too old resource version: ${fromRevision} (${registry.store.revision()})`);
    }
    throw err;
  }
}
