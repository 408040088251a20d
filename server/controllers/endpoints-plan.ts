// What the Endpoints of a Service should contain (kube-controller-manager's
// endpoints controller, pkg/controller/endpoint/endpoints_controller.go
// syncService + endpoints.RepackSubsets), as a pure function of the Service
// and the pods in its namespace.

import type { KubeObject } from '../../shared/api/object.js';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** Label Kubernetes puts on the Endpoints of headless services. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
/** Marks Endpoints this controller owns, so it may delete them when their Service is gone. */
export const MANAGED_LABEL = 'endpoints.edgeplane.io/managed-by';
export const MANAGED_VALUE = 'endpoints-controller';

type ServicePort = { name?: string; port: number; protocol?: string; targetPort?: number | string; appProtocol?: string };
type ContainerPort = { name?: string; containerPort: number; protocol?: string };

/** A Service without a selector has user-managed Endpoints (an empty map counts as none too). */
export function hasSelector(svc: KubeObject): boolean {
  const sel = svc.spec?.selector;
  return typeof sel === 'object' && sel !== null && Object.keys(sel).length > 0;
}

export function selects(svc: KubeObject, pod: KubeObject): boolean {
  if (!hasSelector(svc) || pod.metadata.namespace !== svc.metadata.namespace) return false;
  const labels = pod.metadata.labels ?? {};
  return Object.entries(svc.spec.selector as Record<string, string>).every(([k, v]) => labels[k] === v);
}

export function isPodReady(pod: KubeObject): boolean {
  const conds: Array<{ type: string; status: string }> = pod.status?.conditions ?? [];
  return conds.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** ShouldPodBeInEndpoints: an IP, not finished, and not terminating unless the service tolerates it. */
function shouldBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP) return false;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** podutil.FindPort: a number is used as is; a name is looked up in the pod's containers for the same protocol. */
export function findPort(pod: KubeObject, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^[0-9]+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of (pod.spec?.containers ?? []) as Array<{ ports?: ContainerPort[] }>) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

function address(svc: KubeObject, pod: KubeObject): EndpointAddress {
  const a: EndpointAddress = {
    ip: pod.status.podIP,
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
  };
  // pod hostname/subdomain records (headless services): hostname only when the subdomain names this service
  const hostname = pod.spec?.hostname;
  if (hostname && pod.spec?.subdomain === svc.metadata.name) a.hostname = hostname;
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  return a;
}

const portKey = (p: EndpointPort) => `${p.name ?? ''}/${p.port}/${p.protocol}/${p.appProtocol ?? ''}`;
const addrKey = (a: EndpointAddress) => `${a.ip}/${a.targetRef.uid}`;

function compareAddr(a: EndpointAddress, b: EndpointAddress): number {
  return a.ip === b.ip ? a.targetRef.uid.localeCompare(b.targetRef.uid) : ipLess(a.ip, b.ip);
}

function ipLess(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a.localeCompare(b);
}

/**
 * The subsets for `svc` over `pods` (any pods; the selector is applied here).
 * Pods whose named targetPorts resolve differently land in different subsets;
 * addresses with identical port sets share a subset (RepackSubsets). The
 * order is deterministic, so equal inputs give equal output and the
 * controller can skip writes that would change nothing.
 */
export function planSubsets(svc: KubeObject, pods: readonly KubeObject[]): EndpointSubset[] {
  const tolerateUnready = svc.spec?.publishNotReadyAddresses === true;
  const headless = svc.spec?.clusterIP === 'None';
  const svcPorts: ServicePort[] = Array.isArray(svc.spec?.ports) ? svc.spec.ports : [];
  // address -> (ready?, ports)
  const byAddr = new Map<string, { addr: EndpointAddress; ready: boolean; ports: Map<string, EndpointPort> }>();
  for (const pod of pods) {
    if (!selects(svc, pod) || !shouldBeInEndpoints(pod, tolerateUnready)) continue;
    const ports: EndpointPort[] = [];
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      // a pod that lacks the named port is not an endpoint for that port (Kubernetes logs and skips it)
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      ports.push(ep);
    }
    // without service ports only headless services list addresses
    if (svcPorts.length === 0 ? !headless : ports.length === 0) continue;
    const addr = address(svc, pod);
    const ready = tolerateUnready || isPodReady(pod);
    const entry = byAddr.get(addrKey(addr)) ?? { addr, ready, ports: new Map() };
    for (const p of ports) entry.ports.set(portKey(p), p);
    byAddr.set(addrKey(addr), entry);
  }
  // group addresses by their exact port set
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const { addr, ready, ports } of byAddr.values()) {
    const sorted = [...ports.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, p]) => p);
    const key = sorted.map(portKey).join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports: sorted, ready: [], notReady: [] }));
    (ready ? g.ready : g.notReady).push(addr);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, g]) => {
      const s: EndpointSubset = {};
      if (g.ready.length) s.addresses = g.ready.sort(compareAddr);
      if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(compareAddr);
      if (g.ports.length) s.ports = g.ports;
      return s;
    });
}

/** The whole Endpoints object the controller wants for `svc` (labels: the service's, plus headless and managed-by). */
export function desiredEndpoints(svc: KubeObject, pods: readonly KubeObject[]): KubeObject {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}), [MANAGED_LABEL]: MANAGED_VALUE };
  if (svc.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  const ep: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels } };
  // subsets is omitempty in core/v1: a service without endpoints has none
  const subsets = planSubsets(svc, pods);
  if (subsets.length > 0) ep.subsets = subsets;
  return ep;
}
