// The node's InternalIP addresses without systeminformation's
// networkInterfaces(): that call spawns `cat`/`sh`/`grep` for every interface,
// including each pod's veth, ≈400 processes per collection with 10 pods
// (docs/benchmarks.md). os.networkInterfaces() plus two reads of /proc and
// /sys give the same answer without a single process.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { readFile, realpath } from 'node:fs/promises';

export type Interfaces = Record<string, NetworkInterfaceInfo[] | undefined>;

/** Interface of the IPv4 default route (destination 00000000 in /proc/net/route). */
export function defaultRouteInterface(procNetRoute: string): string | undefined {
  for (const line of procNetRoute.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length > 2 && f[1] === '00000000') return f[0];
  }
  return undefined;
}

/**
 * Non-internal IPv4 addresses of physical interfaces, the default route's
 * first: that is the address other nodes reach (kubelet's node address order).
 */
export function pickAddresses(ifaces: Interfaces, defaultIf: string | undefined, isVirtual: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const [name, addrs] of Object.entries(ifaces)) {
    if (isVirtual(name)) continue;
    for (const a of addrs ?? []) {
      if (a.internal || a.family !== 'IPv4') continue;
      if (name === defaultIf) out.unshift(a.address);
      else out.push(a.address);
    }
  }
  return out;
}

export async function internalAddresses(): Promise<string[]> {
  const ifaces = networkInterfaces();
  const route = await readFile('/proc/net/route', 'utf8').catch(() => '');
  const virtual = new Set<string>();
  for (const name of Object.keys(ifaces)) {
    // Bridges, veths, tunnels live under /sys/devices/virtual (what systeminformation checks too).
    const dev = await realpath(`/sys/class/net/${name}`).catch(() => '');
    if (dev.includes('/devices/virtual/')) virtual.add(name);
  }
  return pickAddresses(ifaces, defaultRouteInterface(route), (n) => virtual.has(n));
}
