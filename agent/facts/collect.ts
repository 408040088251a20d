// Node facts: the static part (OS image, board, CPU count, machine id) from
// systeminformation, collected once in a short-lived worker thread
// (worker.ts, source.ts), and the changing part (metrics.ts) on the main
// thread. systeminformation spawns processes (`lscpu`, `dmesg`, `sh -c cat
// ...`) and blocks on execSync, so it never runs on the agent's event loop,
// and it is loaded only inside that worker.

import { arch as osArch } from 'node:os';
import { readFile } from 'node:fs/promises';
import type { NodeFacts, NodeMetrics } from '../../shared/mqtt/messages.js';
import type { DynamicFacts } from './metrics.js';

export interface Collected {
  facts: NodeFacts;
  metrics: NodeMetrics;
}

/** Facts that do not change while the agent runs. */
export interface StaticFacts {
  operatingSystem: string;
  osImage: string;
  boardModel?: string;
  machineID?: string;
  cpuCount: number;
}

export const UNKNOWN_STATIC: StaticFacts = { operatingSystem: 'linux', osImage: 'unknown', cpuCount: 1 };

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

/** Runs in the facts worker: loads systeminformation there, never on the main thread. */
export async function collectStatic(): Promise<StaticFacts> {
  const { default: si } = await import('systeminformation');
  const [osInfo, system, cpu, dtModel, machineId] = await Promise.all([
    settle(si.osInfo(), undefined),
    settle(si.system(), undefined),
    settle(si.cpu(), undefined),
    readTrimmed('/proc/device-tree/model'),
    readTrimmed('/etc/machine-id'),
  ]);
  const board = dtModel ?? (system?.raspberry?.type ? `Raspberry Pi ${system.raspberry.type}` : [system?.manufacturer, system?.model].filter(Boolean).join(' ').trim());
  return {
    operatingSystem: osInfo?.platform === 'linux' || !osInfo ? 'linux' : osInfo.platform,
    osImage: osInfo ? `${osInfo.distro} ${osInfo.release}`.trim() : 'unknown',
    boardModel: board || undefined,
    machineID: machineId,
    cpuCount: cpu?.cores ?? 1,
  };
}

/** Pure: the static and changing halves → what the status report carries. */
export function combine(s: StaticFacts, d: DynamicFacts): Collected {
  const addresses: NodeFacts['addresses'] = d.internalIPs.map((address) => ({ type: 'InternalIP', address }));
  addresses.push({ type: 'Hostname', address: d.hostname });
  const facts: NodeFacts = {
    hostname: d.hostname,
    architecture: kubeArch(osArch()),
    operatingSystem: s.operatingSystem,
    osImage: s.osImage,
    kernelVersion: d.kernelVersion,
    boardModel: s.boardModel,
    machineID: s.machineID,
    cpuCount: s.cpuCount,
    memoryBytes: d.memoryBytes,
    diskBytes: d.diskBytes,
    addresses,
  };
  const metrics: NodeMetrics = {
    cpuTemperatureC: d.cpuTemperatureC,
    memoryAvailableBytes: d.memoryAvailableBytes,
    diskAvailableBytes: d.diskAvailableBytes,
  };
  return { facts, metrics };
}
