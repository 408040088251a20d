// A test LAN for end-to-end tests: a bridge in the root namespace carrying
// only TEST-NET-2 addresses (a /27 of 198.51.100.0/24, RFC 5737, never routed), and
// one network namespace per simulated node plugged into it by a veth. The
// server listens on the bridge address; agents run inside the node
// namespaces. No namespace has a default route, so nothing leaves the machine;
// destroy() removes the bridge and every namespace even after a failure.

import { execa } from 'execa';
import { randomSuffix } from './netns.js';

export const LAN_PREFIX = '198.51.100';
/** each LAN takes a free /27 of TEST-NET-2, so a LAN left over by a crashed run never shadows a new one */
const SUBNET_BITS = 27;
const SUBNET_SIZE = 2 ** (32 - SUBNET_BITS);

async function freeSubnetBase(): Promise<number> {
  const routes = String((await execa('ip', ['-4', 'route', 'show'], { reject: false })).stdout);
  const used = new Set([...routes.matchAll(/198\.51\.100\.(\d+)\//g)].map((m) => Math.floor(Number(m[1]) / SUBNET_SIZE) * SUBNET_SIZE));
  const free = Array.from({ length: 256 / SUBNET_SIZE }, (_, i) => i * SUBNET_SIZE).filter((b) => !used.has(b));
  if (free.length === 0) throw new Error('no free test subnet in 198.51.100.0/24: remove leftover epl* bridges');
  return free[Math.floor(Math.random() * free.length)]!;
}

export interface LanNode {
  netns: string;
  ip: string;
  /** run a command inside the node's namespace */
  exec(argv: string[], opts?: { timeoutMs?: number }): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** an HTTP GET from inside the namespace (Node's client: Debian's static busybox wget crashes) */
  httpGet(url: string, timeoutMs?: number): Promise<{ ok: boolean; body: string; error?: string }>;
}

const HTTP_GET = `
const [url, ms] = process.argv.slice(1);
const req = require('http').get(url, { timeout: Number(ms) }, (r) => { let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => { process.stdout.write(b); process.exit(r.statusCode === 200 ? 0 : 2); }); });
req.on('timeout', () => { console.error('timeout'); process.exit(3); });
req.on('error', (e) => { console.error(e.code || e.message); process.exit(1); });
`;

export interface Lan {
  bridge: string;
  gateway: string;
  addNode(index: number): Promise<LanNode>;
  destroy(): Promise<void>;
}

async function must(argv: string[]): Promise<void> {
  const r = await execa(argv[0]!, argv.slice(1), { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
}

export async function createLan(): Promise<Lan> {
  const id = randomSuffix();
  const bridge = `epl${id}`;
  const base = await freeSubnetBase();
  const gateway = `${LAN_PREFIX}.${base + 1}`;
  const namespaces: string[] = [];
  const veths: string[] = [];
  const destroy = async () => {
    for (const ns of namespaces) await execa('ip', ['netns', 'delete', ns], { reject: false });
    for (const v of veths) await execa('ip', ['link', 'delete', v], { reject: false });
    await execa('ip', ['link', 'delete', bridge], { reject: false });
  };
  try {
    await must(['ip', 'link', 'add', bridge, 'type', 'bridge']);
    await must(['ip', 'addr', 'add', `${gateway}/${SUBNET_BITS}`, 'dev', bridge]);
    await must(['ip', 'link', 'set', bridge, 'up']);
  } catch (e) {
    await destroy();
    throw e;
  }
  return {
    bridge,
    gateway,
    destroy,
    async addNode(index: number): Promise<LanNode> {
      const netns = `ep-e2e-${id}-${index}`;
      const ip = `${LAN_PREFIX}.${base + 1 + index}`;
      const host = `epv${id}${index}`;
      namespaces.push(netns);
      veths.push(host);
      await must(['ip', 'netns', 'add', netns]);
      await must(['ip', 'link', 'add', host, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns]);
      await must(['ip', 'link', 'set', host, 'master', bridge]);
      await must(['ip', 'link', 'set', host, 'up']);
      const inNs = (argv: string[]) => must(['ip', 'netns', 'exec', netns, ...argv]);
      await inNs(['ip', 'link', 'set', 'lo', 'up']);
      await inNs(['ip', 'addr', 'add', `${ip}/${SUBNET_BITS}`, 'dev', 'eth0']);
      await inNs(['ip', 'link', 'set', 'eth0', 'up']);
      const exec = async (argv: string[], opts: { timeoutMs?: number } = {}) => {
        const r = await execa('ip', ['netns', 'exec', netns, ...argv], { reject: false, stdin: 'ignore', timeout: opts.timeoutMs ?? 30_000 });
        return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
      };
      return {
        netns,
        ip,
        exec,
        async httpGet(url: string, timeoutMs = 2000) {
          const r = await exec([process.execPath, '-e', HTTP_GET, url, String(timeoutMs)], { timeoutMs: timeoutMs + 10_000 });
          return { ok: r.exitCode === 0, body: r.stdout, ...(r.exitCode === 0 ? {} : { error: r.stderr.trim() || `exit ${r.exitCode}` }) };
        },
      };
    },
  };
}
