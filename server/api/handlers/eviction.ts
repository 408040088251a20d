// The `eviction` subresource of Pods (POST policy/v1 Eviction), what
// `kubectl drain` and `edgectl drain` use: an eviction is a delete that a
// PodDisruptionBudget may refuse (429). Edgeplane has no PodDisruptionBudgets,
// so every eviction is allowed and becomes a (graceful) delete with the
// Eviction's deleteOptions, as pkg/registry/core/pod/storage/eviction.go does
// when no budget covers the pod.

import { parseBody, readBody } from '../body.js';
import { writeJson } from '../respond.js';
import { errors, successStatus } from '../status.js';
import type { ResourceContext } from './context.js';

const EVICTION_VERSIONS = new Set(['policy/v1', 'policy/v1beta1']);

export async function handleEviction(ctx: ResourceContext): Promise<void> {
  const { info, registry, req } = ctx;
  if (info.kind.kind !== 'Pod' || !info.name) throw errors.pathNotFound(ctx.url.pathname);
  if (req.method !== 'POST') throw errors.methodNotAllowed(req.method ?? '', 'pods/eviction');
  const body = parseBody(await readBody(req), req.headers['content-type']) as any;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('the body must be a policy/v1 Eviction');
  if (body.kind !== undefined && body.kind !== 'Eviction') throw errors.badRequest(`kind: Invalid value: "${body.kind}": must be Eviction`);
  if (body.apiVersion !== undefined && !EVICTION_VERSIONS.has(body.apiVersion)) {
    throw errors.badRequest(`apiVersion: Unsupported value: "${body.apiVersion}": supported values: "policy/v1", "policy/v1beta1"`);
  }
  const name = body.metadata?.name;
  if (name !== undefined && name !== info.name) throw errors.badRequest(`name in URL does not match name in Eviction object`);
  const ns = body.metadata?.namespace;
  if (ns !== undefined && ns !== '' && ns !== info.namespace) throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');

  const opts = body.deleteOptions ?? {};
  const dryRun: string[] = [...ctx.url.searchParams.getAll('dryRun'), ...((opts.dryRun as string[] | undefined) ?? [])];
  for (const d of dryRun) if (d !== 'All') throw errors.badRequest(`deleteOptions.dryRun: Unsupported value: "${d}": supported values: "All"`);
  const grace = opts.gracePeriodSeconds;
  if (grace !== undefined && grace !== null && (!Number.isInteger(grace) || grace < 0)) {
    throw errors.badRequest(`deleteOptions.gracePeriodSeconds: Invalid value: ${JSON.stringify(grace)}: must be a non-negative integer`);
  }
  // 404 for a pod that does not exist (kubectl drain treats it as already gone)
  await registry.delete(info.kind, info.namespace, info.name, {
    dryRun: dryRun.length > 0,
    gracePeriodSeconds: grace ?? undefined,
    preconditions: opts.preconditions,
    propagationPolicy: opts.propagationPolicy,
  });
  writeJson(ctx.res, 201, { ...successStatus(), code: 201 });
}
