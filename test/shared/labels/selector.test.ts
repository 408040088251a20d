import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isEverything, labelSelectorFromObject, matches, parseSelector, selectorToString } from '../../../shared/labels/selector.js';

describe('parseSelector', () => {
  // input → canonical string (requirements sorted by key, values sorted)
  const PARSE: Array<[string, string]> = [
    ['', ''],
    ['a=b', 'a=b'],
    ['a==b', 'a==b'],
    ['a!=b', 'a!=b'],
    ['a', 'a'],
    ['!a', '!a'],
    ['a=', 'a='],
    ['x in (b,a)', 'x in (a,b)'],
    ['x notin (z)', 'x notin (z)'],
    ['x in ()', 'x in ()'],
    ['x in (a,)', 'x in (,a)'],
    ['  a = b ,  c != d ', 'a=b,c!=d'],
    ['z=1,a=b,c!=d,e in (x,y),f notin (z),g,!h', 'a=b,c!=d,e in (x,y),f notin (z),g,!h,z=1'],
    ['app.kubernetes.io/name=web', 'app.kubernetes.io/name=web'],
    ['n>5', 'n>5'],
    ['n < 10', 'n<10'],
    ['a=in', 'a=in'],
    ['x in (in,notin)', 'x in (in,notin)'],
  ];
  for (const [input, out] of PARSE) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(out)}`, () => assert.equal(selectorToString(parseSelector(input)), out));
  }

  const ERRORS: Array<[string, RegExp]> = [
    ['a=b,', /unable to parse requirement/],
    [',a', /unable to parse requirement/],
    ['a b', /unable to parse requirement: found 'b'/],
    ['a in b', /expected: '\('/],
    ['a in (b', /expected: ',' or '\)'/],
    ['a in (b c)', /expected: ',' or '\)'/],
    ['!', /identifier after '!'/],
    ['a=b=c', /unable to parse requirement/],
    ['a=(b)', /expected: identifier/],
    ['-a=b', /invalid label key "-a"/],
    ['a=-b', /invalid label value: "-b"/],
    ['n>x', /must be an integer/],
    ['a/b/c=d', /invalid label key/],
  ];
  for (const [input, re] of ERRORS) {
    it(`rejects ${JSON.stringify(input)}`, () => assert.throws(() => parseSelector(input), re));
  }
});

describe('matches', () => {
  const labels = { app: 'web', tier: 'front', n: '7' };
  const CASES: Array<[string, Record<string, string> | undefined, boolean]> = [
    ['', labels, true],
    ['', undefined, true],
    ['app=web', labels, true],
    ['app==web', labels, true],
    ['app=db', labels, false],
    ['app!=db', labels, true],
    ['missing!=x', labels, true],
    ['app!=web', labels, false],
    ['app in (web,db)', labels, true],
    ['app notin (web)', labels, false],
    ['missing notin (web)', labels, true],
    ['missing in (web)', labels, false],
    ['tier', labels, true],
    ['!tier', labels, false],
    ['!missing', labels, true],
    ['app=web,tier=back', labels, false],
    ['n>5', labels, true],
    ['n<5', labels, false],
    ['app>5', labels, false],
    ['missing=', labels, false],
    ['x in ()', { x: '' }, true],
  ];
  for (const [sel, l, want] of CASES) {
    it(`${JSON.stringify(sel)} on ${JSON.stringify(l)} → ${want}`, () => assert.equal(matches(parseSelector(sel), l), want));
  }
});

describe('labelSelectorFromObject', () => {
  it('null selects nothing, {} everything', () => {
    assert.equal(matches(labelSelectorFromObject(null), { a: 'b' }), false);
    assert.equal(matches(labelSelectorFromObject(undefined), {}), false);
    assert.equal(isEverything(labelSelectorFromObject({})), true);
    assert.equal(matches(labelSelectorFromObject({}), { a: 'b' }), true);
  });

  it('combines matchLabels and matchExpressions', () => {
    const sel = labelSelectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'edge'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist', values: null },
      ],
    });
    assert.equal(selectorToString(sel), 'app=web,env notin (dev),!legacy,team,tier in (edge,front)');
    assert.equal(matches(sel, { app: 'web', tier: 'edge', team: 'a' }), true);
    assert.equal(matches(sel, { app: 'web', tier: 'edge', team: 'a', env: 'dev' }), false);
    assert.equal(matches(sel, { app: 'web', tier: 'edge', team: 'a', legacy: 'y' }), false);
    assert.equal(matches(sel, { app: 'web', tier: 'edge' }), false);
    // the string form parses back to the same selector
    assert.deepEqual(parseSelector(selectorToString(sel)), sel);
  });

  it('rejects bad operators and empty In', () => {
    assert.throws(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] }), /"Equals" is not a valid label selector operator/);
    assert.throws(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), /values set can't be empty/);
    assert.throws(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), /must be empty/);
    assert.throws(() => labelSelectorFromObject({ matchLabels: { 'bad key': 'v' } }), /invalid label key/);
  });
});
