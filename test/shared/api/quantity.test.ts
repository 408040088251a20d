import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareQuantities, formatQuantity, isValidQuantity, milli, parseQuantity, QUANTITY_ERROR } from '../../../shared/api/quantity.js';

describe('parseQuantity', () => {
  const cases: Array<[string | number, number]> = [
    ['1', 1],
    ['0', 0],
    ['500m', 0.5],
    ['100m', 0.1],
    ['1.5', 1.5],
    ['128Mi', 128 * 1024 ** 2],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['1Ki', 1024],
    ['2Ti', 2 * 1024 ** 4],
    ['1Ei', 2 ** 60],
    ['2e3', 2000],
    ['2E3', 2000],
    ['1e-3', 0.001],
    ['1k', 1000],
    ['1M', 1e6],
    ['3G', 3e9],
    ['1T', 1e12],
    ['1P', 1e15],
    ['1E', 1e18],
    ['250u', 0.00025],
    ['10n', 1e-8],
    ['+5', 5],
    ['-5', -5],
    ['.5', 0.5],
    ['5.', 5],
    ['007', 7],
    [0.25, 0.25],
    [2, 2],
  ];
  for (const [input, value] of cases) {
    it(`${JSON.stringify(input)} = ${value}`, () => {
      assert.ok(Math.abs(parseQuantity(input) - value) <= Math.abs(value) * 1e-12);
      assert.equal(isValidQuantity(input), true);
    });
  }

  for (const bad of ['', '12XB', '1K', 'Mi', '1.2.3', '1 Gi', 'abc', '1e', '1Gib', '--1', '1mi', '0x10']) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.equal(isValidQuantity(bad), false);
      assert.throws(() => parseQuantity(bad), { message: QUANTITY_ERROR });
    });
  }

  it('rejects non-strings and non-finite numbers', () => {
    assert.equal(isValidQuantity(undefined), false);
    assert.equal(isValidQuantity(true), false);
    assert.equal(isValidQuantity(Number.NaN), false);
    assert.equal(isValidQuantity(Infinity), false);
  });
});

describe('milli', () => {
  const cases: Array<[string, number]> = [
    ['500m', 500],
    ['1', 1000],
    ['0.1', 100],
    ['2.5', 2500],
    ['1n', 1], // rounded up, as Quantity.MilliValue()
    ['250u', 1],
  ];
  for (const [q, m] of cases) it(`${q} → ${m}m`, () => assert.equal(milli(q), m));
});

describe('compareQuantities', () => {
  const cases: Array<[string | number, string | number, number]> = [
    ['1', '1000m', 0],
    ['1Gi', '1024Mi', 0],
    ['1G', '1Gi', -1],
    ['2', 1, 1],
    ['100m', 0.1, 0],
  ];
  for (const [a, b, r] of cases) it(`${a} vs ${b}`, () => assert.equal(compareQuantities(a, b), r));
});

describe('formatQuantity (canonical form, as Quantity.String())', () => {
  const cases: Array<[string | number, string, ('DecimalSI' | 'BinarySI')?]> = [
    ['1000m', '1'],
    ['0.5', '500m'],
    ['1.5', '1500m'],
    ['1500', '1500'],
    ['1000', '1k'],
    ['1.5Gi', '1536Mi'],
    ['1024Mi', '1Gi'],
    ['128Mi', '128Mi'],
    ['1536', '1536'],
    ['512Ki', '512Ki'],
    ['0.5Ki', '512'],
    ['2e3', '2e3'],
    ['1.5e3', '1500'],
    ['0', '0'],
    ['0Mi', '0'],
    ['100m', '100m'],
    ['-1', '-1'],
    [0.25, '250m'],
    [134217728, '128Mi', 'BinarySI'],
    [3, '3', 'BinarySI'],
    ['1E', '1E'],
    ['1Ei', '1Ei'],
  ];
  for (const [input, out, format] of cases) {
    it(`${JSON.stringify(input)} → ${out}`, () => assert.equal(formatQuantity(input, format), out));
  }
});
