// Turns a URL path into what kube-apiserver calls RequestInfo
// (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go): which kind, which
// namespace, which object, which subresource, and the verb.

import { kindByResource, type KindInfo } from '../../shared/api/kinds.js';
import type { Verb } from '../auth/authorize.js';

export interface ResourceRequest {
  isResource: true;
  kind: KindInfo;
  group: string;
  version: string;
  /** '' = all namespaces (or cluster-scoped) */
  namespace: string;
  name: string;
  subresource: string;
  verb: Verb;
}

export interface NonResourceRequest {
  isResource: false;
  path: string;
}

export type RequestInfo = ResourceRequest | NonResourceRequest;

export class UnknownResource extends Error {}

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path.split('/').filter((p) => p !== '');
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return { isResource: false, path };
  }
  let namespace = '';
  // `/namespaces/{ns}/{resource}...` is namespace scoping, but `/namespaces/{name}`
  // and `/namespaces/{name}/status` address the Namespace object itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    namespace = decodeURIComponent(rest[1]);
    rest = rest.slice(2);
  }
  const [resource, name = '', subresource = '', ...extra] = rest.map((p) => decodeURIComponent(p));
  const kind = version === 'v1' ? kindByResource(group, resource) : undefined;
  if (!kind || extra.length > 0) throw new UnknownResource(path);
  if (!kind.namespaced && namespace) throw new UnknownResource(path);
  if (kind.namespaced && !namespace && name) throw new UnknownResource(path);

  const watch = query.get('watch');
  const isWatch = watch === 'true' || watch === '1';
  let verb: Verb;
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = isWatch ? 'watch' : name ? 'get' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = 'get';
  }
  return { isResource: true, kind, group, version, namespace, name, subresource, verb };
}
