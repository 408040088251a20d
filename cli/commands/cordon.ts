// `edgectl cordon NODE` / `uncordon NODE`: set or clear spec.unschedulable
// with the strategic merge patch kubectl sends, printing kubectl's lines
// (`node/edge-1 cordoned`, `node/edge-1 already uncordoned`).

import { Command } from 'commander';
import { KINDS } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client.js';
import { CliError } from '../errors.js';
import { resourcePath } from '../paths.js';
import { openSession, type GlobalOptions } from '../session.js';

const NODE = KINDS.find((k) => k.kind === 'Node')!;

/** Cordon (desired=true) or uncordon one node; returns the line kubectl prints. */
export async function setUnschedulable(client: ApiClient, name: string, desired: boolean): Promise<string> {
  const node = await client.get<KubeObject>(resourcePath(NODE, undefined, name));
  const verb = desired ? 'cordoned' : 'uncordoned';
  if ((node.spec?.unschedulable === true) === desired) return `node/${name} already ${verb}`;
  await client.call('PATCH', resourcePath(NODE, undefined, name), {
    body: { spec: { unschedulable: desired ? true : null } },
    contentType: 'application/strategic-merge-patch+json',
  });
  return `node/${name} ${verb}`;
}

function command(name: 'cordon' | 'uncordon', desired: boolean): Command {
  return new Command(name)
    .description(desired ? 'Mark a node unschedulable' : 'Mark a node schedulable')
    .argument('<node...>', 'node name(s)')
    .action(async (nodes: string[], _opts: unknown, cmd: Command) => {
      if (nodes.length === 0) throw new CliError(`${name} needs a node name`);
      const { client } = openSession(cmd.optsWithGlobals<GlobalOptions>());
      for (const n of nodes) process.stdout.write((await setUnschedulable(client, n, desired)) + '\n');
    });
}

export const cordonCommand = () => command('cordon', true);
export const uncordonCommand = () => command('uncordon', false);
