// A real `edgeplane agent` process inside a test node's network namespace,
// on real containerd (its own containerd namespace, so agents never see each
// other's containers) and the CNI plugins.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { EDGEPLANE_BIN } from './server.js';
import type { LanNode } from './lan.js';

export interface AgentProcess {
  proc: ChildProcess;
  output(): string;
  /** SIGTERM and wait (a clean stop: pods keep running) */
  stop(): Promise<void>;
  /** SIGKILL and wait (power loss) */
  kill(): Promise<void>;
}

export interface AgentProcessOptions {
  node: LanNode;
  nodeName: string;
  server: string;
  token?: string;
  dataDir: string;
  containerdNamespace: string;
  extraArgs?: string[];
  /** flags for node itself (e.g. V8 heap settings), before the script */
  nodeArgs?: string[];
  /** another build's bin/edgeplane.js (benchmarks comparing builds); default this one */
  bin?: string;
}

export function startAgentProcess(o: AgentProcessOptions): AgentProcess {
  // nsenter --net, not `ip netns exec`: the latter also gives the process a
  // private mount namespace, so the pod netns bind mounts the agent makes under
  // /run/netns would be invisible to containerd and runc.
  const args = [
    `--net=/run/netns/${o.node.netns}`, '--',
    process.execPath, ...(o.nodeArgs ?? []), o.bin ?? EDGEPLANE_BIN, 'agent',
    '--server', o.server,
    '--node-name', o.nodeName,
    '--node-ip', o.node.ip,
    '--data-dir', o.dataDir,
    '--containerd-namespace', o.containerdNamespace,
    ...(o.token ? ['--token', o.token] : []),
    ...(o.extraArgs ?? []),
  ];
  const proc = spawn('nsenter', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = once(proc, 'exit');
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  return {
    proc,
    output: () => out,
    async stop() {
      if (alive()) proc.kill('SIGTERM');
      if (proc.exitCode === null && proc.signalCode === null) await exited;
    },
    async kill() {
      if (alive()) proc.kill('SIGKILL');
      if (proc.exitCode === null && proc.signalCode === null) await exited;
    },
  };
}
