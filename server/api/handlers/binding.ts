// POST /api/v1/namespaces/{ns}/pods/{name}/binding: what kube-scheduler (and
// anyone with create on pods) uses to assign a pod to a node.

import { bindPod } from '../../registry/binding.js';
import { parseBody, readBody } from '../body.js';
import { writeJson } from '../respond.js';
import { errors, successStatus } from '../status.js';
import type { ResourceContext } from './context.js';

export async function handleBinding(ctx: ResourceContext): Promise<void> {
  const { info, registry, req } = ctx;
  if (info.kind.kind !== 'Pod' || !info.name) throw errors.pathNotFound(ctx.url.pathname);
  if (req.method !== 'POST') throw errors.methodNotAllowed(req.method ?? '', 'pods/binding');
  const body = parseBody(await readBody(req), req.headers['content-type']);
  await bindPod(registry, info.namespace, info.name, body);
  // kube-apiserver answers a binding with a bare Success Status, 201 Created
  writeJson(ctx.res, 201, { ...successStatus(), code: 201 });
}
