// `edgectl version`: this client's version and the server's (GET /version).

import { Command } from 'commander';
import { CliError } from '../errors.js';
import { formatJson, formatYaml } from '../output.js';
import { openSession, type GlobalOptions } from '../session.js';
import { clientVersion } from '../version-info.js';

interface VersionOptions {
  client?: boolean;
  output?: string;
}

export function versionCommand(): Command {
  return new Command('version')
    .description('Print the client and server versions')
    .option('--client', 'only the client version (no server needed)')
    .option('-o, --output <format>', 'json or yaml')
    .action(async (opts: VersionOptions, cmd: Command) => {
      if (opts.output && opts.output !== 'json' && opts.output !== 'yaml') throw new CliError(`--output must be 'yaml' or 'json', not "${opts.output}"`);
      const client = { gitVersion: clientVersion(), platform: `${process.platform}/${process.arch}`, nodeVersion: process.version };
      if (!opts.output) process.stdout.write(`Client Version: ${client.gitVersion}\n`);
      let server: { gitVersion?: string } | undefined;
      if (!opts.client) {
        // the client version is already out when the server turns out to be unreachable, as with kubectl
        server = await openSession(cmd.optsWithGlobals<GlobalOptions>()).client.get('/version');
        if (!opts.output) process.stdout.write(`Server Version: ${server?.gitVersion ?? 'unknown'}\n`);
      }
      if (opts.output) {
        const doc = { clientVersion: client, ...(server ? { serverVersion: server } : {}) };
        process.stdout.write(opts.output === 'json' ? formatJson(doc) : formatYaml(doc));
      }
    });
}
