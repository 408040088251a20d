// kubectl describe service, with the Endpoints object of the same name.

import type { KubeObject } from '../../shared/api/object.js';
import { formatLabels } from '../table.js';
import { writeMeta } from './format.js';
import type { DescribeWriter } from './writer.js';

/** kubectl's formatEndpoints: up to three `ip:port` for the port, then `+ N more...`. */
export function formatEndpoints(endpoints: KubeObject | undefined, portName: string | undefined): string {
  const subsets: any[] = (endpoints as any)?.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  const add = (s: string) => {
    if (list.length < max) list.push(s);
    count++;
  };
  for (const ss of subsets) {
    const addresses: any[] = ss.addresses ?? [];
    if (!ss.ports?.length) {
      for (const a of addresses) add(a.ip);
      continue;
    }
    for (const port of ss.ports) {
      if ((port.name ?? '') !== (portName ?? '')) continue;
      for (const a of addresses) add(a.ip.includes(':') ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
    }
  }
  return count > max ? `${list.join(',')} + ${count - max} more...` : list.join(',');
}

export function renderService(w: DescribeWriter, svc: KubeObject, endpoints: KubeObject | undefined): void {
  const spec = svc.spec ?? {};
  writeMeta(w, svc, true);
  w.line(0, 'Selector:', formatLabels(spec.selector));
  w.line(0, 'Type:', spec.type ?? 'ClusterIP');
  if (spec.ipFamilyPolicy) w.line(0, 'IP Family Policy:', spec.ipFamilyPolicy);
  w.line(0, 'IP Families:', spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>');
  w.line(0, 'IP:', spec.clusterIP ?? '');
  w.line(0, 'IPs:', spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>');
  if (spec.externalIPs?.length) w.line(0, 'External IPs:', spec.externalIPs.join(','));
  if (spec.externalName) w.line(0, 'External Name:', spec.externalName);
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    const protocol = p.protocol ?? 'TCP';
    w.line(0, 'Port:', name, `${p.port}/${protocol}`);
    w.line(0, 'TargetPort:', `${p.targetPort ?? p.port}/${protocol}`);
    if (p.nodePort) w.line(0, 'NodePort:', name, `${p.nodePort}/${protocol}`);
    w.line(0, 'Endpoints:', formatEndpoints(endpoints, p.name));
  }
  w.line(0, 'Session Affinity:', spec.sessionAffinity ?? 'None');
  if (spec.externalTrafficPolicy) w.line(0, 'External Traffic Policy:', spec.externalTrafficPolicy);
  if (spec.internalTrafficPolicy) w.line(0, 'Internal Traffic Policy:', spec.internalTrafficPolicy);
}
