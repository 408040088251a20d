// `edgectl scale TYPE/NAME --replicas N`: through the scale subresource, as
// kubectl does, for Deployments and ReplicaSets.

import { Command } from 'commander';
import { CliError } from '../errors.js';
import { kindRef, resourcePath } from '../paths.js';
import { parseResourceArgs } from '../resources.js';
import { openSession, type GlobalOptions } from '../session.js';

const SCALABLE = new Set(['Deployment', 'ReplicaSet']);

export function scaleCommand(): Command {
  return new Command('scale')
    .description('Set a new size for a Deployment or ReplicaSet')
    .argument('<resources...>', 'TYPE NAME... or TYPE/NAME...')
    .requiredOption('--replicas <n>', 'the new desired number of replicas')
    .option('--current-replicas <n>', 'precondition: only scale if the current size is this')
    .action(async (args: string[], opts: { replicas: string; currentReplicas?: string }, cmd: Command) => {
      const replicas = wholeNumber(opts.replicas, '--replicas');
      const current = opts.currentReplicas === undefined ? undefined : wholeNumber(opts.currentReplicas, '--current-replicas');
      const targets = parseResourceArgs(args, 'scale');
      const session = openSession(cmd.optsWithGlobals<GlobalOptions>());
      for (const { kind, names } of targets) {
        if (!SCALABLE.has(kind.kind)) throw new CliError(`cannot scale ${kind.resource}: only deployments and replicasets have a scale subresource`);
        if (names.length === 0) throw new CliError('resource(s) were provided, but no name was specified');
        for (const name of names) {
          const path = `${resourcePath(kind, session.namespace, name)}/scale`;
          const patch: Record<string, unknown> = { spec: { replicas } };
          if (current !== undefined) {
            const scale = await session.client.get(path);
            if (scale.spec?.replicas !== current) throw new CliError(`Expected replicas to be ${current}, was ${scale.spec?.replicas ?? 0}`);
            patch.metadata = { resourceVersion: scale.metadata?.resourceVersion };
          }
          await session.client.call('PATCH', path, { body: patch, contentType: 'application/merge-patch+json' });
          process.stdout.write(`${kindRef(kind)}/${name} scaled\n`);
        }
      }
    });
}

function wholeNumber(v: string, flag: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new CliError(`invalid ${flag} "${v}": must be a whole number, 0 or more`);
  return n;
}
