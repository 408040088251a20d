// Cluster services document and service DNS benchmark:
// `node dist/bench/services-dns.js [--services 1000] [--endpoints 3] [--nodes 100]`.
// Measures the ClusterServices document (JSON size, build + serialize + digest
// time, as the publisher does per batch), the agent's DNS zone build, and
// answer() cost per query (hit and NXDOMAIN) — in-process, no network.
// Prints a markdown table (docs/benchmarks.md, "## Services and DNS").

import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import dnsPacket from 'dns-packet';
import type { KubeObject } from '../shared/api/object.js';
import { buildClusterServices } from '../server/broker/services-doc.js';
import { answer } from '../agent/dns/answer.js';
import { buildZone } from '../agent/dns/zone.js';
import { parseClusterServices } from '../shared/mqtt/cluster-services.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const SERVICES = arg('services', 1000);
const ENDPOINTS = arg('endpoints', 3);
const NODES = arg('nodes', 100);

const ip = (n: number, base: number) => `10.${base}.${(n >> 8) & 255}.${n & 255}`;
const services: KubeObject[] = [];
const endpoints: KubeObject[] = [];
for (let i = 0; i < SERVICES; i++) {
  const ns = `team-${i % 20}`;
  const name = `svc-${i}`;
  services.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: ns, name },
    spec: { type: 'ClusterIP', clusterIP: ip(i + 300, 43), ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }], sessionAffinity: 'None' },
  });
  endpoints.push({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { namespace: ns, name },
    subsets: [
      {
        addresses: Array.from({ length: ENDPOINTS }, (_, e) => ({
          ip: ip(i * ENDPOINTS + e + 2, 42),
          nodeName: `node-${(i + e) % NODES}`,
          targetRef: { kind: 'Pod', namespace: ns, name: `${name}-pod-${e}`, uid: `uid-${i}-${e}` },
        })),
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ],
  });
}
const nodes: KubeObject[] = Array.from({ length: NODES }, (_, n) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: `node-${n}` },
  spec: { podCIDR: `10.42.${n}.0/24` },
  status: { addresses: [{ type: 'InternalIP', address: `192.168.${n >> 8}.${n & 255}` }] },
}));

const net = { serviceCIDR: '10.43.0.0/16', clusterDNS: '10.43.0.10', clusterDomain: 'cluster.local' };
function timeIt(n: number, fn: () => void): number {
  fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t) / n;
}

let body = '';
const publishMs = timeIt(20, () => {
  body = JSON.stringify(buildClusterServices(net, services, endpoints, nodes));
  createHash('sha256').update(body).digest('base64');
});
const cs = parseClusterServices(`{"revision":1,${body.slice(1)}`)!;
const zoneMs = timeIt(20, () => buildZone(cs));
const q = (name: string) => dnsPacket.decode(dnsPacket.encode({ id: 1, type: 'query', flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type: 'A' }] }));
const hit = q(`svc-${SERVICES - 1}.team-${(SERVICES - 1) % 20}.svc.cluster.local`);
const miss = q('nope.team-1.svc.cluster.local');
answer(hit, cs);
const N = 100_000;
const hitUs = timeIt(N, () => dnsPacket.encode((answer(hit, cs) as any).response)) * 1000;
const missUs = timeIt(N, () => dnsPacket.encode((answer(miss, cs) as any).response)) * 1000;

console.log(`| services × endpoints, nodes | ${SERVICES} × ${ENDPOINTS}, ${NODES} |`);
console.log('|---|---|');
console.log(`| ClusterServices JSON | ${(body.length / 1024).toFixed(0)} KiB (${(body.length / SERVICES).toFixed(0)} B per service) |`);
console.log(`| build + serialize + digest (per publish) | ${publishMs.toFixed(1)} ms |`);
console.log(`| agent DNS zone build (per document) | ${zoneMs.toFixed(1)} ms |`);
console.log(`| answer() + encode, A hit | ${hitUs.toFixed(1)} µs |`);
console.log(`| answer() + encode, NXDOMAIN | ${missUs.toFixed(1)} µs |`);
