// The pod network configuration list: bridge + host-local IPAM over the node's
// pod CIDR, then portmap for hostPort. Loopback runs as its own network on `lo`
// (as containerd's CRI does), since it configures a different interface.

export interface PluginConf {
  type: string;
  [k: string]: unknown;
}

export interface NetworkConfigList {
  cniVersion: string;
  name: string;
  plugins: PluginConf[];
}

export interface PodNetworkOptions {
  /** The node's pod CIDR (a /24 from the cluster CIDR 10.42.0.0/16). */
  podCidr: string;
  name?: string;
  bridge?: string;
  /** host-local state directory (default /var/lib/cni/networks). */
  ipamDataDir?: string;
  mtu?: number;
}

export const CNI_VERSION = '1.0.0';

export function podNetworkConfig(o: PodNetworkOptions): NetworkConfigList {
  return {
    cniVersion: CNI_VERSION,
    name: o.name ?? 'edgeplane',
    plugins: [
      {
        type: 'bridge',
        bridge: o.bridge ?? 'ep0',
        isGateway: true,
        ipMasq: true,
        hairpinMode: true,
        ...(o.mtu ? { mtu: o.mtu } : {}),
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: o.podCidr }]],
          routes: [{ dst: '0.0.0.0/0' }],
          ...(o.ipamDataDir ? { dataDir: o.ipamDataDir } : {}),
        },
      },
      { type: 'portmap', capabilities: { portMappings: true }, snat: true },
    ],
  };
}

export function loopbackConfig(): NetworkConfigList {
  return { cniVersion: CNI_VERSION, name: 'cni-loopback', plugins: [{ type: 'loopback' }] };
}
