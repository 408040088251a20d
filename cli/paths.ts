// Kubernetes REST paths and the names kubectl prints for kinds, both derived
// from the kind registry so the CLI never hard-codes a URL.

import type { KindInfo } from '../shared/api/kinds.js';

/** `/api/v1` or `/apis/apps/v1` */
export function groupVersionPath(kind: KindInfo): string {
  return kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
}

/**
 * `/api/v1/namespaces/{ns}/pods/{name}`; namespaced kinds without a namespace
 * address all namespaces (`/api/v1/pods`); cluster-scoped kinds ignore it.
 */
export function resourcePath(kind: KindInfo, namespace?: string, name?: string): string {
  let p = groupVersionPath(kind);
  if (kind.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${kind.resource}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  return p;
}

/** `pod`, `deployment.apps`: the prefix of kubectl's `deployment.apps/web created` */
export function kindRef(kind: KindInfo): string {
  return kind.group ? `${kind.singular}.${kind.group}` : kind.singular;
}

/** `pods`, `deployments.apps`: the resource name in kubectl's error messages */
export function resourceRef(kind: KindInfo): string {
  return kind.group ? `${kind.resource}.${kind.group}` : kind.resource;
}
