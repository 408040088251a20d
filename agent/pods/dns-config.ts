// The pod's /etc/resolv.conf (kubelet's pkg/kubelet/network/dns): the DNS
// policy decides the base (cluster DNS with the Kubernetes search path, or
// the node's own resolv.conf, or nothing), then spec.dnsConfig is merged in.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseResolvConf, type ResolvConf } from '../dns/resolv-conf.js';
import { DEFAULT_CLUSTER_DNS, DEFAULT_CLUSTER_DOMAIN } from '../../shared/mqtt/cluster-services.js';
import type { Mount } from '../runtime/types.js';
import type { Pod } from './types.js';
import { podDir } from './volumes.js';

/** The pod worker's `dns` option. Functions are read at every container start, so a new cluster DNS address applies from then on. */
export interface PodDnsOptions {
  /** cluster DNS server(s) (default 10.43.0.10) */
  clusterDNS?: string | string[] | (() => string | string[]);
  /** cluster domain (default cluster.local) */
  clusterDomain?: string | (() => string);
  /** the node's resolv.conf: dnsPolicy Default, and search domains appended for ClusterFirst (default /etc/resolv.conf) */
  resolvConfPath?: string;
}

export interface DnsInputs {
  clusterDNS: string[];
  clusterDomain: string;
  node: ResolvConf;
}

/** glibc reads at most 3 nameservers (MAXNS); kubelet drops the rest too. */
const MAX_NAMESERVERS = 3;
/** kubelet's limit on search domains (MaxDNSSearchPaths). */
const MAX_SEARCHES = 32;

const unique = (xs: string[]) => [...new Set(xs)];

/** Options merge by name; the pod's value wins (mergeDNSOptions). */
function mergeOptions(base: string[], extra: Array<{ name?: string; value?: string }>): string[] {
  const byName = new Map<string, string>();
  for (const o of base) {
    const i = o.indexOf(':');
    byName.set(i < 0 ? o : o.slice(0, i), o);
  }
  for (const o of extra) if (o.name) byName.set(o.name, o.value !== undefined && o.value !== '' ? `${o.name}:${o.value}` : o.name);
  return [...byName.values()];
}

/** The resolv.conf the pod's containers see. */
export function podResolvConf(pod: Pod, inputs: DnsInputs): string {
  const spec = (pod.spec ?? {}) as Record<string, any>;
  const policy: string = spec.dnsPolicy || 'ClusterFirst';
  const hostNetwork = spec.hostNetwork === true;
  let conf: ResolvConf;
  // ClusterFirst on the host network means Default (kubelet's getPodDNSType)
  if (policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !hostNetwork)) {
    const ns = pod.metadata.namespace || 'default';
    const d = inputs.clusterDomain;
    conf = {
      nameservers: [...inputs.clusterDNS],
      searches: unique([`${ns}.svc.${d}`, `svc.${d}`, d, ...inputs.node.searches]),
      options: ['ndots:5'],
    };
  } else if (policy === 'None') {
    conf = { nameservers: [], searches: [], options: [] };
  } else {
    conf = { nameservers: [...inputs.node.nameservers], searches: [...inputs.node.searches], options: [...inputs.node.options] };
  }
  const extra = (spec.dnsConfig ?? {}) as { nameservers?: string[]; searches?: string[]; options?: Array<{ name?: string; value?: string }> };
  conf = {
    nameservers: unique([...conf.nameservers, ...(extra.nameservers ?? [])]).slice(0, MAX_NAMESERVERS),
    searches: unique([...conf.searches, ...(extra.searches ?? [])]).slice(0, MAX_SEARCHES),
    options: mergeOptions(conf.options, extra.options ?? []),
  };
  const lines: string[] = [];
  if (conf.searches.length) lines.push(`search ${conf.searches.join(' ')}`);
  for (const s of conf.nameservers) lines.push(`nameserver ${s}`);
  if (conf.options.length) lines.push(`options ${conf.options.join(' ')}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function value<T>(v: T | (() => T) | undefined): T | undefined {
  return typeof v === 'function' ? (v as () => T)() : v;
}

export async function resolveDnsInputs(opts: PodDnsOptions = {}): Promise<DnsInputs> {
  const dns = value(opts.clusterDNS) ?? DEFAULT_CLUSTER_DNS;
  const text = await readFile(opts.resolvConfPath ?? '/etc/resolv.conf', 'utf8').catch(() => '');
  return {
    clusterDNS: Array.isArray(dns) ? dns : [dns],
    clusterDomain: value(opts.clusterDomain) ?? DEFAULT_CLUSTER_DOMAIN,
    node: parseResolvConf(text),
  };
}

/**
 * Write <podDir>/resolv.conf and return its mount (kubelet writes one per
 * sandbox and containerd bind-mounts it into every container). Rewritten at
 * each container start so a changed cluster DNS reaches restarted containers.
 */
export async function prepareResolvConf(pod: Pod, dataDir: string, opts: PodDnsOptions = {}): Promise<Mount> {
  const dir = podDir(dataDir, pod.metadata.uid!);
  await mkdir(dir, { recursive: true });
  const hostPath = join(dir, 'resolv.conf');
  await writeFile(hostPath, podResolvConf(pod, await resolveDnsInputs(opts)), { mode: 0o644 });
  return { hostPath, containerPath: '/etc/resolv.conf', readOnly: false };
}
