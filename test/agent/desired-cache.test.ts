import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DesiredCache } from '../../agent/desired-cache.js';
import { buildReport, meaningful } from '../../agent/status-report.js';
import { defaultFacts } from '../helpers/hollow-agent.js';

test('the desired set survives a restart; unchanged content is not rewritten (flash wear)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'edgeplane-cache-'));
  try {
    const c = new DesiredCache(dir);
    assert.equal(await c.load(), undefined);
    const set = { nodeName: 'n', revision: 5, pods: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' } }], configMaps: [], secrets: [] };
    assert.equal(await c.accept(set), true);
    const m1 = (await stat(join(dir, 'desired.json'))).mtimeMs;
    assert.equal((await stat(join(dir, 'desired.json'))).mode & 0o777, 0o600);
    // same content at a newer revision (e.g. an unrelated object changed): no write
    assert.equal(await c.accept({ ...set, revision: 9 }), false);
    assert.equal((await stat(join(dir, 'desired.json'))).mtimeMs, m1);
    const again = await new DesiredCache(dir).load();
    assert.equal(again?.pods[0].metadata.name, 'p');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('status report: pressure from thresholds; metrics are not meaningful', () => {
  const facts = defaultFacts('n');
  const low = buildReport('n', { facts, metrics: { memoryAvailableBytes: 50 * 1024 * 1024, diskAvailableBytes: facts.diskBytes / 2 } }, 'containerd://1.7', 1);
  assert.equal(low.memoryPressure, true);
  assert.equal(low.diskPressure, false);
  const full = buildReport('n', { facts, metrics: { memoryAvailableBytes: 1e9, diskAvailableBytes: facts.diskBytes * 0.05, cpuTemperatureC: 50 } }, undefined, 2);
  assert.equal(full.diskPressure, true);
  const a = buildReport('n', { facts, metrics: { memoryAvailableBytes: 1e9, cpuTemperatureC: 40 } }, undefined, 1);
  const b = buildReport('n', { facts, metrics: { memoryAvailableBytes: 9e8, cpuTemperatureC: 70 } }, undefined, 99);
  assert.equal(meaningful(a), meaningful(b));
});
