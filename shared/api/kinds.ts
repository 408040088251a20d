// The registry of resource kinds Edgeplane serves. Everything that needs to map
// between kind, resource (plural), group and scope reads it from here: the API
// router, discovery, OpenAPI, the store keys and edgectl.

export interface KindInfo {
  group: '' | 'apps';
  version: 'v1';
  kind: string;
  /** lower-case plural, the URL segment */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  /** has a /status subresource (status is ignored on the main resource and vice versa) */
  statusSubresource: boolean;
  /** spec changes bump metadata.generation (Kubernetes does this for kinds with a status subresource) */
  generation: boolean;
  verbs: string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function kind(
  group: '' | 'apps',
  kindName: string,
  resource: string,
  namespaced: boolean,
  shortNames: string[],
  statusSubresource: boolean,
): KindInfo {
  return {
    group,
    version: 'v1',
    kind: kindName,
    resource,
    singular: kindName.toLowerCase(),
    namespaced,
    shortNames,
    statusSubresource,
    generation: statusSubresource && kindName !== 'Node' && kindName !== 'Namespace',
    verbs: ALL_VERBS,
  };
}

export const KINDS: readonly KindInfo[] = Object.freeze([
  kind('', 'Namespace', 'namespaces', false, ['ns'], true),
  kind('', 'Node', 'nodes', false, ['no'], true),
  kind('', 'Pod', 'pods', true, ['po'], true),
  kind('', 'Service', 'services', true, ['svc'], true),
  kind('', 'Endpoints', 'endpoints', true, ['ep'], false),
  kind('', 'ConfigMap', 'configmaps', true, ['cm'], false),
  kind('', 'Secret', 'secrets', true, [], false),
  kind('', 'Event', 'events', true, ['ev'], false),
  kind('apps', 'Deployment', 'deployments', true, ['deploy'], true),
  kind('apps', 'ReplicaSet', 'replicasets', true, ['rs'], true),
  kind('apps', 'DaemonSet', 'daemonsets', true, ['ds'], true),
]);

export function apiVersionOf(k: KindInfo): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

/** Store/registry key of a kind: `pods`, `deployments.apps`. */
export function groupResource(k: KindInfo): string {
  return k.group ? `${k.resource}.${k.group}` : k.resource;
}

export function kindByResource(group: string, resource: string): KindInfo | undefined {
  return KINDS.find((k) => k.group === group && k.resource === resource);
}

export function kindByApiVersionKind(apiVersion: string, kindName: string): KindInfo | undefined {
  return KINDS.find((k) => apiVersionOf(k) === apiVersion && k.kind === kindName);
}

/**
 * Resolve what a user typed (`po`, `pods`, `pod`, `Deployment`, `deployments.apps`,
 * `deploy`) to a kind, as kubectl's RESTMapper does.
 */
export function resolveKind(name: string): KindInfo | undefined {
  const n = name.toLowerCase();
  const [base, group] = n.includes('.') ? [n.slice(0, n.indexOf('.')), n.slice(n.indexOf('.') + 1)] : [n, undefined];
  return KINDS.find(
    (k) =>
      (group === undefined || k.group === group || (group === 'apps' && k.group === 'apps')) &&
      (k.resource === base || k.singular === base || k.shortNames.includes(base)),
  );
}
