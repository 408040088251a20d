// CNI on real plugins, inside a node namespace the test creates: the bridge,
// host-side veths and NAT rules live there, never in the root namespace.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { CniNetwork } from '../../../agent/network/cni.js';
import { podNetworkConfig } from '../../../agent/network/cni-config.js';
import { createNetns, deleteNetns, netnsExists } from '../../../agent/network/netns.js';
import { createTestNode, randomSuffix, type TestNode } from '../../helpers/netns.js';

const SUBNET = '10.42.7.0/24';

describe('CNI pod network (bridge, host-local, portmap, loopback)', () => {
  let node: TestNode;
  let dir: string;
  let cni: CniNetwork;
  const podNs = `ep-pod-${randomSuffix()}`;
  const id = `pod-${randomSuffix()}`;
  let httpd: ResultPromise | undefined;

  before(async () => {
    node = await createTestNode();
    dir = await mkdtemp(join(tmpdir(), 'ep-cni-'));
    cni = new CniNetwork({
      network: podNetworkConfig({ podCidr: SUBNET, ipamDataDir: join(dir, 'ipam') }),
      cacheDir: join(dir, 'cache'),
      nodeNetns: node.name,
    });
  });
  after(async () => {
    httpd?.kill('SIGKILL');
    await cni.del(id, `/run/netns/${podNs}`).catch(() => undefined);
    await deleteNetns(podNs);
    await node.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  const allocated = async () =>
    (await readdir(join(dir, 'ipam', 'edgeplane')).catch(() => [] as string[])).filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f));
  const veths = async () => (await node.exec(['ip', '-o', 'link', 'show', 'type', 'veth'])).stdout.trim();

  it('attaches a pod, serves it on its IP and hostPort, and releases everything on DEL', async () => {
    const netns = await createNetns(podNs);
    const res = await cni.add(id, netns, [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }]);
    assert.match(res.ip, /^10\.42\.7\.\d+$/);
    assert.equal(res.prefix, 24);
    assert.equal(res.gateway, '10.42.7.1');
    assert.deepEqual(await allocated(), [res.ip]);
    assert.notEqual(await veths(), '', 'host-side veth lives in the node namespace');

    // loopback plugin brought lo up in the pod
    const lo = await execa('ip', ['netns', 'exec', podNs, 'ip', '-o', 'link', 'show', 'lo']);
    assert.match(lo.stdout, /UP/);

    const ping = await node.exec(['busybox', 'ping', '-c', '1', '-W', '2', res.ip]);
    assert.equal(ping.exitCode, 0, ping.stdout + ping.stderr);

    const www = await mkdtemp(join(dir, 'www-'));
    await writeFile(join(www, 'index.html'), 'hello-cni');
    httpd = execa('ip', ['netns', 'exec', podNs, 'busybox', 'httpd', '-f', '-p', '80', '-h', www], { reject: false });
    // curl, not busybox wget: static glibc's resolver crashes when the host has an nsswitch.conf.
    const get = async (url: string) => {
      for (let i = 0; i < 50; i++) {
        const r = await node.exec(['curl', '-s', '--max-time', '2', url]);
        if (r.exitCode === 0) return r.stdout;
        await sleep(100);
      }
      return 'unreachable';
    };
    assert.equal(await get(`http://${res.ip}/index.html`), 'hello-cni', 'pod IP reachable from the node');
    assert.equal(await get(`http://${node.nodeIp}:8080/index.html`), 'hello-cni', 'hostPort reachable at the node IP');

    // No CHECK here: Debian's portmap 1.1.1 fails CHECK on IPv4-only pods ("could not check ipv6 dnat").

    httpd.kill('SIGKILL');
    await httpd;
    httpd = undefined;
    await cni.del(id, netns);
    assert.deepEqual(await allocated(), [], 'IP released');
    assert.equal(await veths(), '', 'veth removed');
    const nat = await node.exec(['iptables-save', '-t', 'nat']);
    assert.doesNotMatch(nat.stdout, /dport 8080/, 'hostPort rules removed');
    await cni.del(id, netns); // DEL is idempotent
    await deleteNetns(podNs);
    assert.equal(await netnsExists(podNs), false);
  });

  it('reports plugin errors with the CNI code', async () => {
    const bad = new CniNetwork({
      network: { cniVersion: '1.0.0', name: 'bad', plugins: [{ type: 'bridge', ipam: { type: 'host-local', ranges: 'nonsense' } }] },
      cacheDir: join(dir, 'cache'),
      nodeNetns: node.name,
    });
    const ns = await createNetns(`ep-pod-${randomSuffix()}`);
    try {
      await assert.rejects(bad.add(`bad-${randomSuffix()}`, ns), (e: Error & { code?: string; cniCode?: number }) => {
        assert.equal(e.code, 'CniPluginFailed');
        assert.equal(typeof e.cniCode, 'number');
        return true;
      });
    } finally {
      await deleteNetns(ns.split('/').pop()!);
    }
  });
});
