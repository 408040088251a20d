// edgectl: the command line, global flags and the one place errors become an
// exit status.

import { Command, CommanderError } from 'commander';
import { apiResourcesCommand } from './commands/api-resources.js';
import { applyCommand } from './commands/apply.js';
import { deleteCommand } from './commands/delete.js';
import { describeCommand } from './commands/describe.js';
import { getCommand } from './commands/get.js';
import { versionCommand } from './commands/version.js';
import { logsCommand } from './commands/logs.js';
import { execCommand, ExitCode } from './commands/exec.js';
import { scaleCommand } from './commands/scale.js';
import { rolloutCommand } from './commands/rollout.js';
import { cordonCommand, uncordonCommand } from './commands/cordon.js';
import { drainCommand } from './commands/drain.js';
import { topCommand } from './commands/top.js';
import { AlreadyReported, reportError } from './errors.js';

function program(): Command {
  const root = new Command('edgectl')
    .description('Control an Edgeplane cluster (kubectl-compatible subset)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, then the server\'s admin kubeconfig in /var/lib/edgeplane)')
    .option('-n, --namespace <namespace>', 'namespace (default: the context\'s namespace, else "default")')
    .option('--context <name>', 'kubeconfig context to use (default: current-context)')
    .option('--request-timeout <duration>', 'give up on a request after this long, e.g. 30s, 1m; 0 waits forever (a watch is never cut off)', '0')
    .option('-s, --server <url>', 'API server URL, overriding the kubeconfig')
    .option('--token <token>', 'bearer token, overriding the kubeconfig')
    .showSuggestionAfterError()
    // errors are reported (and exit codes chosen) in main(), not by commander calling process.exit
    .exitOverride();
  for (const cmd of [applyCommand(), getCommand(), describeCommand(), deleteCommand(), versionCommand(), apiResourcesCommand(), logsCommand(), execCommand(), scaleCommand(), rolloutCommand(), cordonCommand(), uncordonCommand(), drainCommand(), topCommand()]) {
    root.addCommand(cmd.copyInheritedSettings(root));
    // nested commands (rollout status, ...) fail through main() too
    for (const sub of cmd.commands) sub.copyInheritedSettings(cmd);
  }
  return root;
}

/**
 * Node 18 announces its fetch with an ExperimentalWarning on stderr, which would
 * add a line to every command's output; edgectl relies on fetch knowingly.
 */
function silenceFetchWarning(): void {
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'ExperimentalWarning' && String(warning).includes('Fetch API')) return;
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}

/** Runs edgectl with `argv` (as process.argv) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  silenceFetchWarning();
  // `edgectl get pods | head`: a closed pipe is not an error worth a line
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  try {
    await program().parseAsync(argv);
    return 0;
  } catch (err) {
    // commander already printed its own `error: ...` line (or the help)
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof AlreadyReported) return 1;
    // exec: the remote command's exit code is edgectl's, with nothing more to say
    if (err instanceof ExitCode) return err.code;
    reportError(err);
    return 1;
  }
}
