// `edgectl drain NODE`: kubectl drain's behaviour (k8s.io/kubectl/pkg/drain):
// cordon the node, sort its pods through kubectl's filters (DaemonSet-managed,
// local storage, no controller), evict the rest through the pods/eviction
// subresource and wait until they are gone. Refusals use kubectl's wording.

import { Command } from 'commander';
import { KINDS } from '../../shared/api/kinds.js';
import type { KubeList, KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client.js';
import { parseGoDuration } from '../duration.js';
import { CliError } from '../errors.js';
import { resourcePath } from '../paths.js';
import { openSession, type GlobalOptions } from '../session.js';
import { ApiStatusError } from '../status.js';
import { setUnschedulable } from './cordon.js';

const POD = KINDS.find((k) => k.kind === 'Pod')!;
const DAEMONSET = KINDS.find((k) => k.kind === 'DaemonSet')!;

export const DAEMONSET_FATAL = 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
export const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
export const LOCAL_STORAGE_FATAL = 'cannot delete Pods with local storage (use --delete-emptydir-data to override)';
export const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
export const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
export const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

interface DrainOptions {
  force?: boolean;
  ignoreDaemonsets?: boolean;
  deleteEmptydirData?: boolean;
  gracePeriod: string;
  timeout: string;
}

export interface DrainFlags {
  force: boolean;
  ignoreDaemonsets: boolean;
  deleteEmptydirData: boolean;
}

type Verdict = { delete: boolean; warning?: string; fatal?: string };

const finished = (p: KubeObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const ref = (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`;

/**
 * kubectl's filter chain for one pod (daemonSetFilter, mirrorPodFilter,
 * localStorageFilter, unreplicatedFilter); `dsExists` says whether the owning
 * DaemonSet is still there.
 */
export function judgePod(p: KubeObject, flags: DrainFlags, dsExists: boolean): Verdict {
  const controller = p.metadata.ownerReferences?.find((r) => r.controller);
  if (controller?.kind === 'DaemonSet') {
    if (!dsExists) return flags.force ? { delete: true, warning: `daemonsets.apps "${controller.name}" not found` } : { delete: false, fatal: `daemonsets.apps "${controller.name}" not found` };
    if (!flags.ignoreDaemonsets) return { delete: false, fatal: DAEMONSET_FATAL };
    return { delete: false, warning: DAEMONSET_WARNING };
  }
  if (p.metadata.annotations?.['kubernetes.io/config.mirror']) return { delete: false, warning: 'ignoring mirror pods' };
  let warning: string | undefined;
  const emptyDir = (p.spec?.volumes ?? []).some((v: any) => v.emptyDir);
  if (emptyDir && !finished(p)) {
    if (!flags.deleteEmptydirData) return { delete: false, fatal: LOCAL_STORAGE_FATAL };
    warning = LOCAL_STORAGE_WARNING;
  }
  if (!controller && !finished(p)) {
    if (!flags.force) return { delete: false, fatal: UNMANAGED_FATAL };
    warning = UNMANAGED_WARNING;
  }
  return { delete: true, warning };
}

/** `msg: ns/a, ns/b` per message, as kubectl groups them */
function grouped(entries: Array<[string, KubeObject]>): string[] {
  const by = new Map<string, string[]>();
  for (const [msg, p] of entries) by.set(msg, [...(by.get(msg) ?? []), ref(p)]);
  return [...by].map(([msg, pods]) => `${msg}: ${pods.join(', ')}`);
}

async function evict(client: ApiClient, p: KubeObject, gracePeriod: number): Promise<void> {
  const body = {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name: p.metadata.name, namespace: p.metadata.namespace },
    ...(gracePeriod >= 0 ? { deleteOptions: { gracePeriodSeconds: gracePeriod } } : {}),
  };
  for (;;) {
    try {
      await client.call('POST', `${resourcePath(POD, p.metadata.namespace, p.metadata.name)}/eviction`, { body });
      return;
    } catch (err) {
      if (err instanceof ApiStatusError && err.code === 404) return; // already gone
      // 429: a disruption budget said not now (kubectl retries every 5 s)
      if (err instanceof ApiStatusError && err.code === 429) {
        process.stderr.write(`error when evicting pods/"${p.metadata.name}" -n "${p.metadata.namespace}" (will retry after 5s): ${err.message}\n`);
        await new Promise((r) => setTimeout(r, 5000));
        continue;
      }
      throw err;
    }
  }
}

async function waitGone(client: ApiClient, p: KubeObject, deadline: number, timeoutText: string): Promise<void> {
  for (;;) {
    try {
      const cur = await client.get<KubeObject>(resourcePath(POD, p.metadata.namespace, p.metadata.name));
      if (cur.metadata.uid !== p.metadata.uid) return; // a new pod of the same name
    } catch (err) {
      if (err instanceof ApiStatusError && err.code === 404) return;
      throw err;
    }
    if (Date.now() > deadline) {
      throw new CliError(`error when waiting for pod "${p.metadata.name}" in namespace "${p.metadata.namespace}" to terminate: global timeout reached: ${timeoutText}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

export function drainCommand(): Command {
  return new Command('drain')
    .description('Cordon a node and evict its pods (DaemonSet pods stay with --ignore-daemonsets)')
    .argument('<node>', 'node name')
    .option('--force', 'also delete pods that no controller manages')
    .option('--ignore-daemonsets', 'ignore DaemonSet-managed pods')
    .option('--delete-emptydir-data', 'delete pods with emptyDir volumes (their data is lost)')
    .option('--grace-period <seconds>', 'seconds each pod gets to terminate; -1 uses the pod\'s own', '-1')
    .option('--timeout <duration>', 'give up after this long (e.g. 30s, 5m); 0 waits forever', '0s')
    .action(async (node: string, opts: DrainOptions, cmd: Command) => {
      const gracePeriod = Number(opts.gracePeriod);
      if (!Number.isInteger(gracePeriod) || gracePeriod < -1) throw new CliError(`invalid --grace-period "${opts.gracePeriod}": must be a whole number of seconds, or -1`);
      const timeoutMs = /^\d+$/.test(opts.timeout) ? Number(opts.timeout) * 1000 : parseGoDuration(opts.timeout);
      if (timeoutMs === undefined) throw new CliError(`invalid --timeout "${opts.timeout}": must be a duration like 30s or 5m`);
      const flags: DrainFlags = { force: !!opts.force, ignoreDaemonsets: !!opts.ignoreDaemonsets, deleteEmptydirData: !!opts.deleteEmptydirData };
      const { client } = openSession(cmd.optsWithGlobals<GlobalOptions>());
      const deadline = timeoutMs === 0 ? Infinity : Date.now() + timeoutMs;

      process.stdout.write((await setUnschedulable(client, node, true)) + '\n');
      const list = await client.get<KubeList>(resourcePath(POD), { fieldSelector: `spec.nodeName=${node}` });
      const dsExists = new Map<string, boolean>();
      const fatals: Array<[string, KubeObject]> = [];
      const warnings: Array<[string, KubeObject]> = [];
      const victims: KubeObject[] = [];
      for (const p of list.items) {
        if (p.metadata.deletionTimestamp) continue; // already going
        const c = p.metadata.ownerReferences?.find((r) => r.controller);
        if (c?.kind === 'DaemonSet' && !dsExists.has(`${p.metadata.namespace}/${c.name}`)) {
          const found = await client.get(resourcePath(DAEMONSET, p.metadata.namespace, c.name)).then(
            () => true,
            (err) => {
              if (err instanceof ApiStatusError && err.code === 404) return false;
              throw err;
            },
          );
          dsExists.set(`${p.metadata.namespace}/${c.name}`, found);
        }
        const v = judgePod(p, flags, c ? dsExists.get(`${p.metadata.namespace}/${c.name}`) ?? true : true);
        if (v.fatal) fatals.push([v.fatal, p]);
        else if (v.warning) warnings.push([v.warning, p]);
        if (v.delete) victims.push(p);
      }
      if (fatals.length > 0) throw new CliError(`unable to drain node "${node}": ${grouped(fatals).join('; ')}`);
      for (const w of grouped(warnings)) process.stderr.write(`Warning: ${w}\n`);

      // evict all, then wait for each (kubectl does them in parallel)
      await Promise.all(
        victims.map(async (p) => {
          process.stdout.write(`evicting pod ${ref(p)}\n`);
          await evict(client, p, gracePeriod);
          await waitGone(client, p, deadline, opts.timeout);
          process.stdout.write(`pod/${p.metadata.name} evicted\n`);
        }),
      );
      process.stdout.write(`node/${node} drained\n`);
    });
}
