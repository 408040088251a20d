// Services end to end on real components (issue #5): a server, two agents in
// their own network namespaces on a test LAN (TEST-NET-2, no route out) and a
// third LAN host as an outside client. Real containerd + CNI pods, real
// probes, the real endpoints controller, nftables in each node namespace,
// host-gw routes between the nodes and the node-local DNS. Every request stays
// inside the namespaces this test made.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { api, eventually } from '../helpers/server.js';
import { E2eCluster, PODS } from '../helpers/e2e-cluster.js';
import type { LanNode } from '../helpers/lan.js';

const SVCS = '/api/v1/namespaces/default/services';
const REQUESTS = 30;

// Runs inside a LAN namespace: optionally resolves a name through the cluster
// DNS, then makes `n` fresh connections (no keep-alive, so each is balanced
// anew) and counts the answers. Failures are reported by error code, so a
// refusal (ECONNREFUSED) is told apart from a timeout.
const CLIENT = `
const [name, dnsServer, host, port, n] = process.argv.slice(1);
const http = require('http');
const dns = require('dns');
const get = (h) => new Promise((res) => {
  const req = http.get({ host: h, port: Number(port), path: '/', agent: false, timeout: 3000 }, (r) => {
    let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => res(b.trim()));
  });
  req.on('timeout', () => { req.destroy(); res('error:timeout'); });
  req.on('error', (e) => res('error:' + (e.code || e.message)));
});
(async () => {
  let target = host;
  let resolved;
  if (name !== '-') {
    const r = new dns.promises.Resolver({ timeout: 2000, tries: 2 });
    r.setServers([dnsServer]);
    resolved = await r.resolve4(name).catch((e) => ['error:' + e.code]);
    target = resolved[0];
  }
  const seen = {};
  for (let i = 0; i < Number(n); i++) { const b = await get(target); seen[b] = (seen[b] || 0) + 1; }
  console.log(JSON.stringify({ resolved, seen }));
})();
`;

interface ClientResult {
  resolved?: string[];
  seen: Record<string, number>;
}

async function fromHost(host: LanNode, opts: { host?: string; port: number; name?: string; dns?: string; n?: number }): Promise<ClientResult> {
  const r = await host.exec([process.execPath, '-e', CLIENT, opts.name ?? '-', opts.dns ?? '-', opts.host ?? '-', String(opts.port), String(opts.n ?? REQUESTS)], { timeoutMs: 120_000 });
  assert.equal(r.exitCode, 0, r.stderr);
  return JSON.parse(r.stdout) as ClientResult;
}

const answers = (r: ClientResult) => Object.keys(r.seen).sort();

describe('services on real containerd, nftables and DNS across two nodes', { timeout: 900_000 }, () => {
  let c: E2eCluster;
  let clusterIP = '';
  let nodePort = 0;
  let emptyIP = '';
  let clusterDNS = '';
  const node = (name: string) => c.nodes[name]!.node;
  const exec = (pod: string, script: string) => c.edgectl('exec', pod, '--', 'sh', '-c', script);
  const endpoints = async (name: string) => (await api(c.server, 'GET', `/api/v1/namespaces/default/endpoints/${name}`)).body;
  const readyPods = async () => {
    const ep = await endpoints('web');
    return (ep?.subsets ?? []).flatMap((s: any) => (s.addresses ?? []).map((a: any) => a.targetRef?.name)).sort();
  };
  const ruleset = async (name: string) => {
    const r = await node(name).exec(['nft', 'list', 'table', 'ip', 'edgeplane']);
    assert.equal(r.exitCode, 0, r.stderr);
    return r.stdout;
  };
  /** the table's objects in a stable order (the kernel lists them in creation order, which differs between full and incremental syncs), elements sorted */
  const objects = (table: string) =>
    table
      .split(/\n(?=\t(?:chain|map|set) )/)
      .map((b) =>
        b
          // element order follows the kernel's hash, not the order of insertion
          .replace(/elements = \{([^}]*)\}/g, (_m, e: string) => `elements = { ${e.split(',').map((x) => x.trim()).filter(Boolean).sort().join(', ')} }`)
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .sort();

  const web = (name: string, nodeName: string) =>
    c.createPod(
      name,
      nodeName,
      {
        // /w/ready answers the readiness probe, /w/alive the liveness probe: removing one fails it
        command: ['sh', '-c', `mkdir -p /w && echo ${name} > /w/index.html && echo ok > /w/ready && touch /w/alive && exec httpd -f -p 8080 -h /w`],
        ports: [{ name: 'http', containerPort: 8080 }],
        // generous timeouts: an exec probe through ctr can take seconds on a loaded machine
        readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 1, failureThreshold: 1, timeoutSeconds: 5 },
        livenessProbe: { exec: { command: ['test', '-f', '/w/alive'] }, periodSeconds: 1, failureThreshold: 1, timeoutSeconds: 15 },
      },
      {},
      { labels: { app: 'web' } },
    );

  before(async () => {
    c = await E2eCluster.start(['svc-a', 'svc-b'], { clients: 1 });
    await c.allNodesReady();
    await web('web-a', 'svc-a');
    await web('web-b', 'svc-b');
    await c.createPod('client', 'svc-a', { command: ['sleep', '3600'] });
    const svc = await api(c.server, 'POST', SVCS, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    assert.equal(svc.status, 201, JSON.stringify(svc.body));
    clusterIP = svc.body.spec.clusterIP;
    nodePort = svc.body.spec.ports[0].nodePort;
    const empty = await api(c.server, 'POST', SVCS, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'empty' },
      spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] },
    });
    assert.equal(empty.status, 201, JSON.stringify(empty.body));
    emptyIP = empty.body.spec.clusterIP;
    clusterDNS = '10.43.0.10';
    for (const p of ['web-a', 'web-b']) await c.running(p, 60_000, true);
    await c.running('client', 60_000);
  });

  after(async () => {
    if (process.env.EP_E2E_LOGS) {
      const ev = c && (await api(c.server, 'GET', '/api/v1/namespaces/default/events')).body.items;
      await writeFile(join(process.env.EP_E2E_LOGS, 'events.json'), JSON.stringify(ev, null, 1));
      for (const [name, n] of Object.entries(c?.nodes ?? {})) await writeFile(join(process.env.EP_E2E_LOGS, `${name}.log`), n.agent?.output() ?? '');
    }
    await c?.destroy();
  });

  it('the endpoints list both ready pods with their node and named port', async () => {
    await eventually(async () => (await readyPods()).join() === 'web-a,web-b', 'two ready endpoints', 30_000);
    const ep = await endpoints('web');
    const addrs = ep.subsets.flatMap((s: any) => s.addresses);
    assert.deepEqual(addrs.map((a: any) => a.nodeName).sort(), ['svc-a', 'svc-b']);
    assert.deepEqual(ep.subsets[0].ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('from each node, the ClusterIP and the DNS name reach both backends', async () => {
    for (const name of ['svc-a', 'svc-b']) {
      let last: ClientResult | undefined;
      await eventually(async () => {
        last = await fromHost(node(name), { name: 'web.default.svc.cluster.local', dns: clusterDNS, port: 80 });
        return last.resolved?.[0] === clusterIP && answers(last).join() === 'web-a,web-b';
      }, `${name}: DNS name → ClusterIP → both backends`, 60_000).catch((e) => assert.fail(`${e.message}: ${JSON.stringify(last)}\n${c.nodes[name]!.agent?.output().slice(-2000)}`));
      const direct = await fromHost(node(name), { host: clusterIP, port: 80 });
      assert.deepEqual(answers(direct), ['web-a', 'web-b'], `${name} by ClusterIP: ${JSON.stringify(direct.seen)}`);
    }
  });

  it('from inside a pod, the short name, the full name and the ClusterIP reach both backends', async () => {
    const look = await exec('client', 'nslookup web.default.svc.cluster.local');
    assert.equal(look.exitCode, 0, look.stdout + look.stderr);
    assert.match(look.stdout, new RegExp(`Address:\\s*${clusterIP.replace(/\./g, '\\.')}`));
    for (const target of ['web', 'web.default.svc.cluster.local', clusterIP]) {
      const r = await exec('client', `for i in $(seq ${REQUESTS}); do printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${target} 80; echo; done`);
      assert.equal(r.exitCode, 0, r.stderr);
      const a = (r.stdout.match(/^web-a$/gm) ?? []).length;
      const b = (r.stdout.match(/^web-b$/gm) ?? []).length;
      assert.equal(a + b, REQUESTS, `${target}: every request answered: ${r.stdout.slice(0, 500)}`);
      assert.ok(a > 0 && b > 0, `${target}: both backends (${a}/${b})`);
    }
  });

  it('the NodePort of either node reaches both backends from an outside client', async () => {
    const client = c.clients[0]!;
    for (const name of ['svc-a', 'svc-b']) {
      const r = await fromHost(client, { host: node(name).ip, port: nodePort });
      assert.deepEqual(answers(r), ['web-a', 'web-b'], `${name}:${nodePort}: ${JSON.stringify(r.seen)}`);
    }
  });

  it('a service without endpoints is refused at once, not timed out', async () => {
    for (const name of ['svc-a', 'svc-b']) {
      const r = await fromHost(node(name), { host: emptyIP, port: 80, n: 3 });
      assert.deepEqual(r.seen, { 'error:ECONNREFUSED': 3 });
    }
    const fromPod = await exec('client', `nc -w 3 empty 80 </dev/null; echo exit=$?`);
    assert.match(fromPod.stdout + fromPod.stderr, /refused/i);
  });

  it('a pod failing readiness leaves the endpoints and gets no traffic; it comes back when ready', async () => {
    const rm = await exec('web-b', 'rm /w/ready');
    assert.equal(rm.exitCode, 0, rm.stderr);
    await eventually(async () => (await readyPods()).join() === 'web-a', 'web-b not ready', 30_000).catch(async (e) =>
      assert.fail(`${e.message}: endpoints ${JSON.stringify(await endpoints('web'))}\nweb-b ${JSON.stringify((await c.getPod('web-b')).status)}\n${c.nodes['svc-b']!.agent?.output().slice(-3000)}`),
    );
    const ep = await endpoints('web');
    assert.deepEqual(ep.subsets.flatMap((s: any) => (s.notReadyAddresses ?? []).map((a: any) => a.targetRef.name)), ['web-b']);
    const pod = await c.getPod('web-b');
    assert.equal(pod.status.conditions.find((x: any) => x.type === 'Ready').status, 'False');
    for (const name of ['svc-a', 'svc-b']) {
      await eventually(async () => answers(await fromHost(node(name), { host: clusterIP, port: 80 })).join() === 'web-a', `${name}: only web-a`, 30_000);
    }
    await exec('web-b', 'echo ok > /w/ready');
    await eventually(async () => (await readyPods()).join() === 'web-a,web-b', 'web-b ready again', 30_000);
    await eventually(async () => answers(await fromHost(node('svc-a'), { host: clusterIP, port: 80 })).join() === 'web-a,web-b', 'both again', 30_000);
  });

  it('a failing liveness probe restarts the container with an event naming the probe', async () => {
    const before = (await c.getPod('web-a')).status.containerStatuses[0];
    const rm = await exec('web-a', 'rm /w/alive');
    assert.equal(rm.exitCode, 0, rm.stdout + rm.stderr);
    await eventually(async () => (await c.getPod('web-a')).status.containerStatuses[0].restartCount > before.restartCount, 'web-a restarted', 60_000).catch(async (e) => {
      const ev = (await api(c.server, 'GET', `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=web-a`)).body.items ?? [];
      const ps = (await execa('ps', ['-eo', 'pid,ppid,etimes,args'], { reject: false })).stdout.split('\n').filter((l) => /ctr|nft|edgeplane/.test(l));
      assert.fail(`${e.message}\nstatus ${JSON.stringify((await c.getPod('web-a')).status)}\nevents ${ev.map((x: any) => `${x.reason}: ${x.message}`).join('; ')}\n${ps.join('\n')}\n${c.nodes['svc-a']!.agent?.output().slice(-2000)}`);
    });
    await eventually(async () => {
      const ev = (await api(c.server, 'GET', `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=web-a`)).body.items ?? [];
      return ev.some((e: any) => e.reason === 'Unhealthy' && /Liveness probe failed/.test(e.message)) && ev.some((e: any) => e.reason === 'Killing' && /liveness probe/i.test(e.message));
    }, 'Unhealthy and Killing events', 30_000);
    // the restarted container recreates its files: ready again and back in the endpoints
    await c.running('web-a', 60_000, true);
    await eventually(async () => (await readyPods()).join() === 'web-a,web-b', 'web-a back in the endpoints', 30_000);
  });

  it('a deleted pod leaves the rules, also on a node whose agent was away; restarts leave no duplicate or stale rules', async () => {
    const webB = await c.getPod('web-b');
    const ipB = webB.status.podIP as string;
    assert.ok((await ruleset('svc-a')).includes(ipB));
    // svc-a's agent is away while web-b goes: its rules stay as they were (edge autonomy)
    await c.nodes['svc-a']!.agent!.stop();
    assert.equal((await api(c.server, 'DELETE', `${PODS}/web-b`)).status, 200);
    await eventually(async () => !(await ruleset('svc-b')).includes(ipB), 'web-b gone from svc-b rules', 30_000);
    assert.ok((await ruleset('svc-a')).includes(ipB), 'untouched while the agent is stopped');
    // back: the saved document is applied first, then the server's, which no longer has web-b
    c.startAgent('svc-a');
    await eventually(async () => !(await ruleset('svc-a')).includes(ipB), 'web-b gone from svc-a rules after the restart', 60_000);
    await eventually(async () => answers(await fromHost(node('svc-a'), { host: clusterIP, port: 80 })).join() === 'web-a', 'only web-a', 30_000);

    // a restart with nothing changed rebuilds exactly the same rules: one table, no duplicates
    const tables = async () => (await node('svc-a').exec(['nft', 'list', 'tables'])).stdout.trim().split('\n').filter((l) => /edgeplane/.test(l));
    const routes = async () => (await node('svc-a').exec(['ip', 'route', 'show', 'proto', '69'])).stdout;
    const rulesBefore = objects(await ruleset('svc-a'));
    const routesBefore = await routes();
    assert.match(routesBefore, /10\.43\.0\.0\/16 dev/, 'the service CIDR route');
    assert.match(routesBefore, /via /, 'a host-gw route to the other node');
    await c.nodes['svc-a']!.agent!.stop();
    const agent = c.startAgent('svc-a');
    await eventually(async () => (await c.nodeReady('svc-a')) === 'True' && /joined|connected/i.test(agent.output()), 'svc-a back', 60_000);
    // the start-up full sync from the saved document, then the server's: the same rules again
    await eventually(async () => JSON.stringify(objects(await ruleset('svc-a'))) === JSON.stringify(rulesBefore), 'the same rules after the restart', 30_000).catch(async (e) =>
      assert.deepEqual(objects(await ruleset('svc-a')), rulesBefore, `${e.message}\n${agent.output().slice(-2000)}`),
    );
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual(objects(await ruleset('svc-a')), rulesBefore, 'and they stay');
    assert.deepEqual(await tables(), ['table ip edgeplane']);
    assert.equal(await routes(), routesBefore);
    const r = await fromHost(node('svc-a'), { host: clusterIP, port: 80 });
    assert.deepEqual(answers(r), ['web-a']);
  });
});
