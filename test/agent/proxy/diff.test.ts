// Incremental transactions (pure). That applying them yields the same kernel
// state as a full apply is checked for real in apply.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderDiff } from '../../../agent/proxy/diff.js';
import { renderFull } from '../../../agent/proxy/render.js';
import { buildRuleset, type FragmentCache } from '../../../agent/proxy/ruleset.js';
import { doc, ep, NODE, svc } from './fixtures.js';

const A = svc('alpha', '10.43.0.20', { endpoints: [ep('10.42.3.5', 8080)] });
const B = svc('beta', '10.43.0.21', { endpoints: [ep('10.42.3.7', 9090)] });
const rs = (...s: Parameters<typeof doc>[0]) => buildRuleset(doc(s), NODE);
const lines = (t: string | undefined) => (t ?? '').trim().split('\n');

describe('incremental diff', () => {
  it('nothing changed → empty script', () => {
    assert.equal(renderDiff(rs(A, B), rs(A, B)), '');
  });

  it('new service: chains and rules, then its map elements', () => {
    const l = lines(renderDiff(rs(A), rs(A, B)));
    assert.ok(l.every((x) => !x.includes('alpha')), 'the unchanged service is not touched');
    const addChain = l.findIndex((x) => x.startsWith('add chain ip edgeplane svc-'));
    const addEl = l.findIndex((x) => x.startsWith('add element ip edgeplane service-ips'));
    assert.ok(addChain >= 0 && addEl > addChain, 'chain exists before the element that jumps to it');
  });

  it('removed service: elements deleted, chains flushed, then deleted', () => {
    const l = lines(renderDiff(rs(A, B), rs(A)));
    const delEl = l.findIndex((x) => x.startsWith('delete element ip edgeplane service-ips { 10.43.0.21 . tcp . 80 }'));
    const flush = l.findIndex((x) => x.startsWith('flush chain ip edgeplane svc-'));
    const del = l.findIndex((x) => x.startsWith('delete chain ip edgeplane svc-'));
    const hairpin = l.findIndex((x) => x === 'delete element ip edgeplane hairpin { 10.42.3.7 . 10.42.3.7 }');
    assert.ok(delEl >= 0 && flush > delEl && del > flush && hairpin >= 0, l.join('\n'));
  });

  it('endpoint change: only the svc chain is rewritten, hairpin pairs follow', () => {
    const B2 = { ...B, endpoints: [ep('10.42.3.8', 9090)] };
    const t = renderDiff(rs(A, B), rs(A, B2))!;
    assert.deepEqual(lines(t).map((x) => x.replace(/svc-\w+-default\/beta\/tcp\/80/, 'SVC')), [
      'delete element ip edgeplane hairpin { 10.42.3.7 . 10.42.3.7 }',
      'flush chain ip edgeplane SVC',
      'add rule ip edgeplane SVC ip saddr != 10.42.0.0/16 jump mark-for-masquerade',
      'add rule ip edgeplane SVC meta l4proto tcp dnat to 10.42.3.8:9090',
      'add element ip edgeplane hairpin { 10.42.3.8 . 10.42.3.8 }',
    ]);
  });

  it('all endpoints gone: service moves to no-endpoint-services', () => {
    const t = renderDiff(rs(A, B), rs(A, { ...B, endpoints: [] }))!;
    assert.match(t, /delete element ip edgeplane service-ips \{ 10\.43\.0\.21 \. tcp \. 80 \}/);
    assert.match(t, /add element ip edgeplane no-endpoint-services \{ 10\.43\.0\.21 \. tcp \. 80 : goto reject-chain \}/);
  });

  it('a changed base chain needs a full sync', () => {
    assert.equal(renderDiff(rs(A), buildRuleset(doc([A]), NODE, 'other')), undefined);
  });

  it('fragment cache: same result as without, unchanged chains keep identity, cache holds only current services', () => {
    const cache: FragmentCache = new Map();
    const first = buildRuleset(doc([A, B]), NODE, undefined, cache);
    const B2 = { ...B, endpoints: [ep('10.42.3.8', 9090)] };
    const second = buildRuleset(doc([A, B2]), NODE, undefined, cache);
    assert.equal(renderFull(second), renderFull(rs(A, B2)));
    const alphaChain = [...first.chains.keys()].find((k) => k.startsWith('svc-') && k.includes('alpha'))!;
    assert.equal(second.chains.get(alphaChain), first.chains.get(alphaChain));
    assert.equal(cache.size, 2);
  });
});
