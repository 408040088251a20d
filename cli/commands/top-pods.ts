// `edgectl top pods [NAME]`: pod usage from the resource metrics API
// (metrics.k8s.io/v1beta1 PodMetrics, sampled by the agents from the
// containers' cgroups), in kubectl top pod's columns: CPU in millicores
// rounded up, memory in Mi rounded down.

import { Command } from 'commander';
import { KINDS } from '../../shared/api/kinds.js';
import type { KubeList } from '../../shared/api/object.js';
import { milli, parseQuantity } from '../../shared/api/quantity.js';
import { CliError } from '../errors.js';
import { resourcePath } from '../paths.js';
import { openSession, type GlobalOptions } from '../session.js';
import { ApiStatusError } from '../status.js';
import { TabWriter, TABLE_TABWRITER } from '../tabwriter.js';

const POD = KINDS.find((k) => k.kind === 'Pod')!;
const METRICS = '/apis/metrics.k8s.io/v1beta1';

export interface PodMetrics {
  metadata: { name: string; namespace: string };
  containers: Array<{ name: string; usage: { cpu: string; memory: string } }>;
}

export interface TopPodsOptions {
  allNamespaces?: boolean;
  containers?: boolean;
  sortBy?: 'cpu' | 'memory';
}

const cpuText = (m: number) => `${m}m`;
const memText = (bytes: number) => `${Math.trunc(bytes / (1024 * 1024))}Mi`;

/** kubectl's header and rows; pods (or containers) sorted by namespace/name, or by usage descending */
export function topPodRows(items: PodMetrics[], o: TopPodsOptions = {}): string[][] {
  type Row = { ns: string; pod: string; container?: string; cpu: number; mem: number };
  const rows: Row[] = [];
  for (const p of items) {
    const cs = p.containers.map((c) => ({ name: c.name, cpu: milli(c.usage.cpu), mem: parseQuantity(c.usage.memory) }));
    if (o.containers) for (const c of cs) rows.push({ ns: p.metadata.namespace, pod: p.metadata.name, container: c.name, cpu: c.cpu, mem: c.mem });
    else rows.push({ ns: p.metadata.namespace, pod: p.metadata.name, cpu: cs.reduce((n, c) => n + c.cpu, 0), mem: cs.reduce((n, c) => n + c.mem, 0) });
  }
  const key = (r: Row) => `${r.ns}\0${r.pod}\0${r.container ?? ''}`;
  rows.sort((a, b) => {
    if (o.sortBy === 'cpu' && a.cpu !== b.cpu) return b.cpu - a.cpu;
    if (o.sortBy === 'memory' && a.mem !== b.mem) return b.mem - a.mem;
    return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  });
  const header = [...(o.allNamespaces ? ['NAMESPACE'] : []), ...(o.containers ? ['POD', 'NAME'] : ['NAME']), 'CPU(cores)', 'MEMORY(bytes)'];
  return [
    header,
    ...rows.map((r) => [...(o.allNamespaces ? [r.ns] : []), r.pod, ...(o.containers ? [r.container!] : []), cpuText(r.cpu), memText(r.mem)]),
  ];
}

interface Flags {
  allNamespaces?: boolean;
  containers?: boolean;
  selector?: string;
  sortBy?: string;
  headers: boolean;
}

export function topPodsCommand(): Command {
  return new Command('pods')
    .alias('pod')
    .alias('po')
    .description('Usage of pods (CPU and memory working set, as the agents sample them)')
    .argument('[name]', 'one pod')
    .option('-A, --all-namespaces', 'pods in all namespaces')
    .option('-l, --selector <selector>', 'label selector, e.g. app=web')
    .option('--containers', 'one row per container')
    .option('--sort-by <cpu|memory>', 'sort by usage, largest first')
    .option('--no-headers', 'omit the header')
    .action(async (name: string | undefined, opts: Flags, cmd: Command) => {
      const session = openSession(cmd.optsWithGlobals<GlobalOptions>());
      const { client } = session;
      if (name && opts.selector) throw new CliError('only one of NAME or --selector can be provided');
      if (opts.sortBy !== undefined && opts.sortBy !== 'cpu' && opts.sortBy !== 'memory') throw new CliError(`--sort-by accepts only cpu or memory, not "${opts.sortBy}"`);
      const ns = opts.allNamespaces ? undefined : session.namespace;
      const base = ns ? `${METRICS}/namespaces/${encodeURIComponent(ns)}/pods` : `${METRICS}/pods`;
      let items: PodMetrics[];
      try {
        items = name ? [await client.get<PodMetrics>(`${base}/${encodeURIComponent(name)}`)] : (await client.get<{ items: PodMetrics[] }>(base, { labelSelector: opts.selector })).items;
      } catch (err) {
        if (!(err instanceof ApiStatusError && err.code === 404)) throw err;
        if (!name || (err.status as { details?: { group?: string } }).details?.group !== 'metrics.k8s.io') throw new CliError('Metrics API not available');
        throw new CliError(`podmetrics.metrics.k8s.io "${ns ?? ''}/${name}" not found`);
      }
      if (items.length === 0) {
        // as kubectl: pods without usage yet are "not available yet"; no pods at all is not an error
        const pods = await client.get<KubeList>(resourcePath(POD, ns), { labelSelector: opts.selector, limit: 1 });
        if (pods.items.length > 0) throw new CliError('metrics not available yet');
        process.stderr.write(ns ? `No resources found in ${ns} namespace.\n` : 'No resources found\n');
        return;
      }
      const [header, ...rows] = topPodRows(items, { allNamespaces: !ns, containers: opts.containers, sortBy: opts.sortBy as TopPodsOptions['sortBy'] });
      const w = new TabWriter(TABLE_TABWRITER);
      if (opts.headers) w.write(header!.join('\t') + '\t\n');
      for (const r of rows) w.write(r.join('\t') + '\t\n');
      process.stdout.write(w.flush());
    });
}
