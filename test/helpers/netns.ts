// A simulated node for network tests: a network namespace the test creates,
// with loopback carrying the node's address, and no route anywhere else.
// Everything a test sends goes to loopback or into namespaces like this one.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';

export interface TestNode {
  name: string;
  /** The node's own address (TEST-NET-2, never routed). */
  nodeIp: string;
  /** Runs a command inside the node namespace. */
  exec(argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  destroy(): Promise<void>;
}

export function randomSuffix(): string {
  return randomBytes(4).toString('hex');
}

export async function createTestNode(nodeIp = '198.51.100.10'): Promise<TestNode> {
  const name = `ep-node-${randomSuffix()}`;
  await execa('ip', ['netns', 'add', name]);
  const exec = async (argv: string[]) => {
    const r = await execa('ip', ['netns', 'exec', name, ...argv], { reject: false, stdin: 'ignore' });
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  const must = async (argv: string[]) => {
    const r = await exec(argv);
    if (r.exitCode !== 0) throw new Error(`${argv.join(' ')} in ${name}: ${r.stderr}`);
  };
  try {
    await must(['ip', 'link', 'set', 'lo', 'up']);
    // The node address sits on lo: no dummy module needed, and nothing can route it out.
    await must(['ip', 'addr', 'add', `${nodeIp}/32`, 'dev', 'lo']);
  } catch (e) {
    await execa('ip', ['netns', 'delete', name], { reject: false });
    throw e;
  }
  return {
    name,
    nodeIp,
    exec,
    // Deleting the namespace takes its bridge, veth ends and netfilter tables with it.
    destroy: async () => {
      await execa('ip', ['netns', 'delete', name], { reject: false });
    },
  };
}
