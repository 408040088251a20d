// Golden-text tests of the rendered ruleset (pure). Regenerate after an
// intended change with UPDATE_GOLDEN=1 and review the diff of golden/*.nft.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderRuleset } from '../../../agent/proxy/render.js';
import { buildRuleset, gatewayOf } from '../../../agent/proxy/ruleset.js';
import { objectName } from '../../../agent/proxy/names.js';
import type { ClusterServices } from '../../../shared/mqtt/cluster-services.js';
import { doc, ep, NODE, svc } from './fixtures.js';

// dist/test/agent/proxy → test/agent/proxy/golden in the source tree
const GOLDEN = fileURLToPath(new URL('../../../../test/agent/proxy/golden/', import.meta.url));

function golden(name: string, cs: ClusterServices): string {
  const text = renderRuleset(cs, NODE);
  const file = `${GOLDEN}${name}.nft`;
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
  assert.equal(text, readFileSync(file, 'utf8'), `golden ${name}.nft differs (UPDATE_GOLDEN=1 to regenerate)`);
  return text;
}

describe('proxy ruleset rendering (golden)', () => {
  it('empty services: fixed chains, empty maps, the DNS rule', () => {
    const t = golden('empty', doc([]));
    assert.match(t, /^add table ip edgeplane\ndelete table ip edgeplane\n/);
    assert.match(t, /\tip daddr 10\.43\.0\.10 udp dport 53 dnat to 10\.42\.3\.1:53/);
    assert.match(t, /\tip daddr 10\.43\.0\.10 tcp dport 53 dnat to 10\.42\.3\.1:53/);
    assert.doesNotMatch(t, /elements =/);
  });

  it('one service with two endpoints: shared lb chain, backends as map elements, no per-service chain', () => {
    const t = golden('two-endpoints', doc([svc('web', '10.43.0.20', { endpoints: [ep('10.42.3.5', 8080), ep('10.42.4.7', 8080)] })]));
    assert.match(t, /map service-ips \{ [^}]*elements = \{ 10\.43\.0\.20 \. tcp \. 80 : goto service-lb-tcp-2 \}/);
    assert.match(t, /map service-backends-tcp \{ [^}]*elements = \{ 10\.43\.0\.20 \. 80 \. 0 : 10\.42\.3\.5 \. 8080, 10\.43\.0\.20 \. 80 \. 1 : 10\.42\.4\.7 \. 8080 \}/);
    assert.match(
      t,
      /chain service-lb-tcp-2 \{\n\t\tip saddr != 10\.42\.0\.0\/16 jump mark-for-masquerade\n\t\tdnat ip to ip daddr \. tcp dport \. numgen random mod 2 map @service-backends-tcp\n\t\}/,
    );
    // hairpin: both endpoints are on this node, so both pairs are in @hairpin
    assert.match(t, /set hairpin \{ type ipv4_addr \. ipv4_addr; elements = \{ 10\.42\.3\.5 \. 10\.42\.3\.5, 10\.42\.4\.7 \. 10\.42\.4\.7 \}/);
    assert.match(t, /ct status dnat ip saddr \. ip daddr @hairpin meta mark set meta mark \| 0x00004000\n\t\tmeta mark & 0x00004000 == 0 return/);
    assert.doesNotMatch(t, /chain (svc|ep|ext)-|vmap \{/);
  });

  it('services with the same endpoint count share one lb chain; indexes 0..n-1 per service', () => {
    const eps = (x: number) => [ep(`10.42.3.${x}`, 80), ep(`10.42.3.${x + 1}`, 80), ep(`10.42.3.${x + 2}`, 80)];
    const rs = buildRuleset(doc([svc('a', '10.43.0.23', { endpoints: eps(5) }), svc('b', '10.43.0.24', { endpoints: eps(10) })]), NODE);
    assert.deepEqual([...rs.chains.keys()].filter((c) => c.includes('-lb-')), ['service-lb-tcp-3']);
    assert.deepEqual([...rs.maps.get('service-backends-tcp')!.elements], [
      ['10.43.0.23 . 80 . 0', '10.42.3.5 . 80'],
      ['10.43.0.23 . 80 . 1', '10.42.3.6 . 80'],
      ['10.43.0.23 . 80 . 2', '10.42.3.7 . 80'],
      ['10.43.0.24 . 80 . 0', '10.42.3.10 . 80'],
      ['10.43.0.24 . 80 . 1', '10.42.3.11 . 80'],
      ['10.43.0.24 . 80 . 2', '10.42.3.12 . 80'],
    ]);
  });

  it('hairpin pairs only for endpoints on this node', () => {
    const remote = { ...ep('10.42.4.7', 80), nodeName: 'node-b' };
    const rs = buildRuleset(doc([svc('web', '10.43.0.20', { endpoints: [ep('10.42.3.5', 80), remote] })]), NODE);
    assert.deepEqual([...rs.maps.get('hairpin')!.elements.keys()], ['10.42.3.5 . 10.42.3.5']);
  });

  it('named ports resolve per endpoint; UDP', () => {
    const t = golden(
      'named-ports',
      doc([
        svc('multi', '10.43.0.30', {
          ports: [
            { name: 'http', protocol: 'TCP', port: 80 },
            { name: 'dns', protocol: 'UDP', port: 5353 },
          ],
          endpoints: [ep('10.42.3.5', { http: 8080, dns: 53 }), ep('10.42.3.6', { http: 9090 })],
        }),
      ]),
    );
    assert.match(t, /elements = \{ 10\.43\.0\.30 \. 80 \. 0 : 10\.42\.3\.5 \. 8080, 10\.43\.0\.30 \. 80 \. 1 : 10\.42\.3\.6 \. 9090 \}/);
    assert.match(t, /map service-backends-udp \{ [^}]*elements = \{ 10\.43\.0\.30 \. 5353 \. 0 : 10\.42\.3\.5 \. 53 \}/);
    assert.match(t, /10\.43\.0\.30 \. udp \. 5353 : goto service-lb-udp-1/);
    assert.doesNotMatch(t, /10\.42\.3\.6 \. 53/);
  });

  it('NodePort: service-nodeports → shared nodeport lb chain that masquerades', () => {
    const t = golden(
      'nodeport',
      doc([svc('np', '10.43.0.40', { type: 'NodePort', ports: [{ name: '', protocol: 'TCP', port: 80, nodePort: 30080 }], endpoints: [ep('10.42.3.5', 8080)] })]),
    );
    assert.match(t, /map service-nodeports \{ [^}]*elements = \{ tcp \. 30080 : goto nodeport-lb-tcp-1 \}/);
    assert.match(t, /map nodeport-backends-tcp \{ [^}]*elements = \{ 30080 \. 0 : 10\.42\.3\.5 \. 8080 \}/);
    assert.match(t, /chain nodeport-lb-tcp-1 \{\n\t\tjump mark-for-masquerade\n\t\tdnat ip to tcp dport \. numgen random mod 1 map @nodeport-backends-tcp\n\t\}/);
  });

  it('ClientIP affinity: per-endpoint chains and timeout sets checked before the numgen cascade', () => {
    const t = golden(
      'affinity',
      doc([svc('sticky', '10.43.0.50', { sessionAffinity: 'ClientIP', affinityTimeoutSeconds: 600, endpoints: [ep('10.42.3.5', 80), ep('10.42.3.6', 80)] })]),
    );
    assert.match(t, /\tset aff-\w+-default\/sticky\/tcp\/80__10\.42\.3\.5\/80 \{ type ipv4_addr; flags dynamic,timeout; timeout 600s; \}/);
    const svcRules = /chain svc-[^\n]*\{\n([\s\S]*?)\n\t\}/.exec(t)![1]!.split('\n');
    assert.match(svcRules[1]!, /ip saddr @aff-\w+-\S+ goto ep-/);
    assert.match(svcRules[3]!, /numgen random mod 2 == 0 goto ep-/);
    assert.match(svcRules[4]!, /^\t\tgoto ep-/);
    assert.match(t, /update @aff-\S+ \{ ip saddr \}/);
  });

  it('no ready endpoints: rejected via no-endpoint-services (and nodeports)', () => {
    const t = golden(
      'no-endpoints',
      doc([
        svc('empty', '10.43.0.60', {
          type: 'NodePort',
          ports: [{ name: '', protocol: 'TCP', port: 80, nodePort: 30060 }],
          endpoints: [ep('10.42.3.5', 80, false)],
        }),
      ]),
    );
    assert.match(t, /map no-endpoint-services \{ [^}]*elements = \{ 10\.43\.0\.60 \. tcp \. 80 : goto reject-chain \}/);
    assert.match(t, /map no-endpoint-nodeports \{ [^}]*elements = \{ tcp \. 30060 : goto reject-chain \}/);
    assert.doesNotMatch(t, /svc-|ep-/);
  });

  it('headless and ExternalName services produce no rules', () => {
    const t = golden(
      'headless',
      doc([
        svc('headless', 'None', { endpoints: [ep('10.42.3.5', 80)] }),
        svc('ext', '', { type: 'ExternalName' }),
      ]),
    );
    assert.equal(t, renderRuleset(doc([]), NODE));
  });

  it('not-ready endpoints are excluded from load balancing', () => {
    const t = golden('not-ready', doc([svc('web', '10.43.0.20', { endpoints: [ep('10.42.3.5', 8080), ep('10.42.3.9', 8080, false)] })]));
    assert.match(t, /elements = \{ 10\.43\.0\.20 \. 80 \. 0 : 10\.42\.3\.5 \. 8080 \}/);
    assert.match(t, /goto service-lb-tcp-1/);
    assert.doesNotMatch(t, /10\.42\.3\.9/);
  });

  it('rendering is deterministic: service order does not matter', () => {
    const a = svc('a', '10.43.0.1', { endpoints: [ep('10.42.3.5', 80), ep('10.42.3.4', 80)] });
    const b = svc('b', '10.43.0.2', { endpoints: [ep('10.42.3.6', 80)] });
    assert.equal(renderRuleset(doc([a, b]), NODE), renderRuleset(doc([b, a]), NODE));
  });

  it('names are stable, short, unique under truncation', () => {
    const long = 'x'.repeat(200);
    const n1 = objectName('svc', `${long}/a`);
    const n2 = objectName('svc', `${long}/b`);
    assert.equal(n1.length, 128);
    assert.notEqual(n1, n2);
    assert.equal(objectName('svc', 'default/web/tcp/80'), objectName('svc', 'default/web/tcp/80'));
  });

  it('gateway of the pod CIDR', () => {
    assert.equal(gatewayOf('10.42.3.0/24'), '10.42.3.1');
    assert.equal(gatewayOf('10.42.3.77/24'), '10.42.3.1');
    assert.equal(gatewayOf('bogus'), undefined);
    const rs = buildRuleset({ ...doc([]), clusterDNS: '' }, NODE);
    assert.deepEqual(rs.chains.get('services')!.rules.filter((r) => r.includes('dport 53')), []);
  });
});
