// A simulated node for traffic tests, entirely inside namespaces made here:
// node netns (bridge ep0 10.42.3.1/24, node IP on lo), two pod netns on the
// bridge, and a client netns on a veth (203.0.113.0/24) that reaches the node
// IP. The node's default route points at the client netns, which routes
// nowhere: nothing can leave these namespaces.
import { execa, type ResultPromise } from 'execa';
import { createInterface } from 'node:readline';
import { createTestNode, randomSuffix, type TestNode } from '../../helpers/netns.js';

export interface Topology {
  node: TestNode;
  pods: { ns: string; ip: string }[];
  client: string;
  /** runs a TCP server in `ns` that answers every connection with `reply` and closes */
  serve(ns: string, host: string, port: number, reply: string): Promise<void>;
  /** connects `count` times from `ns` (one after another); each result is the reply or `E:<code>` */
  connect(ns: string, host: string, port: number, count: number): Promise<string[]>;
  destroy(): Promise<void>;
}

const SERVER = `
const [host, port, reply] = process.argv.slice(1);
require('net').createServer((s) => { s.on('error', () => {}); s.end(reply); })
  .listen(Number(port), host, () => console.log('ready'));
`;

const CLIENT = `
const net = require('net');
const [host, port, count] = process.argv.slice(1);
const one = () => new Promise((resolve) => {
  const s = net.connect({ host, port: Number(port) });
  let data = '';
  const t = setTimeout(() => { s.destroy(); resolve('E:TIMEOUT'); }, 3000);
  s.on('data', (d) => (data += d));
  s.on('end', () => { clearTimeout(t); resolve(data); });
  s.on('error', (e) => { clearTimeout(t); resolve('E:' + e.code); });
});
(async () => { const out = []; for (let i = 0; i < Number(count); i++) out.push(await one()); console.log(JSON.stringify(out)); })();
`;

export async function createTopology(): Promise<Topology> {
  const node = await createTestNode();
  const sfx = randomSuffix();
  const pods = [
    { ns: `ep-pod1-${sfx}`, ip: '10.42.3.5' },
    { ns: `ep-pod2-${sfx}`, ip: '10.42.3.6' },
  ];
  const client = `ep-client-${sfx}`;
  const servers: ResultPromise[] = [];
  const sh = async (ns: string, argv: string[]) => {
    await execa('ip', ['netns', 'exec', ns, ...argv], { stdin: 'ignore' });
  };
  const destroy = async () => {
    for (const s of servers) s.kill('SIGKILL');
    for (const ns of [...pods.map((p) => p.ns), client]) await execa('ip', ['netns', 'delete', ns], { reject: false });
    await node.destroy();
  };
  try {
    const n = node.name;
    await sh(n, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    await sh(n, ['ip', 'link', 'add', 'ep0', 'type', 'bridge']);
    await sh(n, ['ip', 'addr', 'add', '10.42.3.1/24', 'dev', 'ep0']);
    await sh(n, ['ip', 'link', 'set', 'ep0', 'up']);
    for (const [i, p] of pods.entries()) {
      await execa('ip', ['netns', 'add', p.ns]);
      await sh(n, ['ip', 'link', 'add', `vp${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', p.ns]);
      await sh(n, ['ip', 'link', 'set', `vp${i}`, 'master', 'ep0', 'up']);
      // as the CNI bridge plugin's hairpinMode: a pod reaching itself through its service
      await sh(n, ['ip', 'link', 'set', `vp${i}`, 'type', 'bridge_slave', 'hairpin', 'on']);
      await sh(p.ns, ['ip', 'link', 'set', 'lo', 'up']);
      await sh(p.ns, ['ip', 'addr', 'add', `${p.ip}/24`, 'dev', 'eth0']);
      await sh(p.ns, ['ip', 'link', 'set', 'eth0', 'up']);
      await sh(p.ns, ['ip', 'route', 'add', 'default', 'via', '10.42.3.1']);
    }
    await execa('ip', ['netns', 'add', client]);
    await sh(n, ['ip', 'link', 'add', 'vc', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', client]);
    await sh(n, ['ip', 'addr', 'add', '203.0.113.1/24', 'dev', 'vc']);
    await sh(n, ['ip', 'link', 'set', 'vc', 'up']);
    await sh(n, ['ip', 'route', 'add', 'default', 'via', '203.0.113.2']);
    await sh(client, ['ip', 'link', 'set', 'lo', 'up']);
    await sh(client, ['ip', 'addr', 'add', '203.0.113.2/24', 'dev', 'eth0']);
    await sh(client, ['ip', 'link', 'set', 'eth0', 'up']);
    await sh(client, ['ip', 'route', 'add', `${node.nodeIp}/32`, 'via', '203.0.113.1']);
  } catch (e) {
    await destroy();
    throw e;
  }
  return {
    node,
    pods,
    client,
    serve: async (ns, host, port, reply) => {
      const p = execa('ip', ['netns', 'exec', ns, process.execPath, '-e', SERVER, host, String(port), reply], { reject: false });
      servers.push(p);
      const rl = createInterface({ input: p.stdout! });
      await new Promise<void>((resolve, reject) => {
        rl.once('line', () => resolve());
        void p.then((r) => reject(new Error(`server in ${ns} exited: ${String(r.stderr)}`)));
      });
    },
    connect: async (ns, host, port, count) => {
      const r = await execa('ip', ['netns', 'exec', ns, process.execPath, '-e', CLIENT, host, String(port), String(count)], { stdin: 'ignore' });
      return JSON.parse(String(r.stdout)) as string[];
    },
    destroy,
  };
}
