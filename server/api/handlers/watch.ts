// `?watch=true`: a chunked stream of `{"type":...,"object":...}` lines
// (k8s.io/apiserver/pkg/endpoints/handlers/watch.go). Errors after the stream
// started (e.g. 410 for a compacted resourceVersion) travel as an ERROR event,
// which is what client-go's reflector expects.

import type { Watch } from '../../store/types.js';
import { startWatch, type WatchEvent } from '../../registry/watch.js';
import { ApiError, errors } from '../status.js';
import type { ResourceContext } from './context.js';
import { asTable } from './render.js';

const BOOKMARK_INTERVAL_MS = 60_000;

export async function handleWatch(ctx: ResourceContext): Promise<void> {
  const { info, registry, url, res, req } = ctx;
  const q = url.searchParams;
  const matcher = registry.matcher(info.kind, { labelSelector: q.get('labelSelector'), fieldSelector: q.get('fieldSelector') });
  const timeoutSeconds = q.get('timeoutSeconds');
  // apiserver picks a random timeout in [minRequestTimeout, 2*minRequestTimeout) to spread re-watches
  const timeoutMs = timeoutSeconds ? Number(timeoutSeconds) * 1000 : (1800 + Math.random() * 1800) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw errors.badRequest('timeoutSeconds must be a non-negative number');

  let started = false;
  let closed = false;
  let watch: (Watch & { progress(): number }) | undefined;
  const timers: NodeJS.Timeout[] = [];
  const finish = () => {
    if (closed) return;
    closed = true;
    watch?.close();
    for (const t of timers) clearTimeout(t);
    if (!res.writableEnded) res.end();
  };
  const begin = () => {
    if (started) return;
    started = true;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
  };
  let paused = false;
  const writeLine = (line: unknown) => {
    if (closed) return;
    begin();
    // flow control: a slow client pauses its store watch (events queue there,
    // bounded; past the bound the store ends the watch and the client re-watches)
    if (!res.write(JSON.stringify(line) + '\n') && watch && !paused) {
      paused = true;
      watch.pause?.();
      res.once('drain', () => {
        paused = false;
        watch?.resume?.();
      });
    }
  };
  let headersSent = false;
  const send = (ev: WatchEvent) => {
    // like the apiserver, only the first Table event carries column definitions
    const object =
      ctx.rendering.kind === 'table' ? asTable(info.kind, [ev.object], ctx.rendering, url, ev.object.metadata.resourceVersion, headersSent) : ev.object;
    headersSent = true;
    writeLine({ type: ev.type, object });
  };
  req.on('close', finish);
  res.on('close', finish);

  try {
    watch = await startWatch(registry, info.kind, { namespace: info.namespace, resourceVersion: q.get('resourceVersion') ?? '', matcher }, send, finish);
  } catch (err) {
    if (err instanceof ApiError && err.status.code === 410) {
      writeLine({ type: 'ERROR', object: err.status });
      finish();
      return;
    }
    throw err;
  }
  begin();
  if (closed) watch.close();
  timers.push(setTimeout(finish, timeoutMs));
  if (q.get('allowWatchBookmarks') === 'true') {
    const bookmark = () => {
      const rv = String(watch!.progress());
      writeLine({ type: 'BOOKMARK', object: { kind: info.kind.kind, apiVersion: info.kind.group ? `${info.kind.group}/v1` : 'v1', metadata: { resourceVersion: rv } } });
      timers.push(setTimeout(bookmark, BOOKMARK_INTERVAL_MS));
    };
    timers.push(setTimeout(bookmark, BOOKMARK_INTERVAL_MS));
  }
}
