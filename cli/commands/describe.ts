// `edgectl describe`: one human-oriented report per object (cli/describe/).

import { Command } from 'commander';
import type { KubeObject, KubeList } from '../../shared/api/object.js';
import type { KindInfo } from '../../shared/api/kinds.js';
import type { ApiClient } from '../client.js';
import { describeObject } from '../describe/index.js';
import { AlreadyReported, CliError, errorLine } from '../errors.js';
import { withTypeMeta } from '../output.js';
import { resourcePath } from '../paths.js';
import { parseResourceArgs } from '../resources.js';
import { openSession, type GlobalOptions } from '../session.js';
import { ApiStatusError } from '../status.js';

interface DescribeOptions {
  selector?: string;
  allNamespaces?: boolean;
}

export function describeCommand(): Command {
  return new Command('describe')
    .description('Show details of a resource or group of resources')
    .argument('[resources...]', 'TYPE [NAME_PREFIX...] or TYPE/NAME...')
    .option('-l, --selector <selector>', 'label selector')
    .option('-A, --all-namespaces', 'across all namespaces')
    .action(async (args: string[], opts: DescribeOptions, cmd: Command) => {
      if (args.length === 0) throw new CliError('you must specify the type of resource to describe, e.g. `edgectl describe pod web`');
      const session = openSession(cmd.optsWithGlobals<GlobalOptions>());
      const namespace = opts.allNamespaces ? undefined : session.namespace;
      const errors: string[] = [];
      const reports: string[] = [];
      for (const { kind, names } of parseResourceArgs(args, 'describe')) {
        const objects: KubeObject[] = [];
        if (names.length === 0) objects.push(...(await listAll(session.client, kind, namespace, opts.selector)));
        for (const n of names) objects.push(...(await findByName(session.client, kind, namespace ?? session.namespace, n, errors)));
        for (const obj of objects) reports.push(await describeObject(session.client, kind, obj));
      }
      // kubectl separates several descriptions by two empty lines
      process.stdout.write(reports.join('\n\n'));
      for (const e of errors) process.stderr.write(errorLine(e) + '\n');
      if (errors.length > 0) throw new AlreadyReported(errors.length);
      if (reports.length === 0) process.stderr.write(namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
    });
}

async function listAll(client: ApiClient, kind: KindInfo, namespace: string | undefined, selector: string | undefined): Promise<KubeObject[]> {
  const list = await client.get<KubeList>(resourcePath(kind, namespace), { labelSelector: selector });
  return (list.items ?? []).map((o) => withTypeMeta(o, kind));
}

/** The object of that name, or - as kubectl does - all objects whose name starts with it. */
async function findByName(client: ApiClient, kind: KindInfo, namespace: string, name: string, errors: string[]): Promise<KubeObject[]> {
  try {
    return [await client.get<KubeObject>(resourcePath(kind, namespace, name))];
  } catch (err) {
    if (!(err instanceof ApiStatusError) || err.code !== 404) throw err;
    const matches = (await listAll(client, kind, namespace, undefined)).filter((o) => o.metadata.name?.startsWith(name));
    if (matches.length === 0) errors.push(err.message);
    return matches;
  }
}
