// Service rows: printService, getServiceExternalIP and makePortString in
// k8s.io/kubernetes/pkg/printers/internalversion/printers.go. The apiserver
// prints with Wide set, so load-balancer addresses are never clipped.

import type { KubeObject } from '../../../../shared/api/object.js';
import { ageColumn, column, nameColumn } from '../columns.js';
import { translateTimestampSince } from '../../../../shared/duration.js';
import { formatLabels, list } from '../format.js';
import type { PrintedRow, Printer } from '../printer.js';

interface ServicePort {
  port: number;
  nodePort?: number;
  protocol?: string;
}

/** `80/TCP`, or `80:30080/TCP` with a node port. */
export function makePortString(ports: ServicePort[]): string {
  return ports
    .map((p) => {
      const protocol = p.protocol || 'TCP'; // Kubernetes defaults the protocol to TCP
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
    })
    .join(',');
}

function loadBalancerAddresses(svc: KubeObject): string {
  const ingress = list<{ ip?: string; hostname?: string }>(svc.status?.loadBalancer?.ingress);
  const set = new Set<string>();
  for (const i of ingress) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(',');
}

export function serviceExternalIP(svc: KubeObject): string {
  const externalIPs = list<string>(svc.spec?.externalIPs);
  switch (serviceType(svc)) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** spec.type, defaulted to ClusterIP as Kubernetes does on create. */
function serviceType(svc: KubeObject): string {
  return svc.spec?.type || 'ClusterIP';
}

function printService(svc: KubeObject, now: Date): PrintedRow {
  const clusterIPs = list<string>(svc.spec?.clusterIPs);
  const clusterIP = clusterIPs[0] || svc.spec?.clusterIP || '<none>';
  const ports = makePortString(list<ServicePort>(svc.spec?.ports));
  return {
    cells: [
      svc.metadata.name ?? '',
      serviceType(svc),
      clusterIP,
      serviceExternalIP(svc),
      ports || '<none>',
      translateTimestampSince(svc.metadata.creationTimestamp, now),
      formatLabels(svc.spec?.selector),
    ],
  };
}

export const servicePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
    column('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    ageColumn(),
    column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', { priority: 1 }),
  ],
  print: printService,
};
