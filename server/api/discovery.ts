// Discovery documents (legacy format: APIVersions, APIGroupList, APIGroup,
// APIResourceList). Clients asking for aggregated discovery (apidiscovery v2)
// get these as plain application/json and fall back to legacy discovery, as
// client-go does with older servers.

import { apiVersionOf, KINDS, type KindInfo } from '../../shared/api/kinds.js';
import { GIT_VERSION, KUBE_VERSION } from '../../shared/version.js';

function resourceEntries(k: KindInfo) {
  const out: Record<string, unknown>[] = [
    {
      name: k.resource,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: k.verbs,
      ...(k.shortNames.length ? { shortNames: k.shortNames } : {}),
      ...(k.group === 'apps' ? { categories: ['all'] } : k.kind === 'Pod' || k.kind === 'Service' ? { categories: ['all'] } : {}),
    },
  ];
  if (k.statusSubresource) {
    out.push({ name: `${k.resource}/status`, singularName: '', namespaced: k.namespaced, kind: k.kind, verbs: ['get', 'patch', 'update'] });
  }
  if (k.kind === 'Pod') {
    out.push({ name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] });
    // kubectl drain finds the eviction API by this entry's group/version
    out.push({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
  }
  if (k.kind === 'Deployment' || k.kind === 'ReplicaSet') {
    out.push({ name: `${k.resource}/scale`, singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  }
  return out;
}

export function apiResourceList(group: string): unknown {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/v1` : 'v1',
    resources: KINDS.filter((k) => k.group === group).flatMap(resourceEntries),
  };
}

export function apiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(name: string) {
  const gv = { groupVersion: `${name}/v1`, version: 'v1' };
  return { name, versions: [gv], preferredVersion: gv };
}

export function apiGroupList(): unknown {
  const groups = [...new Set(KINDS.map((k) => k.group).filter((g) => g !== ''))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(apiGroup) };
}

export function apiGroupDoc(name: string): unknown | undefined {
  if (!KINDS.some((k) => k.group === name && name !== '')) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(name) };
}

export function versionInfo(): unknown {
  return {
    major: KUBE_VERSION.major,
    minor: KUBE_VERSION.minor,
    gitVersion: GIT_VERSION,
    gitCommit: '',
    gitTreeState: 'clean',
    buildDate: '1970-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

export { apiVersionOf };
