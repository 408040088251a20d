// `edgectl api-resources`: the kinds the server serves, from its discovery documents.

import { Command } from 'commander';
import type { ApiClient } from '../client.js';
import { CliError } from '../errors.js';
import { openSession, type GlobalOptions } from '../session.js';
import { TabWriter, TABLE_TABWRITER } from '../tabwriter.js';

interface Options {
  output?: string;
  namespaced?: string;
  headers: boolean;
}

interface Resource {
  name: string;
  shortNames?: string[];
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  categories?: string[];
  groupVersion: string;
}

async function discover(client: ApiClient): Promise<Resource[]> {
  const groupVersions: string[] = ['v1'];
  const groups = await client.get('/apis');
  for (const g of groups.groups ?? []) if (g.preferredVersion?.groupVersion) groupVersions.push(g.preferredVersion.groupVersion);
  const out: Resource[] = [];
  for (const gv of groupVersions) {
    const list = await client.get(gv === 'v1' ? '/api/v1' : `/apis/${gv}`);
    for (const r of list.resources ?? []) {
      // `pods/status` and other subresources are not types one can get
      if (!r.name.includes('/')) out.push({ ...r, groupVersion: gv });
    }
  }
  // kubectl's order: by group (core first), then by name
  const key = (r: Resource) => `${r.groupVersion.includes('/') ? r.groupVersion.split('/')[0] : ''}\0${r.name}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function apiResourcesCommand(): Command {
  return new Command('api-resources')
    .description('Print the resource types the server supports')
    .option('-o, --output <format>', 'wide or name')
    .option('--namespaced <bool>', 'only namespaced (true) or cluster-scoped (false) types')
    .option('--no-headers', 'omit the header')
    .action(async (opts: Options, cmd: Command) => {
      if (opts.output && opts.output !== 'wide' && opts.output !== 'name') throw new CliError(`--output must be 'wide' or 'name', not "${opts.output}"`);
      if (opts.namespaced !== undefined && opts.namespaced !== 'true' && opts.namespaced !== 'false') throw new CliError('--namespaced must be true or false');
      const session = openSession(cmd.optsWithGlobals<GlobalOptions>());
      let resources = await discover(session.client);
      if (opts.namespaced !== undefined) resources = resources.filter((r) => r.namespaced === (opts.namespaced === 'true'));
      if (opts.output === 'name') {
        for (const r of resources) {
          const group = r.groupVersion.includes('/') ? r.groupVersion.split('/')[0] : '';
          process.stdout.write(`${r.name}${group ? '.' + group : ''}\n`);
        }
        return;
      }
      const wide = opts.output === 'wide';
      const tw = new TabWriter(TABLE_TABWRITER);
      if (opts.headers) tw.write(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])].join('\t') + '\n');
      for (const r of resources) {
        const cells = [r.name, (r.shortNames ?? []).join(','), r.groupVersion, String(r.namespaced), r.kind];
        if (wide) cells.push((r.verbs ?? []).join(','), (r.categories ?? []).join(','));
        tw.write(cells.join('\t') + '\n');
      }
      process.stdout.write(tw.flush());
    });
}
