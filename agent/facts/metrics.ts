// The node facts that change while the agent runs (memory, root filesystem,
// CPU temperature, hostname, addresses), read on the agent's main thread with
// non-blocking file reads and statfs: no process and no systeminformation.
// systeminformation answered the same questions by spawning `df`, `sh -c cat
// ...`, `sensors` every collection (≈78 processes a minute) from a worker
// thread that kept its own V8 isolate (≈20 MiB) alive (docs/runtime.md).
import { hostname, release, totalmem } from 'node:os';
import { readdir, readFile, statfs } from 'node:fs/promises';
import { internalAddresses } from './addresses.js';

export interface DynamicFacts {
  hostname: string;
  kernelVersion: string;
  memoryBytes: number;
  memoryAvailableBytes?: number;
  diskBytes: number;
  diskAvailableBytes?: number;
  cpuTemperatureC?: number;
  internalIPs: string[];
}

/** MemTotal and MemAvailable in bytes from /proc/meminfo (systeminformation's mem().total/.available). */
export function parseMeminfo(text: string): { total?: number; available?: number } {
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  return { total: kb('MemTotal'), available: kb('MemAvailable') };
}

export interface ThermalZone {
  type: string;
  /** millidegrees Celsius, as the kernel reports */
  milliC: number;
}
export interface HwmonSensor {
  label: string;
  milliC: number;
}

const deg = (milliC: number) => Math.round(milliC / 100) / 10;

/**
 * The CPU temperature in °C, chosen as systeminformation's cpuTemperature()
 * chooses on Linux (minus its `sensors` and `vcgencmd` fallbacks): an hwmon
 * Tctl / Package / Physical / Tccd1 sensor, else the mean of the Core sensors,
 * else the first thermal zone whose type names the CPU (Raspberry Pi:
 * cpu-thermal), else thermal_zone0.
 */
export function pickCpuTemperature(hwmon: HwmonSensor[], zones: ThermalZone[], zone0?: number): number | undefined {
  const tdie = hwmon.findIndex((s) => s.label.toLowerCase().includes('tdie'));
  let main: number | undefined;
  const cores: number[] = [];
  for (const s of tdie >= 0 ? hwmon.slice(tdie) : hwmon) {
    const label = s.label.toLowerCase();
    if (!s.milliC) continue;
    if (label === 'tctl') main = deg(s.milliC);
    if (label.startsWith('core')) cores.push(deg(s.milliC));
    else if (main === undefined && (label.includes('package') || label.includes('physical') || label === 'tccd1')) main = deg(s.milliC);
  }
  if (main === undefined && cores.length) main = Math.round(cores.reduce((a, b) => a + b, 0) / cores.length);
  if (main !== undefined) return main;
  const cpu = zones.find((z) => z.type.toLowerCase().includes('cpu') && z.milliC);
  if (cpu) return deg(cpu.milliC);
  return zone0 !== undefined ? zone0 / 1000 : undefined;
}

async function text(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}
async function entries(dir: string, prefix: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.startsWith(prefix)).sort();
  } catch {
    return [];
  }
}

export async function readCpuTemperature(): Promise<number | undefined> {
  const hwmon: HwmonSensor[] = [];
  for (const mon of await entries('/sys/class/hwmon', 'hwmon')) {
    const dir = `/sys/class/hwmon/${mon}`;
    for (const f of await entries(dir, 'temp')) {
      if (!f.endsWith('_label')) continue;
      const label = await text(`${dir}/${f}`);
      const value = await text(`${dir}/${f.slice(0, -'_label'.length)}_input`);
      if (label !== undefined) hwmon.push({ label, milliC: Number(value) || 0 });
    }
  }
  const zones: ThermalZone[] = [];
  for (const z of await entries('/sys/class/thermal', 'thermal_zone')) {
    const type = await text(`/sys/class/thermal/${z}/type`);
    const temp = await text(`/sys/class/thermal/${z}/temp`);
    if (type !== undefined && temp !== undefined) zones.push({ type, milliC: Number(temp) || 0 });
  }
  const zone0 = await text('/sys/class/thermal/thermal_zone0/temp');
  const t = pickCpuTemperature(hwmon, zones, zone0 === undefined ? undefined : parseFloat(zone0));
  return t !== undefined && Number.isFinite(t) && t > 0 ? t : undefined;
}

export async function collectDynamic(): Promise<DynamicFacts> {
  const [mem, fs, temp, ips] = await Promise.all([
    readFile('/proc/meminfo', 'utf8').then(parseMeminfo, () => ({ total: undefined, available: undefined })),
    // df's Size and Available columns, which systeminformation's fsSize() reported for '/'
    statfs('/').then((s) => ({ size: s.blocks * s.bsize, available: s.bavail * s.bsize }), () => undefined),
    readCpuTemperature().catch(() => undefined),
    internalAddresses().catch(() => [] as string[]),
  ]);
  return {
    hostname: hostname(),
    kernelVersion: release(),
    memoryBytes: mem.total ?? totalmem(),
    memoryAvailableBytes: mem.available,
    diskBytes: fs?.size ?? 0,
    diskAvailableBytes: fs?.available,
    cpuTemperatureC: temp,
    internalIPs: ips,
  };
}
