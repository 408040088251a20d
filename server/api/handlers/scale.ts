// The `scale` subresource (autoscaling/v1 Scale) of Deployments and
// ReplicaSets: what `kubectl scale` reads and patches.

import type { KubeObject } from '../../../shared/api/object.js';
import { labelSelectorFromObject, selectorToString } from '../../../shared/labels/selector.js';
import { applyPatch, PatchError, patchTypeFromContentType } from '../patch/index.js';
import { mediaType, parseBody, readBody } from '../body.js';
import { writeJson } from '../respond.js';
import { errors } from '../status.js';
import type { ResourceContext } from './context.js';

export const SCALABLE = new Set(['Deployment', 'ReplicaSet']);

function toScale(obj: KubeObject): KubeObject {
  const m = obj.metadata;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: selectorToString(labelSelectorFromObject(obj.spec?.selector)) },
  };
}

export async function handleScale(ctx: ResourceContext): Promise<void> {
  const { info, registry, req } = ctx;
  if (!SCALABLE.has(info.kind.kind) || !info.name) throw errors.pathNotFound(ctx.url.pathname);
  const current = await registry.get(info.kind, info.namespace, info.name);
  if (req.method === 'GET' || req.method === 'HEAD') return writeJson(ctx.res, 200, toScale(current));
  let desired: any;
  if (req.method === 'PUT') {
    desired = parseBody(await readBody(req), req.headers['content-type']);
  } else if (req.method === 'PATCH') {
    const patchType = patchTypeFromContentType(mediaType(req.headers['content-type']));
    if (!patchType) throw errors.unsupportedMediaType('unsupported patch type for the scale subresource');
    try {
      // Scale has no list fields: a strategic patch behaves like a merge patch
      desired = applyPatch('Scale', toScale(current), patchType === 'strategic' ? 'merge' : patchType, parseBody(await readBody(req), 'application/json'));
    } catch (err) {
      if (err instanceof PatchError) throw errors.badRequest(err.message);
      throw err;
    }
  } else {
    throw errors.methodNotAllowed(req.method ?? '', `${info.kind.resource}/scale`);
  }
  const replicas = desired?.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid('Scale', 'autoscaling', info.name, [
      { type: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` },
    ]);
  }
  const precondition = desired?.metadata?.resourceVersion;
  if (precondition && precondition !== current.metadata.resourceVersion) {
    throw errors.conflict(info.kind.resource, info.kind.group, info.name, 'the object has been modified; please apply your changes to the latest version and try again');
  }
  const next = structuredClone(current) as KubeObject;
  next.spec.replicas = replicas;
  const { object } = await registry.update(info.kind, info.namespace, info.name, next);
  writeJson(ctx.res, 200, toScale(object));
}
