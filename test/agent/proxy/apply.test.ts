// Applying rulesets for real with nft, inside a network namespace this test
// creates (the host's tables are never touched).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NftCli } from '../../../agent/proxy/nft.js';
import { ServiceProxy } from '../../../agent/proxy/proxy.js';
import { renderFull } from '../../../agent/proxy/render.js';
import { renderDiff } from '../../../agent/proxy/diff.js';
import { buildRuleset } from '../../../agent/proxy/ruleset.js';
import { createTestNode, type TestNode } from '../../helpers/netns.js';
import { doc, ep, NODE, svc } from './fixtures.js';

const A = svc('alpha', '10.43.0.20', { endpoints: [ep('10.42.3.5', 8080), ep('10.42.3.6', 8080)] });
const B = svc('beta', '10.43.0.21', { endpoints: [ep('10.42.3.7', 9090)] });
const B2 = svc('beta', '10.43.0.21', { endpoints: [ep('10.42.3.7', 9090), ep('10.42.3.8', 9090)] });
const C = svc('gamma', '10.43.0.22', {
  type: 'NodePort',
  sessionAffinity: 'ClientIP',
  ports: [{ name: 'http', protocol: 'TCP', port: 80, nodePort: 30080 }],
  endpoints: [ep('10.42.3.9', { http: 80 })],
});

/** Listing with volatile parts removed (affinity expiry timers), objects in a canonical order (nft lists by creation). */
const norm = (s: string | undefined) =>
  ((s ?? '').replace(/ expires \S+/g, '').match(/\t(chain|set|map) [^\n]+ \{\n[\s\S]*?\n\t\}/g) ?? []).sort().join('\n');

describe('proxy apply with nft (in a test netns)', () => {
  let node: TestNode;
  let nft: NftCli;
  before(async () => {
    node = await createTestNode();
    nft = new NftCli({ netns: node.name });
  });
  after(async () => {
    await node.destroy();
  });

  it('full apply: the table lists the services; re-apply is idempotent', async () => {
    const rs = buildRuleset(doc([A, B, C]), NODE);
    await nft.apply(renderFull(rs));
    const first = await nft.listTable('ip', 'edgeplane');
    assert.ok(first);
    for (const name of rs.chains.keys()) assert.ok(first.includes(`chain ${name} {`), `chain ${name} listed`);
    assert.match(first, /10\.43\.0\.20 \. tcp \. 80 : goto service-lb-tcp-2/);
    assert.match(first, /10\.43\.0\.22 \. tcp \. 80 : goto svc-/, 'the ClientIP-affinity service keeps its own chain');
    await nft.apply(renderFull(rs));
    assert.match(norm(first), /chain services \{/);
    assert.equal(norm(await nft.listTable('ip', 'edgeplane')), norm(first));
    assert.equal(first.match(/: 10\.42\.3\.5 \. 8080/g)?.length, 1, 'no duplicate elements');
    assert.equal(first.match(/dnat ip to ip daddr/g)?.length, 2, 'one lb rule per endpoint count (2 and 1), no duplicates');
  });

  it('incremental update touches only the changed service and equals a full apply', async () => {
    const p = new ServiceProxy({ nft, node: NODE });
    assert.equal((await p.update(doc([A, B, C], 1))).mode, 'full');
    const prev = p.current!;
    const script = renderDiff(prev, buildRuleset(doc([A, B2, C]), NODE))!;
    assert.ok(script.includes('10.43.0.21') && !script.includes('10.43.0.20') && !script.includes('gamma'), script);
    const r = await p.update(doc([A, B2, C], 2));
    assert.equal(r.mode, 'incremental');
    const incremental = norm(await nft.listTable('ip', 'edgeplane'));
    await nft.apply(renderFull(buildRuleset(doc([A, B2, C]), NODE)));
    assert.equal(incremental, norm(await nft.listTable('ip', 'edgeplane')));

    // removing services and endpoints incrementally leaves no stale chain or set
    assert.equal((await p.update(doc([B], 3))).mode, 'incremental');
    const shrunk = norm(await nft.listTable('ip', 'edgeplane'));
    assert.doesNotMatch(shrunk, /alpha|gamma|aff-|10\.42\.3\.8/);
    await nft.apply(renderFull(buildRuleset(doc([B]), NODE)));
    assert.equal(shrunk, norm(await nft.listTable('ip', 'edgeplane')));

    // an unchanged document applies nothing
    assert.equal((await p.update(doc([B], 4))).mode, 'noop');
  });

  it('periodic resync repairs drift and keeps ClientIP affinity state', async () => {
    let now = 0;
    const p = new ServiceProxy({ nft, node: NODE, resyncMs: 1000, now: () => now });
    await p.update(doc([A, C]));
    const aff = [...p.current!.sets.keys()][0]!;
    await nft.apply(`add element ip edgeplane ${aff} { 192.0.2.77 }\n`);
    // drift: someone flushed one of our chains
    await nft.apply('flush chain ip edgeplane services\n');
    now = 5000;
    assert.equal((await p.update(doc([A, C]))).mode, 'resync');
    const listing = (await nft.listTable('ip', 'edgeplane'))!;
    assert.match(listing, /vmap @service-ips/);
    assert.match(listing, /192\.0\.2\.77/, 'affinity entry survived the resync');
  });

  it('a broken apply leaves the previous ruleset intact; the next update is a full sync', async () => {
    const p = new ServiceProxy({ nft, node: NODE });
    await p.update(doc([A, B]));
    const before = norm(await nft.listTable('ip', 'edgeplane'));
    await assert.rejects(nft.apply(renderFull(buildRuleset(doc([A]), NODE)) + 'add rule ip edgeplane services bogus syntax\n'), {
      code: 'NftApplyFailed',
    });
    assert.equal(norm(await nft.listTable('ip', 'edgeplane')), before);

    const failing = { ...nft, apply: async () => Promise.reject(new Error('boom')), listTable: nft.listTable.bind(nft), deleteTable: nft.deleteTable.bind(nft) };
    const q = new ServiceProxy({ nft: failing, node: NODE });
    await assert.rejects(q.update(doc([A])));
    assert.equal(norm(await nft.listTable('ip', 'edgeplane')), before);
    const r = new ServiceProxy({ nft, node: NODE });
    await r.update(doc([A]));
    await assert.rejects(r.update({ ...doc([A]), serviceCIDR: 'not-a-cidr' }));
    assert.equal((await r.update(doc([A, B]))).mode, 'full', 'after a failure the next update is full');
    assert.equal(norm(await nft.listTable('ip', 'edgeplane')), before);
  });

  it('cleanup deletes the table and nothing else', async () => {
    await nft.apply('add table ip other\nadd chain ip other keep\n');
    const p = new ServiceProxy({ nft, node: NODE });
    await p.update(doc([A]));
    assert.equal(await p.cleanup(), true);
    assert.equal(await nft.listTable('ip', 'edgeplane'), undefined);
    assert.ok(await nft.listTable('ip', 'other'));
    assert.equal(await p.cleanup(), false, 'cleanup of a missing table is fine');
    await nft.deleteTable('ip', 'other');
  });
});
