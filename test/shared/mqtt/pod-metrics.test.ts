// The pod usage payload parser: never throws, rejects anything malformed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePodMetricsReport } from '../../../shared/mqtt/pod-metrics.js';

const ok = {
  timestamp: 1,
  windowMs: 10_000,
  pods: [{ namespace: 'default', name: 'web', uid: 'u', containers: [{ name: 'main', cpuNanoCores: 3e6, memoryWorkingSetBytes: 4096 }] }],
};

test('parsePodMetricsReport', () => {
  assert.deepEqual(parsePodMetricsReport(Buffer.from(JSON.stringify(ok))), ok);
  assert.deepEqual(parsePodMetricsReport(Buffer.from(JSON.stringify({ ...ok, pods: [] }))), { ...ok, pods: [] });
  const bad: unknown[] = [
    'not json',
    [],
    { ...ok, timestamp: 'now' },
    { ...ok, windowMs: -1 },
    { ...ok, pods: {} },
    { ...ok, pods: [{ ...ok.pods[0], uid: 1 }] },
    { ...ok, pods: [{ ...ok.pods[0], containers: [{ name: 'main', cpuNanoCores: -5, memoryWorkingSetBytes: 1 }] }] },
    { ...ok, pods: [{ ...ok.pods[0], containers: [{ name: 'main', cpuNanoCores: 1 }] }] },
  ];
  for (const b of bad) assert.equal(parsePodMetricsReport(Buffer.from(typeof b === 'string' ? b : JSON.stringify(b))), undefined, JSON.stringify(b));
});
