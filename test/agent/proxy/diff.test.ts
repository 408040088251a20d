// Incremental transactions (pure). That applying them yields the same kernel
// state as a full apply is checked for real in apply.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderDiff } from '../../../agent/proxy/diff.js';
import { renderFull } from '../../../agent/proxy/render.js';
import { buildRuleset, type Ruleset } from '../../../agent/proxy/ruleset.js';
import { RulesetBuilder } from '../../../agent/proxy/builder.js';
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

  it('RulesetBuilder: same ruleset as a fresh build, unchanged services keep their fragments', () => {
    const b = new RulesetBuilder();
    const sticky = svc('gamma', '10.43.0.22', { sessionAffinity: 'ClientIP', endpoints: [ep('10.42.3.9', 80)] });
    const first = b.build(doc([A, B, sticky]), NODE);
    assert.deepEqual(canon(first), canon(rs(A, B, sticky)));
    const second = b.build(doc([A, B2eps, sticky]), NODE);
    assert.deepEqual(canon(second), canon(rs(A, B2eps, sticky)));
    const gammaChain = [...first.chains.keys()].find((k) => k.startsWith('svc-') && k.includes('gamma'))!;
    assert.equal(second.chains.get(gammaChain), first.chains.get(gammaChain));
    assert.deepEqual([...second.delta!.chains], ['service-lb-tcp-2'], 'beta moved from the 1- to the new 2-endpoint chain; alpha keeps the 1-endpoint one');
  });

  // A sequence of documents: each incremental build must equal a fresh build, and
  // the delta-based diff must equal the diff that compares everything.
  it('RulesetBuilder: delta diffs equal full diffs over a sequence of changes', () => {
    const b = new RulesetBuilder();
    const C = svc('gamma', '10.43.0.22', { endpoints: [ep('10.42.3.5', 8080), ep('10.42.3.7', 8080)] }); // shares endpoints with A and B
    const NP = svc('np', '10.43.0.23', { type: 'NodePort', ports: [{ name: '', protocol: 'TCP', port: 80, nodePort: 30080 }], endpoints: [ep('10.42.3.9', 80)] });
    const steps = [
      [A, B],
      [A, B, C],
      [A, B2eps, C, NP],
      [B2eps, C, NP],
      [B2eps, NP],
      [B, { ...NP, endpoints: [] }],
      [],
      [A, C],
    ];
    let prev: Ruleset | undefined;
    for (const s of steps) {
      const next = b.build(doc(s), NODE);
      const fresh = rs(...s);
      assert.deepEqual(canon(next), canon(fresh), `step ${s.map((x) => x.name).join(',')}`);
      if (prev) {
        const viaDelta = renderDiff(prev, next)!;
        const full = renderDiff(prev, { ...next, delta: undefined })!;
        assert.deepEqual(sortedLines(viaDelta), sortedLines(full), `diff at ${s.map((x) => x.name).join(',')}`);
      }
      prev = next;
    }
  });

  it('RulesetBuilder: a shared lb chain lives while any service uses it; conflicting keys fall back to a full build', () => {
    const b = new RulesetBuilder();
    const A2 = svc('alpha2', '10.43.0.30', { endpoints: [ep('10.42.3.50', 80)] });
    const before = b.build(doc([A, A2]), NODE);
    assert.ok(before.chains.has('service-lb-tcp-1'));
    const one = b.build(doc([A2]), NODE);
    assert.ok(one.chains.has('service-lb-tcp-1'), 'still used by alpha2');
    assert.ok(!renderDiff(before, one)!.includes('delete chain'));
    const none = b.build(doc([]), NODE);
    assert.match(renderDiff(one, none)!, /delete chain ip edgeplane service-lb-tcp-1/);
    // two services claiming one NodePort: the result is still exactly a fresh build's
    const p1 = svc('p1', '10.43.0.31', { type: 'NodePort', ports: [{ name: '', protocol: 'TCP', port: 80, nodePort: 30001 }], endpoints: [ep('10.42.3.5', 80)] });
    const p2 = { ...p1, name: 'p2', clusterIP: '10.43.0.32', endpoints: [ep('10.42.3.6', 80)] };
    b.build(doc([p1]), NODE);
    assert.deepEqual(canon(b.build(doc([p1, p2]), NODE)), canon(rs(p1, p2)));
  });
});

/** Order-independent view of a ruleset (an incremental build appends in change order). */
function canon(r: Ruleset) {
  return {
    chains: [...r.chains.values()].map((c) => [c.name, c.base, c.rules]).sort(),
    sets: [...r.sets.keys()].sort(),
    maps: [...r.maps.values()].map((m) => [m.name, m.spec, [...m.elements].sort()]).sort(),
  };
}

function sortedLines(script: string): string[] {
  // one `add/delete element` line lists several elements in map order: split them
  return script
    .trim()
    .split('\n')
    .flatMap((l) => {
      const m = /^(\w+ element \S+ \S+ \S+) \{ (.*) \}$/.exec(l);
      return m ? m[2]!.split(', ').map((e) => `${m[1]} ${e}`) : [l];
    })
    .sort();
}
