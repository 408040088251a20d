// ClusterServices documents for proxy tests.
import type { ClusterServices, EndpointEntry, ServiceEntry } from '../../../shared/mqtt/cluster-services.js';
import type { LocalNode } from '../../../agent/proxy/ruleset.js';

export const NODE: LocalNode = {
  name: 'node-a',
  ips: ['198.51.100.10'],
  podCIDR: '10.42.3.0/24',
  bridge: 'ep0',
  clusterCIDR: '10.42.0.0/16',
};

export function ep(ip: string, port: number | Record<string, number>, ready = true): EndpointEntry {
  return { ip, ready, nodeName: 'node-a', ports: typeof port === 'number' ? { '': port } : port };
}

export function svc(name: string, clusterIP: string, o: Partial<ServiceEntry> = {}): ServiceEntry {
  return {
    namespace: 'default',
    name,
    type: 'ClusterIP',
    clusterIP,
    ports: [{ name: '', protocol: 'TCP', port: 80 }],
    sessionAffinity: 'None',
    affinityTimeoutSeconds: 10800,
    endpoints: [],
    ...o,
  };
}

export function doc(services: ServiceEntry[], revision = 1): ClusterServices {
  return {
    revision,
    serviceCIDR: '10.43.0.0/16',
    clusterDNS: '10.43.0.10',
    clusterDomain: 'cluster.local',
    services,
    nodes: [],
  };
}
