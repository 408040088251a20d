// core/v1 Service (ValidateService), for the ClusterIP and NodePort types.

import { child, duplicate, forbidden, index, invalid, required } from '../fielderrors.js';
import { isDNS1123Label, isIPv4, isValidIP, isValidPortNum } from '../names.js';
import type { FieldError } from '../object.js';
import { validateLabelName, validateLabels } from './meta.js';
import { validatePortNumOrName } from './probe.js';
import type { J } from './types.js';

/** The NodePort range (kube-apiserver --service-node-port-range default, also k3s'). */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

function validateServicePort(port: J, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !port.name) {
    errs.push(required(child(path, 'name')));
  } else if (port.name) {
    // Service port names are DNS labels (they become SRV record names).
    for (const msg of isDNS1123Label(port.name)) errs.push(invalid(child(path, 'name'), port.name, msg));
    if (names.has(port.name)) errs.push(duplicate(child(path, 'name'), port.name));
    else names.add(port.name);
  }
  if (typeof port.port === 'number') for (const msg of isValidPortNum(port.port)) errs.push(invalid(child(path, 'port'), port.port, msg));
  // targetPort 0 / "" means "same as port" (defaulting fills it in)
  if (port.targetPort !== undefined && port.targetPort !== 0 && port.targetPort !== '') {
    errs.push(...validatePortNumOrName(port.targetPort, child(path, 'targetPort')));
  }
  if (typeof port.appProtocol === 'string') errs.push(...validateLabelName(port.appProtocol, child(path, 'appProtocol')));
  return errs;
}

function validateClusterIPs(spec: J, type: string): FieldError[] {
  const errs: FieldError[] = [];
  const clusterIP: string = spec.clusterIP ?? '';
  const clusterIPs: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  const headless = clusterIP === 'None' || clusterIPs[0] === 'None';
  const checkIP = (ip: string, path: string) => {
    if (ip === 'None' || ip === '') return;
    if (isValidIP(ip).length) errs.push(invalid(path, ip, "must be empty, 'None', or a valid IP address"));
    // The service CIDR is IPv4 (10.43.0.0/16); the cluster is single-stack.
    else if (!isIPv4(ip)) errs.push(invalid(path, ip, 'must be an IPv4 address: this cluster is configured for IPv4 services only'));
  };
  if (clusterIP) checkIP(clusterIP, 'spec.clusterIP');
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && clusterIP && ip !== clusterIP) errs.push(invalid('spec.clusterIPs[0]', ip, 'must match `clusterIP`'));
    else if (!(i === 0 && ip === clusterIP)) checkIP(ip, index('spec.clusterIPs', i));
    if (i === 0 && ip === 'None' && clusterIPs.length > 1) errs.push(invalid('spec.clusterIPs', clusterIPs, "must not have more than one value when the first one is 'None'"));
  });
  if (clusterIPs.length > 1 && !headless) {
    errs.push(invalid('spec.clusterIPs', clusterIPs, 'may specify no more than one IP: this cluster is not configured for dual-stack services'));
  }
  if (headless && type === 'NodePort') {
    errs.push(invalid(clusterIP ? 'spec.clusterIP' : 'spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services"));
  }
  (Array.isArray(spec.ipFamilies) ? spec.ipFamilies : []).forEach((f: string, i: number) => {
    if (f === 'IPv6') errs.push(invalid(index('spec.ipFamilies', i), f, 'not configured on this cluster'));
  });
  if (spec.ipFamilyPolicy === 'RequireDualStack') {
    errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
  }
  return errs;
}

export function validateServiceSpec(spec: J): FieldError[] {
  if (spec === undefined) return [required('spec.ports')];
  const errs: FieldError[] = [];
  const type: string = spec.type ?? 'ClusterIP';
  const ports: J[] = Array.isArray(spec.ports) ? spec.ports : [];
  const headless = spec.clusterIP === 'None' || spec.clusterIPs?.[0] === 'None';
  if (ports.length === 0 && !headless) errs.push(required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, index('spec.ports', i))));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));

  const affinity = spec.sessionAffinity ?? 'None';
  if (affinity === 'ClientIP' && spec.sessionAffinityConfig !== undefined) {
    const cfg = spec.sessionAffinityConfig;
    const p = 'spec.sessionAffinityConfig';
    if (cfg.clientIP === undefined) errs.push(required(child(p, 'clientIP'), 'when session affinity type is ClientIP'));
    else {
      const t = cfg.clientIP.timeoutSeconds;
      if (typeof t === 'number' && (t <= 0 || t > MAX_CLIENT_IP_AFFINITY_SECONDS)) {
        errs.push(invalid(`${p}.clientIP.timeoutSeconds`, t, `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`));
      }
    }
  } else if (affinity === 'None' && spec.sessionAffinityConfig !== undefined) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }

  errs.push(...validateClusterIPs(spec, type));
  (Array.isArray(spec.externalIPs) ? spec.externalIPs : []).forEach((ip: string, i: number) => {
    for (const msg of isValidIP(ip)) errs.push(invalid(index('spec.externalIPs', i), ip, msg));
  });

  ports.forEach((p, i) => {
    if (p.nodePort === undefined || p.nodePort === 0) return;
    const path = `spec.ports[${i}].nodePort`;
    if (type === 'ClusterIP') errs.push(forbidden(path, "may not be used when `type` is 'ClusterIP'"));
    else if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
      errs.push(
        invalid(path, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`),
      );
    }
  });
  const nodePorts = new Set<string>();
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const protocol = p.protocol ?? 'TCP';
    if (p.nodePort) {
      const k = `${protocol}/${p.nodePort}`;
      if (nodePorts.has(k)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
      nodePorts.add(k);
    }
    const k = `${p.port}/${protocol}`;
    if (portKeys.has(k)) errs.push(duplicate(index('spec.ports', i), k));
    portKeys.add(k);
  });

  // External traffic policy only means something where traffic enters from outside.
  const external = type === 'NodePort' || (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (!external && spec.externalTrafficPolicy !== undefined) {
    errs.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  }
  return errs;
}
