// Node facts and slow-changing metrics from systeminformation. Several of these
// calls block the event loop for tens of milliseconds or spawn processes
// (networkInterfaces, cpuTemperature, fsSize), so this module runs inside a
// worker thread (worker.ts); the agent's main thread only reads cached results.

import { arch as osArch } from 'node:os';
import { readFile } from 'node:fs/promises';
import si from 'systeminformation';
import { internalAddresses } from './addresses.js';
import type { NodeFacts, NodeMetrics } from '../../shared/mqtt/messages.js';

export interface Collected {
  facts: NodeFacts;
  metrics: NodeMetrics;
}

/** Node's arch names → Go/Kubernetes names (kubernetes.io/arch) */
export function kubeArch(a: string): string {
  return ({ x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[a] ?? a;
}

async function readTrimmed(path: string): Promise<string | undefined> {
  try {
    // device-tree strings end in NUL
    return (await readFile(path, 'utf8')).replace(/\0/g, '').trim() || undefined;
  } catch {
    return undefined;
  }
}

async function settle<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch {
    return fallback;
  }
}

export async function collect(): Promise<Collected> {
  const [osInfo, system, cpu, mem, fs, temp, ifaces, dtModel, machineId] = await Promise.all([
    settle(si.osInfo(), undefined),
    settle(si.system(), undefined),
    settle(si.cpu(), undefined),
    settle(si.mem(), undefined),
    settle(si.fsSize(), []),
    settle(si.cpuTemperature(), undefined),
    settle(internalAddresses(), [] as string[]),
    readTrimmed('/proc/device-tree/model'),
    readTrimmed('/etc/machine-id'),
  ]);
  const root = (fs as si.Systeminformation.FsSizeData[]).find((f) => f.mount === '/') ?? (fs as si.Systeminformation.FsSizeData[])[0];
  const addresses: NodeFacts['addresses'] = ifaces.map((address) => ({ type: 'InternalIP', address }));
  const hostname = osInfo?.hostname ?? 'unknown';
  addresses.push({ type: 'Hostname', address: hostname });
  const board = dtModel ?? (system?.raspberry?.type ? `Raspberry Pi ${system.raspberry.type}` : [system?.manufacturer, system?.model].filter(Boolean).join(' ').trim());
  const facts: NodeFacts = {
    hostname,
    architecture: kubeArch(osArch()),
    operatingSystem: osInfo?.platform === 'linux' || !osInfo ? 'linux' : osInfo.platform,
    osImage: osInfo ? `${osInfo.distro} ${osInfo.release}`.trim() : 'unknown',
    kernelVersion: osInfo?.kernel ?? 'unknown',
    boardModel: board || undefined,
    machineID: machineId,
    cpuCount: cpu?.cores ?? 1,
    memoryBytes: mem?.total ?? 0,
    diskBytes: root?.size ?? 0,
    addresses,
  };
  const metrics: NodeMetrics = {
    cpuTemperatureC: typeof temp?.main === 'number' && temp.main > 0 ? temp.main : undefined,
    memoryAvailableBytes: mem?.available,
    diskAvailableBytes: root?.available,
  };
  return { facts, metrics };
}
