import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { defaultRouteInterface, internalAddresses, pickAddresses } from '../../../agent/facts/addresses.js';

const v4 = (address: string, internal = false) => ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '', cidr: null }) as NetworkInterfaceInfo;
const v6 = (address: string) => ({ address, family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 0 }) as NetworkInterfaceInfo;

describe('node addresses', () => {
  it('finds the default route interface', () => {
    const route = 'Iface\tDestination\tGateway\tFlags\nwlan0\t0001A8C0\t00000000\t0001\neth0\t00000000\t0101A8C0\t0003\n';
    assert.equal(defaultRouteInterface(route), 'eth0');
    assert.equal(defaultRouteInterface('Iface\tDestination\n'), undefined);
    assert.equal(defaultRouteInterface(''), undefined);
  });

  const cases: Array<[string, Record<string, NetworkInterfaceInfo[]>, string | undefined, string[], string[]]> = [
    ['default route first', { wlan0: [v4('192.0.2.5')], eth0: [v4('192.0.2.9'), v6('fe80::1')] }, 'eth0', [], ['192.0.2.9', '192.0.2.5']],
    ['skips loopback and IPv6', { lo: [v4('127.0.0.1', true)], eth0: [v6('fe80::1'), v4('192.0.2.9')] }, undefined, [], ['192.0.2.9']],
    ['skips virtual interfaces (bridges, veths)', { cni0: [v4('10.42.0.1')], veth1: [], eth0: [v4('192.0.2.9')] }, 'eth0', ['cni0', 'veth1'], ['192.0.2.9']],
    ['none', {}, undefined, [], []],
  ];
  for (const [name, ifaces, dflt, virtual, want] of cases) {
    it(name, () => assert.deepEqual(pickAddresses(ifaces, dflt, (n) => virtual.includes(n)), want));
  }

  it('reads this host without spawning anything', async () => {
    const got = await internalAddresses();
    assert.ok(Array.isArray(got));
    for (const a of got) assert.match(a, /^\d+\.\d+\.\d+\.\d+$/);
  });
});
