import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { podResolvConf, prepareResolvConf, type DnsInputs } from '../../../agent/pods/dns-config.js';
import { buildContainerSpec } from '../../../agent/pods/container-spec.js';
import type { Pod } from '../../../agent/pods/types.js';

const inputs: DnsInputs = {
  clusterDNS: ['10.43.0.10'],
  clusterDomain: 'cluster.local',
  node: { nameservers: ['192.168.1.1', '192.168.1.2'], searches: ['lan'], options: ['edns0', 'ndots:1'] },
};

const pod = (spec: Record<string, unknown> = {}, ns = 'shop'): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: ns, uid: 'u1' }, spec: { containers: [{ name: 'c', image: 'x' }], ...spec } }) as Pod;

const cases: Array<[string, Pod, string]> = [
  [
    'ClusterFirst (default): cluster DNS, the Kubernetes search path plus the node search domains, ndots:5',
    pod(),
    'search shop.svc.cluster.local svc.cluster.local cluster.local lan\nnameserver 10.43.0.10\noptions ndots:5\n',
  ],
  ['explicit ClusterFirst, namespace default', pod({ dnsPolicy: 'ClusterFirst' }, 'default'), 'search default.svc.cluster.local svc.cluster.local cluster.local lan\nnameserver 10.43.0.10\noptions ndots:5\n'],
  ['Default: the node resolv.conf', pod({ dnsPolicy: 'Default' }), 'search lan\nnameserver 192.168.1.1\nnameserver 192.168.1.2\noptions edns0 ndots:1\n'],
  ['ClusterFirst with hostNetwork falls back to Default', pod({ hostNetwork: true }), 'search lan\nnameserver 192.168.1.1\nnameserver 192.168.1.2\noptions edns0 ndots:1\n'],
  [
    'ClusterFirstWithHostNet: cluster DNS on the host network',
    pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }),
    'search shop.svc.cluster.local svc.cluster.local cluster.local lan\nnameserver 10.43.0.10\noptions ndots:5\n',
  ],
  [
    'None: only dnsConfig',
    pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['corp'], options: [{ name: 'ndots', value: '2' }, { name: 'rotate' }] } }),
    'search corp\nnameserver 1.1.1.1\noptions ndots:2 rotate\n',
  ],
  [
    'dnsConfig merged into ClusterFirst: servers and searches appended without duplicates, options override by name, at most 3 nameservers',
    pod({
      dnsConfig: {
        nameservers: ['10.43.0.10', '9.9.9.9', '8.8.8.8', '7.7.7.7'],
        searches: ['cluster.local', 'extra'],
        options: [{ name: 'ndots', value: '3' }, { name: 'edns0' }],
      },
    }),
    'search shop.svc.cluster.local svc.cluster.local cluster.local lan extra\nnameserver 10.43.0.10\nnameserver 9.9.9.9\nnameserver 8.8.8.8\noptions ndots:3 edns0\n',
  ],
  ['None without anything: an empty file', pod({ dnsPolicy: 'None' }), ''],
];

for (const [name, p, want] of cases) {
  test(`podResolvConf: ${name}`, () => {
    assert.equal(podResolvConf(p, inputs), want);
  });
}

test('a custom cluster domain and several cluster DNS servers', () => {
  assert.equal(
    podResolvConf(pod(), { ...inputs, clusterDNS: ['10.43.0.10', '10.43.0.11'], clusterDomain: 'edge.internal', node: { nameservers: [], searches: [], options: [] } }),
    'search shop.svc.edge.internal svc.edge.internal edge.internal\nnameserver 10.43.0.10\nnameserver 10.43.0.11\noptions ndots:5\n',
  );
});

test('prepareResolvConf writes <podDir>/resolv.conf from the node file and the current cluster DNS; containers mount it at /etc/resolv.conf', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'edgeplane-dnscfg-'));
  try {
    const nodeConf = join(dir, 'node-resolv.conf');
    await writeFile(nodeConf, 'nameserver 192.0.2.53\nsearch home\n');
    let dns = '10.43.0.10';
    const opts = { clusterDNS: () => dns, resolvConfPath: nodeConf };
    const m = await prepareResolvConf(pod(), dir, opts);
    assert.equal(m.containerPath, '/etc/resolv.conf');
    assert.equal(m.hostPath, join(dir, 'pods', 'u1', 'resolv.conf'));
    assert.match(await readFile(m.hostPath, 'utf8'), /nameserver 10\.43\.0\.10\n/);
    dns = '10.43.0.99';
    await prepareResolvConf(pod(), dir, opts);
    assert.match(await readFile(m.hostPath, 'utf8'), /^search shop\.svc\.cluster\.local svc\.cluster\.local cluster\.local home\nnameserver 10\.43\.0\.99\n/);

    const ctx = { pod: pod(), refs: new Map(), volumes: new Map(), netns: '/run/netns/x', resolvConf: m };
    const spec = await buildContainerSpec({ name: 'c', image: 'x' }, false, 0, ctx);
    assert.deepEqual(spec.mounts, [m]);
    // a container that mounts its own /etc/resolv.conf keeps it
    const own = new Map([['cfg', { hostPath: '/tmp/x', forceReadOnly: true }]]);
    const spec2 = await buildContainerSpec({ name: 'c', image: 'x', volumeMounts: [{ name: 'cfg', mountPath: '/etc/resolv.conf', subPath: 'r' }] }, false, 0, { ...ctx, volumes: own });
    assert.equal(spec2.mounts?.length, 1);
    assert.equal(spec2.mounts?.[0].hostPath, '/tmp/x/r');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
