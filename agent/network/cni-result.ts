// CNI result and error objects (CNI spec 1.0) and their parsing.
import { EdgeplaneError } from '../../shared/errors.js';

export interface CniInterface {
  name: string;
  mac?: string;
  sandbox?: string;
}
export interface CniIp {
  address: string;
  gateway?: string;
  interface?: number;
}
export interface CniResult {
  cniVersion: string;
  interfaces?: CniInterface[];
  ips?: CniIp[];
  routes?: { dst: string; gw?: string }[];
  dns?: unknown;
}

/** A plugin failure, keeping the spec's numeric code (e.g. 7 invalid config, 11 try again later). */
export class CniError extends EdgeplaneError {
  constructor(
    readonly plugin: string,
    readonly cniCode: number,
    readonly msg: string,
    readonly details?: string,
    options?: { cause?: unknown },
  ) {
    super('CniPluginFailed', `CNI plugin ${plugin} failed (code ${cniCode}): ${msg}${details ? `: ${details}` : ''}`, options);
  }
}

export function parseCniResult(plugin: string, stdout: string): CniResult {
  let r: unknown;
  try {
    r = JSON.parse(stdout);
  } catch (e) {
    throw new CniError(plugin, 999, 'result is not JSON', stdout.slice(0, 200), { cause: e });
  }
  if (!r || typeof r !== 'object' || typeof (r as CniResult).cniVersion !== 'string') {
    throw new CniError(plugin, 999, 'result has no cniVersion', stdout.slice(0, 200));
  }
  return r as CniResult;
}

/** Error output per spec: JSON {cniVersion, code, msg, details} on stdout; anything else is kept as text. */
export function parseCniError(plugin: string, exitCode: number, stdout: string, stderr: string): CniError {
  try {
    const e = JSON.parse(stdout) as { code?: number; msg?: string; details?: string };
    if (typeof e.code === 'number') return new CniError(plugin, e.code, e.msg ?? '', e.details || undefined);
  } catch {
    // not JSON: fall through
  }
  return new CniError(plugin, 999, `exit ${exitCode}`, (stderr || stdout).trim().slice(0, 500) || undefined);
}

/** The first IPv4 address on the sandbox interface `ifName` (address without prefix). */
export function podIPv4(result: CniResult, ifName = 'eth0'): { ip: string; prefix: number; gateway?: string } | undefined {
  const ifs = result.interfaces ?? [];
  for (const ip of result.ips ?? []) {
    const iface = ip.interface !== undefined ? ifs[ip.interface] : undefined;
    if (iface && (iface.name !== ifName || !iface.sandbox)) continue;
    const [addr, prefix] = ip.address.split('/');
    if (addr && addr.includes('.')) return { ip: addr, prefix: Number(prefix), gateway: ip.gateway };
  }
  return undefined;
}
