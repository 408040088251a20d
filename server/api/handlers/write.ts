// POST, PUT, PATCH, DELETE and DELETE-collection.

import type { DeleteOptions, PropagationPolicy, WriteOptions } from '../../registry/registry.js';
import { parseFieldValidation } from '../../registry/decode.js';
import { mediaType, parseBody, readBody } from '../body.js';
import { patchTypeFromContentType } from '../patch/index.js';
import { successStatus, errors } from '../status.js';
import { writeJson } from '../respond.js';
import type { ResourceContext } from './context.js';
import { listObject, renderObject } from './render.js';

function writeOptions(url: URL): WriteOptions {
  const dryRun = url.searchParams.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') throw errors.badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  return { dryRun: dryRun.length > 0, fieldValidation: parseFieldValidation(url.searchParams.get('fieldValidation')) };
}

export async function handleCreate(ctx: ResourceContext): Promise<void> {
  const { info, registry, req, url } = ctx;
  if (info.name) throw errors.methodNotAllowed('POST', `${info.kind.resource}/${info.name}`);
  if (info.kind.namespaced && !info.namespace) throw errors.methodNotAllowed('POST', `${info.kind.resource} without a namespace`);
  const body = parseBody(await readBody(req), req.headers['content-type']);
  const { object, warnings } = await registry.create(info.kind, info.namespace, body, writeOptions(url));
  renderObject(ctx.res, 201, info.kind, object, ctx.rendering, url, warnings);
}

export async function handleUpdate(ctx: ResourceContext): Promise<void> {
  const { info, registry, req, url } = ctx;
  if (!info.name) throw errors.methodNotAllowed('PUT', info.kind.resource);
  const body = parseBody(await readBody(req), req.headers['content-type']);
  const { object, warnings, created } = await registry.update(info.kind, info.namespace, info.name, body, {
    ...writeOptions(url),
    subresource: info.subresource,
  });
  renderObject(ctx.res, created ? 201 : 200, info.kind, object, ctx.rendering, url, warnings);
}

export async function handlePatch(ctx: ResourceContext): Promise<void> {
  const { info, registry, req, url } = ctx;
  if (!info.name) throw errors.methodNotAllowed('PATCH', info.kind.resource);
  const ct = mediaType(req.headers['content-type']);
  const patchType = patchTypeFromContentType(ct);
  if (!patchType) {
    throw errors.unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${ct || 'none'}; server-side apply is not supported)`,
    );
  }
  const body = parseBody(await readBody(req), 'application/json');
  const { object, warnings } = await registry.patch(info.kind, info.namespace, info.name, patchType, body, {
    ...writeOptions(url),
    subresource: info.subresource,
  });
  renderObject(ctx.res, 200, info.kind, object, ctx.rendering, url, warnings);
}

const POLICIES: readonly PropagationPolicy[] = ['Background', 'Foreground', 'Orphan'];

/** DeleteOptions from the body (kubectl sends one) and/or query parameters. */
async function deleteOptions(ctx: ResourceContext): Promise<DeleteOptions> {
  const raw = await readBody(ctx.req);
  const body = raw.length > 0 && raw.toString('utf8').trim() !== '' ? (parseBody(raw, ctx.req.headers['content-type']) as any) : {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('DeleteOptions must be an object');
  const q = ctx.url.searchParams;
  const policy = q.get('propagationPolicy') ?? body.propagationPolicy ?? (body.orphanDependents === true ? 'Orphan' : undefined);
  if (policy !== undefined && !POLICIES.includes(policy)) {
    throw errors.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Background", "Foreground", "Orphan"`);
  }
  const dryRun = [...q.getAll('dryRun'), ...((body.dryRun as string[] | undefined) ?? [])];
  for (const d of dryRun) if (d !== 'All') throw errors.badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  const grace = q.get('gracePeriodSeconds') ?? body.gracePeriodSeconds;
  return {
    dryRun: dryRun.length > 0,
    propagationPolicy: policy,
    preconditions: body.preconditions,
    gracePeriodSeconds: grace === undefined || grace === null ? undefined : Number(grace),
  };
}

export async function handleDelete(ctx: ResourceContext): Promise<void> {
  const { info, registry, url } = ctx;
  const opts = await deleteOptions(ctx);
  if (!info.name) {
    const q = url.searchParams;
    const deleted = await registry.deleteCollection(info.kind, info.namespace, { labelSelector: q.get('labelSelector'), fieldSelector: q.get('fieldSelector') }, opts);
    return writeJson(ctx.res, 200, listObject(info.kind, deleted, String(registry.store.revision())));
  }
  if (info.subresource) throw errors.methodNotAllowed('DELETE', `${info.kind.resource}/${info.subresource}`);
  const { object, deleted } = await registry.delete(info.kind, info.namespace, info.name, opts);
  if (ctx.rendering.kind === 'table') return renderObject(ctx.res, deleted ? 200 : 202, info.kind, object, ctx.rendering, url);
  // 200 with the object when gone; 202 while finalizers keep it (apiserver's delete handler)
  if (deleted && object === undefined) return writeJson(ctx.res, 200, successStatus({ name: info.name, kind: info.kind.resource }));
  writeJson(ctx.res, deleted ? 200 : 202, object);
}
