import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planNode } from '../../../server/broker/node-status.js';
import { defaultFacts } from '../../helpers/hollow-agent.js';
import type { NodeStatusReport } from '../../../shared/mqtt/messages.js';

const report = (over: Partial<NodeStatusReport> = {}): NodeStatusReport => ({
  nodeName: 'n',
  timestamp: 1,
  facts: { ...defaultFacts('n'), machineID: 'm' },
  metrics: { load1: 0.1, cpuTemperatureC: 40 },
  memoryPressure: false,
  diskPressure: false,
  ...over,
});
const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-01-01T00:01:00Z');

function apply(node: any, plan: ReturnType<typeof planNode>): any {
  const n = structuredClone(node);
  if (plan.metadata) Object.assign(n.metadata, plan.metadata);
  if (plan.status) n.status = plan.status;
  return n;
}

test('first report: labels, annotation, status; then a heartbeat plans nothing', () => {
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels: { zone: 'a' } }, spec: {} };
  const p1 = planNode(node, report(), true, t0);
  assert.equal(p1.metadata?.labels['kubernetes.io/arch'], 'arm64');
  assert.equal(p1.metadata?.labels.zone, 'a');
  assert.equal(p1.metadata?.annotations['edgeplane.io/board-model'], 'Raspberry Pi 4 Model B Rev 1.4');
  assert.equal((p1.status as any).conditions[0].status, 'True');
  const n1 = apply(node, p1);
  const beat = planNode(n1, report({ timestamp: 2, metrics: { load1: 3.2, cpuTemperatureC: 71 } }), true, t1);
  assert.deepEqual(beat, {});
});

test('pressure and disconnect transitions keep unrelated transition times', () => {
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: {} };
  const n1 = apply(node, planNode(node, report(), true, t0));
  const p2 = planNode(n1, report({ diskPressure: true }), true, t1);
  const conds = (p2.status as any).conditions;
  const ready = conds.find((c: any) => c.type === 'Ready');
  const disk = conds.find((c: any) => c.type === 'DiskPressure');
  assert.equal(ready.lastTransitionTime, t0.toISOString());
  assert.equal(disk.status, 'True');
  assert.equal(disk.lastTransitionTime, t1.toISOString());
  const n2 = apply(n1, p2);
  const off = planNode(n2, report(), false, t1);
  assert.ok((off.status as any).conditions.every((c: any) => c.status === 'Unknown'));
  // offline twice: nothing new
  assert.deepEqual(planNode(apply(n2, off), report(), false, new Date()), {});
});
