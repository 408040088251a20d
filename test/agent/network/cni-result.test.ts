import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CniError, parseCniError, parseCniResult, podIPv4 } from '../../../agent/network/cni-result.js';
import { pluginConfig } from '../../../agent/network/cni.js';
import { podNetworkConfig } from '../../../agent/network/cni-config.js';

const RESULT = {
  cniVersion: '1.0.0',
  interfaces: [
    { name: 'ep0', mac: 'aa' },
    { name: 'veth1', mac: 'bb' },
    { name: 'eth0', mac: 'cc', sandbox: '/run/netns/p' },
  ],
  ips: [
    { interface: 2, address: 'fd00::2/64' },
    { interface: 2, address: '10.42.7.2/24', gateway: '10.42.7.1' },
  ],
};

describe('CNI results', () => {
  it('finds the pod IPv4 on the sandbox interface', () => {
    assert.deepEqual(podIPv4(parseCniResult('bridge', JSON.stringify(RESULT))), { ip: '10.42.7.2', prefix: 24, gateway: '10.42.7.1' });
    assert.equal(podIPv4({ cniVersion: '1.0.0', ips: [] }), undefined);
  });

  it('rejects results that are not CNI results', () => {
    assert.throws(() => parseCniResult('bridge', 'nope'), CniError);
    assert.throws(() => parseCniResult('bridge', '{}'), CniError);
  });

  it('parses spec error objects and keeps their code', () => {
    const e = parseCniError('bridge', 1, '{"cniVersion":"1.0.0","code":7,"msg":"invalid config","details":"no subnet"}', '');
    assert.equal(e.code, 'CniPluginFailed');
    assert.equal(e.cniCode, 7);
    assert.equal(e.msg, 'invalid config');
    assert.equal(e.details, 'no subnet');
    const t = parseCniError('portmap', 2, '', 'panic: boom');
    assert.equal(t.cniCode, 999);
    assert.match(t.message, /panic: boom/);
  });
});

describe('CNI plugin configs', () => {
  it('builds the pod network list', () => {
    const l = podNetworkConfig({ podCidr: '10.42.3.0/24', ipamDataDir: '/d' });
    assert.deepEqual(l.plugins.map((p) => p.type), ['bridge', 'portmap']);
    assert.deepEqual((l.plugins[0]!.ipam as { ranges: unknown }).ranges, [[{ subnet: '10.42.3.0/24' }]]);
  });

  it('passes runtimeConfig only for declared capabilities, and the previous result', () => {
    const l = podNetworkConfig({ podCidr: '10.42.3.0/24' });
    const pm = [{ hostPort: 80, containerPort: 8080 }];
    const bridge = pluginConfig(l, l.plugins[0]!, undefined, { portMappings: pm });
    assert.equal(bridge.runtimeConfig, undefined);
    assert.equal(bridge.name, 'edgeplane');
    assert.equal(bridge.cniVersion, '1.0.0');
    const portmap = pluginConfig(l, l.plugins[1]!, RESULT, { portMappings: pm });
    assert.deepEqual(portmap.runtimeConfig, { portMappings: pm });
    assert.deepEqual(portmap.prevResult, RESULT);
    assert.equal(portmap.capabilities, undefined);
  });
});
