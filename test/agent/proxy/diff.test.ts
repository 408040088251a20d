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
const B2eps = svc('beta', '10.43.0.21', { endpoints: [ep('10.42.3.7', 9090), ep('10.42.3.8', 9090)] });
const rs = (...s: Parameters<typeof doc>[0]) => buildRuleset(doc(s), NODE);
const lines = (t: string | undefined) => (t ?? '').trim().split('\n');

describe('incremental diff', () => {
  it('nothing changed → empty script', () => {
    assert.equal(renderDiff(rs(A, B), rs(A, B)), '');
  });

  it('new service with a new endpoint count: its lb chain, then its map elements', () => {
    const l = lines(renderDiff(rs(A), rs(A, B2eps)));
    assert.ok(l.every((x) => !x.includes('10.43.0.20')), 'the unchanged service is not touched');
    const addChain = l.indexOf('add chain ip edgeplane service-lb-tcp-2');
    const addEl = l.indexOf('add element ip edgeplane service-ips { 10.43.0.21 . tcp . 80 : goto service-lb-tcp-2 }');
    assert.ok(addChain >= 0 && addEl > addChain, 'chain exists before the element that jumps to it');
  });

  it('new service with a known endpoint count: map elements only', () => {
    assert.deepEqual(lines(renderDiff(rs(A), rs(A, B))), [
      'add element ip edgeplane cluster-ips { 10.43.0.21 }',
      'add element ip edgeplane hairpin { 10.42.3.7 . 10.42.3.7 }',
      'add element ip edgeplane service-ips { 10.43.0.21 . tcp . 80 : goto service-lb-tcp-1 }',
      'add element ip edgeplane service-backends-tcp { 10.43.0.21 . 80 . 0 : 10.42.3.7 . 9090 }',
    ]);
  });

  it('removed service: elements deleted, then its no longer used lb chain flushed and deleted', () => {
    const l = lines(renderDiff(rs(A, B2eps), rs(A)));
    const delEl = l.indexOf('delete element ip edgeplane service-ips { 10.43.0.21 . tcp . 80 }');
    const flush = l.indexOf('flush chain ip edgeplane service-lb-tcp-2');
    const del = l.indexOf('delete chain ip edgeplane service-lb-tcp-2');
    const hairpin = l.indexOf('delete element ip edgeplane hairpin { 10.42.3.7 . 10.42.3.7, 10.42.3.8 . 10.42.3.8 }');
    assert.ok(delEl >= 0 && flush > delEl && del > flush && hairpin >= 0, l.join('\n'));
  });

  it('endpoint change: map elements only, no chain touched', () => {
    const B3 = { ...B, endpoints: [ep('10.42.3.8', 9090)] };
    assert.deepEqual(lines(renderDiff(rs(A, B), rs(A, B3))), [
      'delete element ip edgeplane hairpin { 10.42.3.7 . 10.42.3.7 }',
      'delete element ip edgeplane service-backends-tcp { 10.43.0.21 . 80 . 0 }',
      'add element ip edgeplane hairpin { 10.42.3.8 . 10.42.3.8 }',
      'add element ip edgeplane service-backends-tcp { 10.43.0.21 . 80 . 0 : 10.42.3.8 . 9090 }',
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
    // fragments of unchanged services are reused: their chain objects keep identity
    const sticky = svc('gamma', '10.43.0.22', { sessionAffinity: 'ClientIP', endpoints: [ep('10.42.3.9', 80)] });
    const third = buildRuleset(doc([A, B2, sticky]), NODE, undefined, cache);
    const fourth = buildRuleset(doc([A, B, sticky]), NODE, undefined, cache);
    const gammaChain = [...third.chains.keys()].find((k) => k.startsWith('svc-') && k.includes('gamma'))!;
    assert.equal(fourth.chains.get(gammaChain), third.chains.get(gammaChain));
    assert.ok(first);
    assert.equal(cache.size, 3);
  });
});
