// Runs CNI plugins per the CNI spec: CNI_* environment, network config on
// stdin, result JSON on stdout. A conflist is run in order for ADD, in reverse
// for DEL, each plugin getting the previous result; the ADD result is cached
// on disk so DEL and CHECK get it after an agent restart too.
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import { run } from '../runtime/run.js';
import { EdgeplaneError } from '../../shared/errors.js';
import { loopbackConfig, type NetworkConfigList, type PluginConf } from './cni-config.js';
import { parseCniError, parseCniResult, podIPv4, type CniResult } from './cni-result.js';

export interface PortMapping {
  hostPort: number;
  containerPort: number;
  protocol?: 'tcp' | 'udp';
  hostIP?: string;
}

export interface CniOptions {
  network: NetworkConfigList;
  /** Plugin directory (CNI_PATH); Debian puts them in /usr/lib/cni. */
  binDir?: string;
  /** Where ADD results are kept for DEL/CHECK. */
  cacheDir?: string;
  /**
   * Run the plugins inside this named netns (`ip netns exec`), so the bridge,
   * host-side veths and NAT rules live there instead of the root namespace.
   * Tests use it to keep a simulated node isolated.
   */
  nodeNetns?: string;
  ifName?: string;
}

export interface AttachResult {
  ip: string;
  prefix: number;
  gateway?: string;
  result: CniResult;
}

interface CacheEntry {
  netns: string;
  portMappings: PortMapping[];
  result?: CniResult;
}

export class CniNetwork {
  private readonly binDir: string;
  private readonly cacheDir: string;
  private readonly ifName: string;

  constructor(private readonly opts: CniOptions) {
    this.binDir = opts.binDir ?? '/usr/lib/cni';
    this.cacheDir = opts.cacheDir ?? '/var/lib/edgeplane/cni';
    this.ifName = opts.ifName ?? 'eth0';
  }

  /** ADD: loopback, then the pod network list. On failure, whatever was added is deleted again. */
  async add(containerId: string, netns: string, portMappings: PortMapping[] = []): Promise<AttachResult> {
    await mkdir(this.cacheDir, { recursive: true });
    // Written first so a crash mid-ADD still leaves enough to DEL.
    await this.writeCache(containerId, { netns, portMappings });
    try {
      // Two independent networks (lo, and the pod network on eth0): attached side by side, as
      // containerd's go-cni Setup does; pod startup latency (docs/benchmarks.md).
      const [, result] = await Promise.all([
        this.runList('ADD', loopbackConfig(), containerId, netns, 'lo', []),
        this.runList('ADD', this.opts.network, containerId, netns, this.ifName, portMappings),
      ]);
      if (!result) throw new EdgeplaneError('CniNoResult', 'CNI ADD returned no result');
      const ip = podIPv4(result, this.ifName);
      if (!ip) throw new EdgeplaneError('CniNoAddress', `CNI ADD gave no IPv4 address on ${this.ifName}`);
      await this.writeCache(containerId, { netns, portMappings, result });
      return { ...ip, result };
    } catch (e) {
      await this.del(containerId, netns).catch(() => undefined);
      throw e;
    }
  }

  /** DEL in reverse order with the cached ADD result; idempotent (missing state is not an error). */
  async del(containerId: string, netns: string): Promise<void> {
    const cached = await this.readCache(containerId);
    await this.runList('DEL', this.opts.network, containerId, netns, this.ifName, cached?.portMappings ?? [], cached?.result);
    await this.runList('DEL', loopbackConfig(), containerId, netns, 'lo', []);
    await rm(this.cachePath(containerId), { force: true });
  }

  /** CHECK: the plugins verify that what ADD set up is still in place. */
  async check(containerId: string, netns: string): Promise<void> {
    const cached = await this.readCache(containerId);
    if (!cached?.result) throw new EdgeplaneError('CniNotAttached', `no CNI result cached for ${containerId}`);
    await this.runList('CHECK', this.opts.network, containerId, netns, this.ifName, cached.portMappings, cached.result);
  }

  private async runList(
    command: 'ADD' | 'DEL' | 'CHECK',
    list: NetworkConfigList,
    containerId: string,
    netns: string,
    ifName: string,
    portMappings: PortMapping[],
    prevResult?: CniResult,
  ): Promise<CniResult | undefined> {
    const plugins = command === 'DEL' ? [...list.plugins].reverse() : list.plugins;
    let prev = prevResult;
    for (const p of plugins) {
      const conf = pluginConfig(list, p, prev, { portMappings });
      const out = await this.invoke(p.type, command, conf, containerId, netns, ifName);
      if (command === 'ADD') prev = out;
    }
    return prev;
  }

  private async invoke(
    type: string,
    command: string,
    conf: object,
    containerId: string,
    netns: string,
    ifName: string,
  ): Promise<CniResult | undefined> {
    const bin = join(this.binDir, type);
    try {
      await access(bin, constants.X_OK);
    } catch (e) {
      throw new EdgeplaneError('CniPluginMissing', `CNI plugin ${type} not found in ${this.binDir}`, { cause: e });
    }
    const env = {
      CNI_COMMAND: command,
      CNI_CONTAINERID: containerId,
      CNI_NETNS: netns,
      CNI_IFNAME: ifName,
      CNI_PATH: this.binDir,
    };
    const [file, args] = this.opts.nodeNetns ? ['ip', ['netns', 'exec', this.opts.nodeNetns, bin]] : [bin, []];
    const r = await run(file, args as string[], { input: JSON.stringify(conf), env });
    if (r.exitCode !== 0) throw parseCniError(type, r.exitCode, r.stdout, r.stderr);
    if (command !== 'ADD') return undefined;
    return parseCniResult(type, r.stdout);
  }

  private cachePath(id: string): string {
    return join(this.cacheDir, `${id}.json`);
  }
  private async writeCache(id: string, e: CacheEntry): Promise<void> {
    await writeFile(this.cachePath(id), JSON.stringify(e));
  }
  private async readCache(id: string): Promise<CacheEntry | undefined> {
    try {
      return JSON.parse(await readFile(this.cachePath(id), 'utf8')) as CacheEntry;
    } catch {
      return undefined;
    }
  }
}

/**
 * The config one plugin of a list receives: its own section plus the list's
 * name and version, the previous result, and runtimeConfig for only the
 * capabilities the plugin declares (spec: "Deriving runtimeConfig").
 */
export function pluginConfig(
  list: NetworkConfigList,
  plugin: PluginConf,
  prevResult: CniResult | undefined,
  capabilityArgs: Record<string, unknown>,
): Record<string, unknown> {
  const conf: Record<string, unknown> = { ...plugin, cniVersion: list.cniVersion, name: list.name };
  delete conf.capabilities;
  const caps = (plugin.capabilities ?? {}) as Record<string, boolean>;
  const rc: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(capabilityArgs)) if (caps[k]) rc[k] = v;
  if (Object.keys(rc).length) conf.runtimeConfig = rc;
  if (prevResult) conf.prevResult = prevResult;
  return conf;
}
