import type { ClusterServices } from '../../../shared/mqtt/cluster-services.js';

export const CS: ClusterServices = {
  revision: 42,
  serviceCIDR: '10.43.0.0/16',
  clusterDNS: '10.43.0.10',
  clusterDomain: 'cluster.local',
  nodes: [],
  services: [
    {
      namespace: 'default',
      name: 'web',
      type: 'ClusterIP',
      clusterIP: '10.43.12.7',
      ports: [
        { name: 'http', protocol: 'TCP', port: 80 },
        { name: '', protocol: 'TCP', port: 81 },
      ],
      sessionAffinity: 'None',
      affinityTimeoutSeconds: 10800,
      endpoints: [{ ip: '10.42.0.5', ready: true, ports: { http: 8080 } }],
    },
    {
      namespace: 'db',
      name: 'pg',
      type: 'ClusterIP',
      clusterIP: 'None',
      ports: [{ name: 'pg', protocol: 'TCP', port: 5432 }],
      sessionAffinity: 'None',
      affinityTimeoutSeconds: 10800,
      endpoints: [
        { ip: '10.42.1.3', ready: true, hostname: 'pg-0', ports: { pg: 5433 } },
        { ip: '10.42.0.9', ready: true, ports: { pg: 5432 } },
        { ip: '10.42.0.10', ready: false, ports: { pg: 5432 } },
      ],
    },
    {
      namespace: 'db',
      name: 'empty',
      type: 'ClusterIP',
      clusterIP: 'None',
      ports: [],
      sessionAffinity: 'None',
      affinityTimeoutSeconds: 10800,
      endpoints: [],
    },
  ],
};
