import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, translateTimestampSince } from '../../../../server/api/table/index.js';
import { NOW } from './fixtures.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

test('humanDuration follows k8s.io/apimachinery/pkg/util/duration.HumanDuration', () => {
  const cases: Array<[number, string]> = [
    [-3 * S, '<invalid>'],
    [-2 * S, '<invalid>'],
    [-1500, '0s'], // up to ~2s in the future is "now"
    [0, '0s'],
    [999, '0s'],
    [5 * S, '5s'],
    [59 * S, '59s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [2 * M + 3 * S, '2m3s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M, '10m'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 12 * M, '3h12m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H, '8h'],
    [47 * H + 59 * M, '47h'],
    [48 * H, '2d'],
    [5 * D, '5d'],
    [5 * D + 3 * H, '5d3h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'],
    [729 * D, '729d'],
    [2 * Y, '2y'],
    [2 * Y + 10 * D, '2y10d'],
    [7 * Y + 364 * D, '7y364d'],
    [8 * Y, '8y'],
    [20 * Y + 100 * D, '20y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
});

test('translateTimestampSince: elapsed time from a timestamp, <unknown> when unset', () => {
  const cases: Array<[string | Date | undefined | null, string]> = [
    ['2024-05-01T11:55:00Z', '5m'],
    ['2024-05-01T11:57:57Z', '2m3s'],
    [new Date('2024-04-26T12:00:00Z'), '5d'],
    ['2022-04-22T12:00:00Z', '2y10d'], // 740 days: 2024 is a leap year
    [undefined, '<unknown>'],
    [null, '<unknown>'],
    ['', '<unknown>'],
    ['not a time', '<unknown>'],
  ];
  for (const [ts, want] of cases) assert.equal(translateTimestampSince(ts, NOW), want, String(ts));
});
