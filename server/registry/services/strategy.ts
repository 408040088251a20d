// Service update rules from kube-apiserver's service strategy
// (pkg/registry/core/service/strategy.go): values the server allocated are
// carried over when an update leaves them empty (a PUT of the original
// manifest must not lose the ClusterIP or NodePorts), and NodePorts are
// dropped when the type no longer needs them and the user did not touch them.

import type { KubeObject } from '../../../shared/api/object.js';

type Port = { name?: string; nodePort?: number };

const wantsNodePorts = (t: unknown) => t === 'NodePort' || t === 'LoadBalancer';

/** Mutates `svc` (the caller's fresh copy). */
export function prepareServiceUpdate(svc: KubeObject, old: KubeObject): void {
  const spec = (svc.spec ??= {});
  const oldSpec = old.spec ?? {};
  // patchAllocatedValues: ClusterIP/ClusterIPs
  if ((spec.clusterIP === undefined || spec.clusterIP === '') && oldSpec.clusterIP) {
    const ips: unknown = spec.clusterIPs;
    if (ips === undefined || (Array.isArray(ips) && (ips.length === 0 || ips[0] === oldSpec.clusterIP))) {
      spec.clusterIP = oldSpec.clusterIP;
      if (ips === undefined || (Array.isArray(ips) && ips.length === 0)) spec.clusterIPs = oldSpec.clusterIPs ?? [oldSpec.clusterIP];
    }
  }
  const newPorts: Port[] = Array.isArray(spec.ports) ? spec.ports : [];
  const oldPorts: Port[] = Array.isArray(oldSpec.ports) ? oldSpec.ports : [];
  const type = spec.type === undefined || spec.type === '' ? 'ClusterIP' : spec.type;
  if (wantsNodePorts(oldSpec.type) && wantsNodePorts(type)) {
    // patchAllocatedValues: NodePorts by port name, unless the value moved to another port
    const used = new Set(newPorts.map((p) => p.nodePort).filter((n): n is number => typeof n === 'number' && n > 0));
    const byName = new Map(oldPorts.map((p) => [p.name ?? '', p.nodePort]));
    for (const p of newPorts) {
      if (p.nodePort !== undefined && p.nodePort !== 0) continue;
      const prev = byName.get(p.name ?? '');
      if (typeof prev === 'number' && prev > 0 && !used.has(prev)) {
        p.nodePort = prev;
        used.add(prev);
      }
    }
  }
  if (wantsNodePorts(oldSpec.type) && !wantsNodePorts(type)) {
    // dropTypeDependentFields: clear NodePorts the user left as they were
    const oldValues = oldPorts.map((p) => p.nodePort ?? 0);
    const same = newPorts.every((p) => p.nodePort === undefined || p.nodePort === 0 || oldValues.includes(p.nodePort));
    if (same) for (const p of newPorts) delete p.nodePort;
  }
}
