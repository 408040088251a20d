// `edgectl top nodes [NAME]`: node usage from the resource metrics API
// (metrics.k8s.io/v1beta1 NodeMetrics) against each node's allocatable, in
// kubectl top node's columns.

import { Command } from 'commander';
import { KINDS } from '../../shared/api/kinds.js';
import type { KubeList, KubeObject } from '../../shared/api/object.js';
import { milli, parseQuantity } from '../../shared/api/quantity.js';
import { CliError } from '../errors.js';
import { resourcePath } from '../paths.js';
import { openSession, type GlobalOptions } from '../session.js';
import { ApiStatusError } from '../status.js';
import { TabWriter, TABLE_TABWRITER } from '../tabwriter.js';
import { topPodsCommand } from './top-pods.js';

const NODE = KINDS.find((k) => k.kind === 'Node')!;
const METRICS = '/apis/metrics.k8s.io/v1beta1/nodes';

interface NodeMetrics {
  metadata: { name: string };
  usage: { cpu: string; memory: string };
}

/** kubectl's rows: CPU in millicores, memory in Mi, percentages of allocatable; `<unknown>` without metrics */
export function topNodeRows(metrics: NodeMetrics[], nodes: KubeObject[]): string[][] {
  const byName = new Map(metrics.map((m) => [m.metadata.name, m]));
  const rows: string[][] = [];
  const unknown: string[][] = [];
  for (const n of [...nodes].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
    const m = byName.get(n.metadata.name!);
    if (!m) {
      unknown.push([n.metadata.name!, '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
      continue;
    }
    const cpu = milli(m.usage.cpu);
    const mem = parseQuantity(m.usage.memory);
    const allocCpu = n.status?.allocatable?.cpu ? milli(n.status.allocatable.cpu) : 0;
    const allocMem = n.status?.allocatable?.memory ? parseQuantity(n.status.allocatable.memory) : 0;
    const pct = (v: number, of: number) => (of > 0 ? `${Math.trunc((v * 100) / of)}%` : '<unknown>');
    rows.push([n.metadata.name!, `${cpu}m`, pct(cpu, allocCpu), `${Math.trunc(mem / (1024 * 1024))}Mi`, pct(mem, allocMem)]);
  }
  return [...rows, ...unknown];
}

export function topCommand(): Command {
  const top = new Command('top').description('Show CPU and memory usage of nodes and pods (metrics reported by the agents)');
  top
    .command('nodes')
    .alias('node')
    .alias('no')
    .description('Usage of nodes')
    .argument('[name]', 'one node')
    .option('--no-headers', 'omit the header')
    .action(async (name: string | undefined, opts: { headers: boolean }, cmd: Command) => {
      const { client } = openSession(cmd.optsWithGlobals<GlobalOptions>());
      let metrics: NodeMetrics[];
      try {
        metrics = name ? [await client.get<NodeMetrics>(`${METRICS}/${encodeURIComponent(name)}`)] : (await client.get<{ items: NodeMetrics[] }>(METRICS)).items;
      } catch (err) {
        if (err instanceof ApiStatusError && err.code === 404 && !name) throw new CliError('Metrics API not available');
        if (err instanceof ApiStatusError && err.code === 404) throw new CliError(`nodemetrics.metrics.k8s.io "${name}" not found`);
        throw err;
      }
      const nodes = name ? [await client.get<KubeObject>(resourcePath(NODE, undefined, name))] : (await client.get<KubeList>(resourcePath(NODE))).items;
      const w = new TabWriter(TABLE_TABWRITER);
      if (opts.headers) w.write('NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n');
      for (const r of topNodeRows(metrics, nodes)) w.write(r.join('\t') + '\t\n');
      process.stdout.write(w.flush());
    });
  top.addCommand(topPodsCommand());
  return top;
}
