// Event recording against the real store: aggregation of repeats, the spam
// filter, and expiry after the TTL.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withStore } from '../store/fixtures.js';
import { Registry } from '../../../server/registry/registry.js';
import { EventRecorder } from '../../../server/events/recorder.js';
import { EventTtl } from '../../../server/events/ttl.js';
import { KINDS } from '../../../shared/api/kinds.js';
import type { KubeObject } from '../../../shared/api/object.js';

const EVENT = KINDS.find((k) => k.kind === 'Event')!;
const pod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}` } });
const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'pi-1', uid: 'uid-node' } };

describe('event recorder', () => {
  let s: Awaited<ReturnType<typeof withStore>>;
  let registry: Registry;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  before(async () => {
    s = await withStore({ fsync: false });
    registry = new Registry(s.store);
    await registry.create(KINDS.find((k) => k.kind === 'Namespace')!, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  });
  after(async () => {
    await s.dispose();
  });
  const events = async () => (await registry.list(EVENT, '')).items;

  it('writes an Event with source, involvedObject and count 1', async () => {
    const r = new EventRecorder(registry, { component: 'default-scheduler', now: () => clock });
    await r.event(pod('a'), 'Normal', 'Scheduled', 'Successfully assigned default/a to pi-1');
    const [e] = (await events()).filter((x) => (x.involvedObject as any).name === 'a');
    assert.equal(e.reason, 'Scheduled');
    assert.equal(e.type, 'Normal');
    assert.equal(e.count, 1);
    assert.deepEqual(e.source, { component: 'default-scheduler' });
    assert.equal((e.involvedObject as any).uid, 'uid-a');
    assert.equal(e.metadata.namespace, 'default');
  });

  it('aggregates repeats into one Event with a growing count', async () => {
    const r = new EventRecorder(registry, { component: 'default-scheduler', now: () => clock });
    const msg = '0/1 nodes are available: 1 Insufficient memory.';
    await Promise.all([1, 2, 3].map(() => r.event(pod('b'), 'Warning', 'FailedScheduling', msg)));
    clock += 1000;
    await r.event(pod('b'), 'Warning', 'FailedScheduling', msg);
    const mine = (await events()).filter((x) => (x.involvedObject as any).name === 'b');
    assert.equal(mine.length, 1);
    assert.equal(mine[0].count, 4);
    assert.notEqual(mine[0].firstTimestamp, mine[0].lastTimestamp);
  });

  it('drops events for one object beyond the burst until tokens refill', async () => {
    const r = new EventRecorder(registry, { component: 'test', now: () => clock, burst: 3, refillMs: 60_000 });
    for (let i = 0; i < 10; i++) await r.event(pod('c'), 'Normal', 'Pulled', `message ${i}`);
    assert.equal((await events()).filter((x) => (x.involvedObject as any).name === 'c').length, 3);
    clock += 60_000;
    await r.event(pod('c'), 'Normal', 'Pulled', 'after refill');
    assert.equal((await events()).filter((x) => (x.involvedObject as any).name === 'c').length, 4);
  });

  it('puts events about cluster-scoped objects in default', async () => {
    const r = new EventRecorder(registry, { component: 'node-controller', now: () => clock });
    await r.event(node, 'Normal', 'NodeNotReady', 'Node pi-1 status is now: NodeNotReady');
    const [e] = (await events()).filter((x) => (x.involvedObject as any).kind === 'Node');
    assert.equal(e.metadata.namespace, 'default');
  });

  it('expires events older than the TTL and keeps the rest', async () => {
    clock += 10 * 60_000;
    const r = new EventRecorder(registry, { component: 'test', now: () => clock });
    await r.event(pod('fresh'), 'Normal', 'Started', 'started');
    const ttl = new EventTtl(registry, { ttlMs: 30_000, now: () => clock });
    const before = (await events()).length;
    const removed = await ttl.sweep();
    const left = await events();
    assert.equal(left.length, before - removed);
    assert.ok(removed >= 1);
    assert.deepEqual(
      left.map((e) => (e.involvedObject as any).name),
      ['fresh'],
    );
  });
});
