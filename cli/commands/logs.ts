// `edgectl logs POD [-c CONTAINER] [-f] [--tail N] [-p] [--limit-bytes N]`:
// the pods/log subresource, streamed to stdout as it arrives.

import { Command, InvalidArgumentError } from 'commander';
import { openSession, type GlobalOptions } from '../session.js';
import { pickContainer, podName } from './pod-target.js';

interface LogsOptions {
  container?: string;
  follow?: boolean;
  tail: number;
  previous?: boolean;
  limitBytes?: number;
}

function integer(min: number) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be an integer >= ${min}`);
    return n;
  };
}

export function logsCommand(): Command {
  return new Command('logs')
    .description("Print the logs of a container in a pod (fetched from the pod's node over MQTT)")
    .argument('<pod>', 'NAME or pod/NAME')
    .option('-c, --container <name>', 'container name (default: the default or first container)')
    .option('-f, --follow', 'keep streaming new output until the container exits')
    .option('--tail <lines>', 'lines of recent log to show; -1 shows all', (v) => (v === '-1' ? -1 : integer(0)(v)), -1)
    .option('-p, --previous', 'the previous instance of the container (after a restart)')
    .option('--limit-bytes <n>', 'stop after this many bytes', integer(1))
    .action(async (arg: string, opts: LogsOptions, cmd: Command) => {
      const { client, namespace } = openSession(cmd.optsWithGlobals<GlobalOptions>());
      const pod = podName(arg);
      const container = await pickContainer(client, namespace, pod, opts.container);
      const stream = await client.rawStream(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`, {
        container,
        follow: opts.follow ? 'true' : undefined,
        tailLines: opts.tail >= 0 ? opts.tail : undefined,
        previous: opts.previous ? 'true' : undefined,
        limitBytes: opts.limitBytes,
      });
      for await (const chunk of stream.chunks) process.stdout.write(chunk);
    });
}
