// `edgectl delete`: by file (-f), by name, by label selector or --all, with a
// propagation policy in the DeleteOptions body like kubectl's --cascade.

import { Command } from 'commander';
import type { KindInfo } from '../../shared/api/kinds.js';
import type { KubeList } from '../../shared/api/object.js';
import type { ApiClient } from '../client.js';
import { AlreadyReported, CliError, errorLine } from '../errors.js';
import { namespaceFor, objectFailure, readManifests } from '../manifests.js';
import { kindRef, resourcePath } from '../paths.js';
import { parseResourceArgs } from '../resources.js';
import { openSession, type GlobalOptions } from '../session.js';
import { ApiStatusError } from '../status.js';
import { collect } from './flags.js';

interface DeleteOptions {
  filename: string[];
  recursive?: boolean;
  selector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  cascade: string;
  ignoreNotFound?: boolean;
  gracePeriod?: string;
}

const CASCADE: Record<string, string> = {
  background: 'Background',
  foreground: 'Foreground',
  orphan: 'Orphan',
  // kubectl's deprecated boolean forms
  true: 'Background',
  false: 'Orphan',
};

/** One object to delete; `fail` words a failure the way the caller wants it reported. */
interface Victim {
  kind: KindInfo;
  namespace: string | undefined;
  name: string;
  fail?: (err: ApiStatusError) => string;
}

export function deleteCommand(): Command {
  return new Command('delete')
    .description('Delete resources by file, by type and name, or by label selector')
    .argument('[resources...]', 'TYPE NAME... or TYPE/NAME...')
    .option('-f, --filename <path>', 'file, directory or - for stdin; repeatable', collect, [])
    .option('-R, --recursive', 'process directories recursively')
    .option('-l, --selector <selector>', 'delete the objects matching this label selector')
    .option('--all', 'delete all objects of the type in the namespace')
    .option('-A, --all-namespaces', 'with -l or --all: in all namespaces')
    .option('--cascade <policy>', 'background, foreground or orphan', 'background')
    .option('--ignore-not-found', 'treat "not found" as a successful delete')
    .option('--grace-period <seconds>', 'seconds given to the object to terminate gracefully')
    .action(async (args: string[], opts: DeleteOptions, cmd: Command) => {
      const propagationPolicy = CASCADE[opts.cascade.toLowerCase()];
      if (!propagationPolicy) throw new CliError(`invalid cascade value (${opts.cascade}). Must be "background", "foreground", or "orphan"`);
      const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy };
      if (opts.gracePeriod !== undefined) {
        const g = Number(opts.gracePeriod);
        if (!Number.isInteger(g) || g < 0) throw new CliError(`invalid --grace-period "${opts.gracePeriod}": must be a whole number of seconds`);
        body.gracePeriodSeconds = g;
      }
      if (opts.filename.length > 0 && args.length > 0) throw new CliError('give either -f or resource arguments, not both');
      const session = openSession(cmd.optsWithGlobals<GlobalOptions>());
      const victims = opts.filename.length > 0 ? await fromFiles(opts, session.namespace, session.namespaceFromFlag) : await fromArgs(session.client, args, opts, session.namespace);
      if (victims === undefined) return;
      let failures = 0;
      for (const v of victims) {
        try {
          await session.client.call('DELETE', resourcePath(v.kind, v.namespace, v.name), { body });
          process.stdout.write(`${kindRef(v.kind)} "${v.name}" deleted\n`);
        } catch (err) {
          if (!(err instanceof ApiStatusError)) throw err;
          if (err.code === 404 && opts.ignoreNotFound) continue;
          process.stderr.write(errorLine(v.fail ? v.fail(err) : err.message) + '\n');
          failures++;
        }
      }
      if (failures > 0) throw new AlreadyReported(failures);
    });
}

async function fromFiles(opts: DeleteOptions, namespace: string, fromFlag: boolean): Promise<Victim[]> {
  const manifests = await readManifests(opts.filename, !!opts.recursive);
  if (manifests.length === 0) throw new CliError('no objects passed to delete');
  return manifests.map((m) => ({
    kind: m.kind,
    namespace: namespaceFor(m, namespace, fromFlag),
    name: m.object.metadata.name!,
    fail: (err) => objectFailure(m, err),
  }));
}

/** Named objects, or the listed ones for -l/--all; undefined when a selection matched nothing. */
async function fromArgs(client: ApiClient, args: string[], opts: DeleteOptions, namespace: string): Promise<Victim[] | undefined> {
  if (args.length === 0) throw new CliError('you must provide one or more resources by argument or filename (-f)');
  const targets = parseResourceArgs(args, 'delete');
  const named = targets.some((t) => t.names.length > 0);
  const selecting = !!opts.selector || !!opts.all;
  if (named && selecting) throw new CliError('name cannot be provided when a selector or --all is specified');
  if (!named && !selecting) throw new CliError('resource(s) were provided, but no name was specified; use a name, -l <selector> or --all');
  if (named) return targets.flatMap((t) => t.names.map((name) => ({ kind: t.kind, namespace: t.kind.namespaced ? namespace : undefined, name })));
  const victims: Victim[] = [];
  for (const { kind } of targets) {
    const listNamespace = opts.allNamespaces ? undefined : namespace;
    const list = await client.get<KubeList>(resourcePath(kind, listNamespace), { labelSelector: opts.selector });
    for (const o of list.items ?? []) victims.push({ kind, namespace: o.metadata.namespace || undefined, name: o.metadata.name! });
  }
  if (victims.length === 0) {
    process.stderr.write('No resources found\n');
    return undefined;
  }
  return victims;
}
