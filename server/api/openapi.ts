// OpenAPI documents for clients: /openapi/v3 (the index and one document per
// group-version) and /openapi/v2. kubectl reads the v3 document of a
// group-version to learn whether PATCH accepts `fieldValidation` (then it lets
// the server validate strictly) and the schemas' patch strategies for apply.
// Schemas come from shared/api/schema, the same ones the server validates with.

import { createHash } from 'node:crypto';
import { apiVersionOf, KINDS, type KindInfo } from '../../shared/api/kinds.js';
import { openApiDefinitions } from '../../shared/api/schema/index.js';
import { GIT_VERSION } from '../../shared/version.js';

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'pretty'].map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string' },
  uniqueItems: true,
}));

function gvk(k: KindInfo) {
  return { group: k.group, version: k.version, kind: k.kind };
}

function basePath(k: KindInfo): string {
  return k.group ? `/apis/${k.group}/v1` : '/api/v1';
}

function itemPath(k: KindInfo): string {
  return `${basePath(k)}${k.namespaced ? '/namespaces/{namespace}' : ''}/${k.resource}/{name}`;
}

function collectionPath(k: KindInfo): string {
  return `${basePath(k)}${k.namespaced ? '/namespaces/{namespace}' : ''}/${k.resource}`;
}

function op(k: KindInfo, action: string, ref: string, withParams: boolean) {
  return {
    operationId: `${action}${k.kind}`,
    tags: [k.group || 'core'],
    ...(withParams ? { parameters: QUERY_PARAMS } : {}),
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: ref } } } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk(k),
  };
}

/** Definition names in Kubernetes' style, e.g. io.k8s.api.core.v1.Pod */
export function definitionName(k: KindInfo): string {
  return `io.k8s.api.${k.group || 'core'}.v1.${k.kind}`;
}

function v3Document(group: string): unknown {
  const kinds = KINDS.filter((k) => k.group === group);
  const paths: Record<string, unknown> = {};
  const schemas = openApiDefinitions({ refPrefix: '#/components/schemas/', version: 3 });
  for (const k of kinds) {
    const ref = `#/components/schemas/${definitionName(k)}`;
    paths[collectionPath(k)] = { get: op(k, 'list', ref, false), post: op(k, 'post', ref, true) };
    paths[itemPath(k)] = {
      get: op(k, 'get', ref, false),
      put: op(k, 'put', ref, true),
      patch: op(k, 'patch', ref, true),
      delete: op(k, 'delete', ref, true),
    };
    if (k.statusSubresource) {
      paths[`${itemPath(k)}/status`] = { get: op(k, 'get', ref, false), put: op(k, 'put', ref, true), patch: op(k, 'patch', ref, true) };
    }
  }
  return { openapi: '3.0.0', info: { title: 'Edgeplane', version: GIT_VERSION }, paths, components: { schemas } };
}

const cache = new Map<string, { body: string; hash: string }>();

function cached(key: string, make: () => unknown): { body: string; hash: string } {
  let entry = cache.get(key);
  if (!entry) {
    const body = JSON.stringify(make());
    entry = { body, hash: createHash('sha256').update(body).digest('hex').slice(0, 32).toUpperCase() };
    cache.set(key, entry);
  }
  return entry;
}

export function openApiV3Document(groupVersionPath: string): { body: string; hash: string } | undefined {
  if (groupVersionPath === 'api/v1') return cached('api/v1', () => v3Document(''));
  const m = /^apis\/([^/]+)\/v1$/.exec(groupVersionPath);
  if (m && KINDS.some((k) => k.group === m[1])) return cached(groupVersionPath, () => v3Document(m[1]));
  return undefined;
}

export function openApiV3Index(): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of ['api/v1', ...[...new Set(KINDS.filter((k) => k.group).map((k) => `apis/${apiVersionOf(k)}`))]]) {
    paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${openApiV3Document(gv)!.hash}` };
  }
  return { paths };
}

export function openApiV2(): { body: string; hash: string } {
  return cached('v2', () => {
    const paths: Record<string, unknown> = {};
    for (const k of KINDS) {
      const ref = `#/definitions/${definitionName(k)}`;
      const o = (action: string) => ({ ...op(k, action, ref, action !== 'get' && action !== 'list'), responses: { '200': { description: 'OK', schema: { $ref: ref } } } });
      paths[collectionPath(k)] = { get: o('list'), post: o('post') };
      paths[itemPath(k)] = { get: o('get'), put: o('put'), patch: o('patch'), delete: o('delete') };
    }
    return { swagger: '2.0', info: { title: 'Edgeplane', version: GIT_VERSION }, paths, definitions: openApiDefinitions({ refPrefix: '#/definitions/', version: 2 }) };
  });
}
