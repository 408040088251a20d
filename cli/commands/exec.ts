// `edgectl exec POD [-c CONTAINER] -- COMMAND [ARGS...]`: pods/exec over
// WebSocket with the v5/v4.channel.k8s.io protocol (as kubectl ≥1.30):
// channel 1 → stdout, 2 → stderr, 3 → the final Status, whose exit code
// becomes edgectl's. Non-interactive: no stdin, no tty.

import { Command } from 'commander';
import WebSocket from 'ws';
import { CliError } from '../errors.js';
import { openSession, type GlobalOptions } from '../session.js';
import { clientVersion } from '../version-info.js';
import { pickContainer, podName } from './pod-target.js';

export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit code ${code}`);
  }
}

export function execCommand(): Command {
  return new Command('exec')
    .description('Run a command in a container (non-interactive), e.g. edgectl exec web -- cat /etc/hostname')
    .argument('<pod>', 'NAME or pod/NAME')
    .argument('<command...>', 'the command and its arguments, after --')
    .option('-c, --container <name>', 'container name (default: the default or first container)')
    .option('-i, --stdin', 'pass stdin (not supported yet)')
    .option('-t, --tty', 'allocate a TTY (not supported yet)')
    .action(async (arg: string, command: string[], opts: { container?: string; stdin?: boolean; tty?: boolean }, cmd: Command) => {
      if (opts.stdin || opts.tty) throw new CliError('interactive exec (-i/-t) is not supported yet: run a command without them');
      const { client, namespace } = openSession(cmd.optsWithGlobals<GlobalOptions>());
      const pod = podName(arg);
      const container = await pickContainer(client, namespace, pod, opts.container);
      const url = new URL(`${client.server}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/exec`);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.searchParams.set('container', container);
      url.searchParams.set('stdout', 'true');
      url.searchParams.set('stderr', 'true');
      for (const c of command) url.searchParams.append('command', c);
      const code = await runExec(url, client.access.token, client.tlsOptions);
      if (code !== 0) throw new ExitCode(code);
    });
}

function runExec(url: URL, token: string | undefined, tls: { ca?: Buffer; cert?: Buffer; key?: Buffer; insecureSkipTlsVerify?: boolean; servername?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], {
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'user-agent': `edgectl/${clientVersion()}` },
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      rejectUnauthorized: !tls.insecureSkipTlsVerify,
      ...(tls.servername ? { servername: tls.servername } : {}),
    } as WebSocket.ClientOptions);
    let status: any;
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => {
        let msg = `the server answered ${res.statusCode}`;
        try {
          msg = JSON.parse(body).message ?? msg;
        } catch {
          /* not a Status */
        }
        reject(new CliError(`Error from server: ${msg}`));
      });
    });
    ws.on('message', (data: Buffer) => {
      const ch = data[0];
      const payload = data.subarray(1);
      if (ch === 1) process.stdout.write(payload);
      else if (ch === 2) process.stderr.write(payload);
      else if (ch === 3) {
        try {
          status = JSON.parse(payload.toString('utf8'));
        } catch {
          status = { status: 'Failure', message: payload.toString('utf8') };
        }
      }
    });
    ws.on('error', (err) => reject(new CliError(`exec: ${err.message}`)));
    ws.on('close', () => {
      if (!status || status.status === 'Success') return resolve(0);
      if (status.reason === 'NonZeroExitCode') {
        const n = Number(status.details?.causes?.find((c: any) => c.reason === 'ExitCode')?.message);
        return resolve(Number.isInteger(n) && n > 0 ? n : 1);
      }
      reject(new CliError(`Error from server: ${status.message ?? 'exec failed'}`));
    });
  });
}
