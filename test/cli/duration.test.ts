import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageSince, formatTimeout, humanDuration, parseGoDuration, parseRequestTimeout } from '../../cli/duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

test('humanDuration matches apimachinery duration.HumanDuration', () => {
  const cases: Array<[number, string]> = [
    [-2 * S, '<invalid>'],
    [-1 * S, '0s'],
    [0, '0s'],
    [59 * S, '59s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [5 * M + 10 * S, '5m10s'],
    [10 * M, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [2 * D + 5 * H, '2d5h'],
    [8 * D, '8d'],
    [2 * 365 * D, '2y'],
    [2 * 365 * D + 3 * D, '2y3d'],
    [9 * 365 * D, '9y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
});

test('ageSince handles missing and bad timestamps', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  assert.equal(ageSince('2024-05-01T11:59:30Z', now), '30s');
  assert.equal(ageSince(undefined, now), '<unknown>');
  assert.equal(ageSince('yesterday', now), '<unknown>');
});

test('--request-timeout accepts seconds and Go durations', () => {
  assert.equal(parseRequestTimeout('0'), 0);
  assert.equal(parseRequestTimeout('5'), 5000);
  assert.equal(parseRequestTimeout('1m30s'), 90_000);
  assert.equal(parseRequestTimeout('250ms'), 250);
  assert.equal(parseRequestTimeout('1.5h'), 5_400_000);
  assert.throws(() => parseRequestTimeout('soon'), /invalid --request-timeout "soon"/);
  assert.throws(() => parseRequestTimeout('5x'), /invalid --request-timeout/);
  assert.equal(parseGoDuration('1h2m'), 3_720_000);
  assert.equal(parseGoDuration(''), undefined);
});

test('formatTimeout prints what a user would type', () => {
  assert.equal(formatTimeout(500), '500ms');
  assert.equal(formatTimeout(5000), '5s');
  assert.equal(formatTimeout(120_000), '2m');
  assert.equal(formatTimeout(90_000), '1m30s');
});
