// core/v1 defaults other than pods (pkg/apis/core/v1/defaults.go and the
// conversions/strategies that shape what the apiserver stores).

import { isObj, normalizeQuantities, objects, unset, type Obj } from './util.js';

/** ClientIP affinity sticks for 3 hours unless told otherwise. */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

export function defaultService(obj: Obj): void {
  if (obj.spec === undefined) obj.spec = {};
  const spec = obj.spec;
  if (!isObj(spec)) return;
  if (unset(spec.sessionAffinity)) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = spec.sessionAffinityConfig;
    if (!isObj(cfg) || !isObj(cfg.clientIP) || cfg.clientIP.timeoutSeconds === undefined) {
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
    }
  }
  if (unset(spec.type)) spec.type = 'ClusterIP';
  for (const port of objects(spec.ports)) {
    if (unset(port.protocol)) port.protocol = 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  const externallyAccessible = spec.type === 'NodePort' || (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (externallyAccessible && unset(spec.externalTrafficPolicy)) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined && (spec.type === 'ClusterIP' || spec.type === 'NodePort')) spec.internalTrafficPolicy = 'Cluster';
  // clusterIP and clusterIPs describe the same thing (normalizeClusterIPs).
  if (!unset(spec.clusterIP) && spec.clusterIPs === undefined) spec.clusterIPs = [spec.clusterIP];
  if (unset(spec.clusterIP) && Array.isArray(spec.clusterIPs) && typeof spec.clusterIPs[0] === 'string') spec.clusterIP = spec.clusterIPs[0];
  // What the apiserver records for a single-stack IPv4 cluster (10.43.0.0/16).
  if (spec.ipFamilyPolicy === undefined) spec.ipFamilyPolicy = 'SingleStack';
  if (spec.ipFamilies === undefined) spec.ipFamilies = ['IPv4'];
}

export function defaultEndpoints(obj: Obj): void {
  for (const subset of objects(obj.subsets)) for (const port of objects(subset.ports)) if (unset(port.protocol)) port.protocol = 'TCP';
}

/** stringData is a write-only convenience: merged into data (base64), then dropped. */
export function defaultSecret(obj: Obj): void {
  if (unset(obj.type)) obj.type = 'Opaque';
  if (isObj(obj.stringData)) {
    const data: Obj = isObj(obj.data) ? obj.data : {};
    for (const [k, v] of Object.entries(obj.stringData)) if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
    obj.data = data;
  }
  delete obj.stringData;
}

export function defaultNamespace(obj: Obj): void {
  // The kubernetes.io/metadata.name label lets selectors (network policy, webhooks) pick namespaces by name.
  const name = isObj(obj.metadata) ? obj.metadata.name : undefined;
  if (typeof name === 'string' && name) {
    if (!isObj(obj.metadata.labels)) obj.metadata.labels = {};
    obj.metadata.labels['kubernetes.io/metadata.name'] = name;
  }
  if (obj.status === undefined) obj.status = {};
  if (isObj(obj.status) && unset(obj.status.phase)) obj.status.phase = 'Active';
}

export function defaultNode(obj: Obj): void {
  const spec = obj.spec;
  if (isObj(spec)) {
    // podCIDR is the first of podCIDRs (the v1 conversion keeps them in step).
    if (!unset(spec.podCIDR) && spec.podCIDRs === undefined) spec.podCIDRs = [spec.podCIDR];
    if (Array.isArray(spec.podCIDRs) && typeof spec.podCIDRs[0] === 'string') spec.podCIDR = spec.podCIDRs[0];
  }
  const status = obj.status;
  if (isObj(status)) {
    normalizeQuantities(status.capacity, 'BinarySI');
    normalizeQuantities(status.allocatable, 'BinarySI');
    // Without reservations, everything the node has is schedulable (SetDefaults_NodeStatus).
    if (status.allocatable === undefined && isObj(status.capacity)) status.allocatable = { ...status.capacity };
  }
}
