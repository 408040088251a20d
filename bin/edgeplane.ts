#!/usr/bin/env -S node --max-semi-space-size=4
// The flag above caps V8's young generation at 4 MiB per semi-space (Node's
// default is 16 MiB): the server's resident memory under load drops by ~50 MB
// at the same throughput (docs/benchmarks.md). systemd/edgeplane-server.service
// and scripts/run.sh pass the same flag when they start node explicitly.
// `edgeplane`: the daemons, `edgeplane server` and `edgeplane agent`.

import { Command, InvalidArgumentError } from 'commander';
import { EDGEPLANE_VERSION } from '../shared/version.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

const program = new Command('edgeplane')
  .description('Edgeplane: a Kubernetes-style control plane for fleets of edge devices')
  .version(EDGEPLANE_VERSION)
  .showHelpAfterError(false)
  .configureOutput({ outputError: (str, write) => write(str.split('\n')[0] + '\n') });

program
  .command('server')
  .description('run the control plane: API, store (and broker, scheduler, controllers as they land)')
  .option('--data-dir <dir>', 'where state and credentials live', '/var/lib/edgeplane/server')
  .option('--bind-address <addr>', 'address the API and broker listen on', '0.0.0.0')
  .option('--http-port <port>', 'API port (0 = any free port)', port, 6443)
  .option('--mqtt-port <port>', 'MQTT broker port (0 = any free port)', port, 1883)
  .option('--tls-san <names>', 'extra DNS names or IPs for the API certificate (comma-separated, repeatable)', (v: string, prev: string[]) => [...prev, ...v.split(',').filter(Boolean)], [] as string[])
  // opt-in: a server started by tests or the quick-start script must not reach out to public registries
  .option('--image-platform-lookup', "when scheduling, ask image registries which os/arch an image provides (the systemd unit enables it)", false)
  .option('--controllers <list>', "controllers to run, as kube-controller-manager's flag: '*' is all, 'name' enables, '-name' disables (deployment, replicaset)", '*')
  .option('--default-not-ready-toleration-seconds <s>', 'tolerationSeconds of the not-ready:NoExecute toleration added to every pod without one', seconds, 300)
  .option('--default-unreachable-toleration-seconds <s>', 'tolerationSeconds of the unreachable:NoExecute toleration added to every pod without one', seconds, 300)
  .action(async (opts: { dataDir: string; bindAddress: string; httpPort: number; mqttPort: number; tlsSan: string[]; imagePlatformLookup: boolean; controllers: string; defaultNotReadyTolerationSeconds: number; defaultUnreachableTolerationSeconds: number }) => {
    const { startServer } = await import('../server/main.js');
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({ ...opts, tlsSans: opts.tlsSan, controllers: opts.controllers.split(',').filter(Boolean) });
    } catch (err) {
      console.error(`edgeplane: cannot start the server: ${(err as Error).message}`);
      process.exit(1);
    }
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`edgeplane: ${signal}: shutting down`);
      await server.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  });

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${value} is not a whole number of seconds`);
  return n;
}

function labels(value: string, prev: Record<string, string>): Record<string, string> {
  const out = { ...prev };
  for (const kv of value.split(',').filter(Boolean)) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new InvalidArgumentError(`label ${kv} must be key=value`);
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

program
  .command('agent')
  .description('run the node agent: join the server over MQTT, report node status, run the pods bound to this node')
  .option('--server <host:port>', 'the server\'s MQTT address (required unless --cleanup)')
  .option('--cleanup', 'remove the agent\'s nftables table and pod routes, then exit (pods are not touched)')
  .option('--token <token>', 'join token (<server data dir>/join-token); needed only for the first join')
  .option('--node-name <name>', 'node name (default: the hostname)')
  .option('--node-ip <ip>', 'the address other nodes reach this one at (default: the default route\'s interface)')
  .option('--data-dir <dir>', 'where the agent keeps its credential, desired state and pod data', '/var/lib/edgeplane/agent')
  .option('--labels <k=v,...>', 'node labels set at join (repeatable)', labels, {} as Record<string, string>)
  .option('--runtime <name>', 'container runtime adapter: auto (nerdctl if installed, else ctr), ctr, nerdctl', runtimeName, 'auto')
  .option('--containerd-address <path>', 'containerd socket', '/run/containerd/containerd.sock')
  .option('--containerd-namespace <ns>', 'containerd namespace for pods', 'edgeplane')
  .option('--cni-bin-dir <dir>', 'CNI plugin directory', '/usr/lib/cni')
  .option('--disable-service-routing', 'do not program nftables service rules and pod routes (another component does)')
  .option('--disable-dns', 'do not serve cluster DNS on the pod gateway address')
  .action(async (opts: AgentCliOptions) => {
    // agent code only: it must run on Node 18 and never load server modules
    if (opts.cleanup) {
      const { cleanupServiceRouting } = await import('../agent/proxy/routing.js');
      try {
        const r = await cleanupServiceRouting();
        console.log(`edgeplane-agent: cleanup: ${r.table ? 'removed the nftables table' : 'no nftables table'}, ${r.routes.plan.delete.length} route(s) removed`);
        process.exit(r.routes.errors.length ? 1 : 0);
      } catch (err) {
        console.error(`edgeplane-agent: cleanup failed: ${(err as Error).message}`);
        process.exit(1);
      }
    }
    if (!opts.server) {
      console.error("edgeplane-agent: required option '--server <host:port>' not specified");
      process.exit(1);
    }
    const { runNode } = await import('../agent/node.js');
    let node: Awaited<ReturnType<typeof runNode>>;
    try {
      node = await runNode({
        server: opts.server,
        token: opts.token ?? process.env.EDGEPLANE_TOKEN,
        nodeName: opts.nodeName,
        nodeIP: opts.nodeIp,
        dataDir: opts.dataDir,
        labels: opts.labels,
        runtime: opts.runtime,
        containerd: { address: opts.containerdAddress, namespace: opts.containerdNamespace },
        cniBinDir: opts.cniBinDir,
        serviceRouting: !opts.disableServiceRouting,
        dns: !opts.disableDns,
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      console.error(`edgeplane-agent: cannot start${code ? ` (${code})` : ''}: ${(err as Error).message}`);
      process.exit(1);
    }
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`edgeplane-agent: ${signal}: shutting down (pods keep running)`);
      await node.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  });

interface AgentCliOptions {
  cleanup?: boolean;
  server?: string;
  token?: string;
  nodeName?: string;
  nodeIp?: string;
  dataDir: string;
  labels: Record<string, string>;
  runtime: 'auto' | 'ctr' | 'nerdctl';
  containerdAddress: string;
  containerdNamespace: string;
  cniBinDir: string;
  disableServiceRouting?: boolean;
  disableDns?: boolean;
}

function runtimeName(v: string): 'auto' | 'ctr' | 'nerdctl' {
  if (v !== 'auto' && v !== 'ctr' && v !== 'nerdctl') throw new InvalidArgumentError('must be auto, ctr or nerdctl');
  return v;
}

await program.parseAsync(process.argv);
