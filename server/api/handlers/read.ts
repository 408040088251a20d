// GET and LIST (with selectors, limit/continue and Table rendering).

import { errors } from '../status.js';
import { writeJson, writeYaml } from '../respond.js';
import type { ResourceContext } from './context.js';
import { asTable, listObject, renderObject } from './render.js';

export async function handleGet(ctx: ResourceContext): Promise<void> {
  const { info, registry } = ctx;
  const obj = await registry.get(info.kind, info.namespace, info.name);
  renderObject(ctx.res, 200, info.kind, obj, ctx.rendering, ctx.url);
}

interface ContinueToken {
  rv: string;
  /** [namespace, name] of the last item returned */
  after: [string, string];
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof t.rv === 'string' && Array.isArray(t.after) && t.after.length === 2) return t;
  } catch {
    /* fall through */
  }
  throw errors.badRequest('continue key is not valid: malformed token');
}

/** the store lists sorted by namespace, then name */
function isAfter(o: { metadata: { namespace?: string; name?: string } }, after: [string, string]): boolean {
  const ns = o.metadata.namespace ?? '';
  return ns > after[0] || (ns === after[0] && (o.metadata.name ?? '') > after[1]);
}

/**
 * LIST. `limit`/`continue` page through the result sorted by namespace/name.
 * Unlike etcd-backed Kubernetes, a later page reflects the current state, not
 * the revision of the first page (there is no MVCC history to read from); the
 * list's resourceVersion stays the first page's so a following watch misses
 * nothing.
 */
export async function handleList(ctx: ResourceContext): Promise<void> {
  const { info, registry, url } = ctx;
  const q = url.searchParams;
  const { items: all, revision } = await registry.list(info.kind, info.namespace, {
    labelSelector: q.get('labelSelector'),
    fieldSelector: q.get('fieldSelector'),
  });
  let items = all;
  let rv = String(revision);
  const cont = q.get('continue');
  if (cont) {
    const t = decodeContinue(cont);
    rv = t.rv;
    items = items.filter((o) => isAfter(o, t.after));
  }
  const extra: { continue?: string; remainingItemCount?: number } = {};
  const limit = Number(q.get('limit') ?? 0);
  if (!Number.isInteger(limit) || limit < 0) throw errors.badRequest(`limit must be a non-negative integer`);
  if (limit > 0 && items.length > limit) {
    const last = items[limit - 1];
    extra.continue = Buffer.from(JSON.stringify({ rv, after: [last.metadata.namespace ?? '', last.metadata.name ?? ''] })).toString('base64url');
    extra.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
  }
  if (ctx.rendering.kind === 'table') {
    const table = asTable(info.kind, items, ctx.rendering, url, rv);
    Object.assign(table.metadata, extra);
    return writeJson(ctx.res, 200, table);
  }
  const list = listObject(info.kind, items, rv, extra);
  if (ctx.rendering.kind === 'yaml') return writeYaml(ctx.res, 200, list);
  writeJson(ctx.res, 200, list);
}
