// The scheduler in the in-process server: a hollow agent over real MQTT and a
// Node created directly; pods get bound (and reach the agent's desired set),
// an unschedulable pod gets PodScheduled=False with kube-scheduler's message
// and a FailedScheduling event, and is bound once a fitting node joins.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../../shared/api/kinds.js';
import type { KubeObject } from '../../../shared/api/object.js';
import { HollowAgent } from '../../helpers/hollow-agent.js';
import { NODE, POD, startFixture, waitFor, type Fixture } from '../broker/fixture.js';

const EVENT = KINDS.find((k) => k.kind === 'Event')!;

function podBody(name: string, memory: string, extra: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36', resources: { requests: { cpu: '100m', memory } } }], ...extra },
  };
}

function cond(pod: KubeObject, type: string): any {
  return (pod.status?.conditions ?? []).find((c: any) => c.type === type);
}

describe('scheduler (in-process server)', () => {
  let fx: Fixture;
  let agent: HollowAgent;
  before(async () => {
    fx = await startFixture();
    agent = await HollowAgent.start({ mqttPort: fx.mqttPort, token: fx.joinToken, nodeName: 'hollow-1' });
    await agent.reportStatus();
    const reg = fx.server.registry;
    await waitFor(async () => cond(await reg.get(NODE, '', 'hollow-1'), 'Ready')?.status === 'True', 'hollow-1 Ready');
  });
  after(async () => {
    await agent?.disconnect().catch(() => undefined);
    await fx?.dispose();
  });

  const get = (name: string) => fx.server.registry.get(POD, 'default', name);
  const boundTo = (name: string): Promise<KubeObject> =>
    waitFor(async () => {
      const p = await get(name);
      return p.spec.nodeName ? p : undefined;
    }, `${name} bound`) as Promise<KubeObject>;
  const events = async (name: string) =>
    (await fx.server.registry.list(EVENT, 'default')).items.filter((e: any) => e.involvedObject?.name === name) as any[];

  it('binds pending pods to the Ready node, records Scheduled, the agent gets them', async () => {
    const reg = fx.server.registry;
    for (let i = 0; i < 3; i++) await reg.create(POD, 'default', podBody(`small-${i}`, '64Mi'));
    for (let i = 0; i < 3; i++) {
      const p = await boundTo(`small-${i}`);
      assert.equal(p.spec.nodeName, 'hollow-1');
      assert.equal(cond(p, 'PodScheduled')?.status, 'True');
    }
    const ev = await waitFor(async () => (await events('small-0')).find((e) => e.reason === 'Scheduled'), 'Scheduled event');
    assert.equal(ev.type, 'Normal');
    assert.equal(ev.message, 'Successfully assigned default/small-0 to hollow-1');
    assert.equal(ev.source?.component, 'default-scheduler');
    await agent.waitDesired((s) => ['small-0', 'small-1', 'small-2'].every((n) => s.pods.some((p) => p.metadata.name === n)));
  });

  it('an unschedulable pod gets PodScheduled=False and FailedScheduling, then lands on a node that fits', async () => {
    const reg = fx.server.registry;
    await reg.create(POD, 'default', podBody('big', '16Gi'));
    const want = '0/1 nodes are available: 1 Insufficient memory.';
    const p = (await waitFor(async () => {
      const p = await get('big');
      return cond(p, 'PodScheduled')?.status === 'False' ? p : undefined;
    }, 'big PodScheduled=False')) as KubeObject;
    assert.equal(p.spec.nodeName, undefined);
    assert.deepEqual(
      { reason: cond(p, 'PodScheduled').reason, message: cond(p, 'PodScheduled').message },
      { reason: 'Unschedulable', message: want },
    );
    const ev = await waitFor(async () => (await events('big')).find((e) => e.reason === 'FailedScheduling'), 'FailedScheduling event');
    assert.equal(ev.type, 'Warning');
    assert.equal(ev.message, want);
    assert.equal(ev.source?.component, 'default-scheduler');

    // a retry with the same outcome writes no status (only the event's count grows)
    const rv = p.metadata.resourceVersion;
    const h1 = structuredClone(await reg.get(NODE, '', 'hollow-1')) as KubeObject;
    h1.metadata.labels = { ...(h1.metadata.labels ?? {}), touched: 'yes' };
    await reg.update(NODE, '', 'hollow-1', h1);
    await waitFor(async () => (await events('big')).find((e) => e.reason === 'FailedScheduling')?.count >= 2, 'a second FailedScheduling');
    assert.equal((await get('big')).metadata.resourceVersion, rv);

    // a tainted big node does not help, and the message says why
    await reg.create(NODE, '', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'big-tainted', labels: { 'kubernetes.io/arch': 'arm64', 'kubernetes.io/os': 'linux' } },
      spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] },
      status: { allocatable: { cpu: '8', memory: '32Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
    });
    const msg2 = '0/2 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {dedicated: db}.';
    await waitFor(async () => cond(await get('big'), 'PodScheduled')?.message === msg2, `message ${msg2}`);

    // a node with room joins: the waiting pod is bound to it
    await reg.create(NODE, '', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'big-node', labels: { 'kubernetes.io/arch': 'arm64', 'kubernetes.io/os': 'linux' } },
      status: { allocatable: { cpu: '8', memory: '32Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
    });
    const bound = await boundTo('big');
    assert.equal(bound.spec.nodeName, 'big-node');
    assert.equal(cond(bound, 'PodScheduled')?.status, 'True');
  });

  it('pods for another scheduler, or already bound, are left alone', async () => {
    const reg = fx.server.registry;
    await reg.create(POD, 'default', podBody('other', '1Mi', { schedulerName: 'my-scheduler' }));
    await reg.create(POD, 'default', podBody('fixed', '1Mi', { nodeName: 'big-tainted' }));
    await reg.create(POD, 'default', podBody('marker', '1Mi'));
    await waitFor(async () => (await get('marker')).spec.nodeName, 'marker bound');
    assert.equal((await get('other')).spec.nodeName, undefined);
    assert.equal(cond(await get('other'), 'PodScheduled'), undefined);
    assert.equal((await get('fixed')).spec.nodeName, 'big-tainted');
  });

  it('retried when a node changes and when a pod goes away', async () => {
    const reg = fx.server.registry;
    await reg.create(POD, 'default', podBody('pinned', '20Gi', { nodeSelector: { disk: 'ssd' } }));
    const msg1 = "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 node(s) didn't match Pod's node affinity/selector.";
    await waitFor(async () => cond(await get('pinned'), 'PodScheduled')?.message === msg1, msg1);
    // label big-node: now it matches, but `big` (16Gi of its 32Gi) leaves too little
    const node = structuredClone(await reg.get(NODE, '', 'big-node')) as KubeObject;
    node.metadata.labels = { ...(node.metadata.labels ?? {}), disk: 'ssd' };
    await reg.update(NODE, '', 'big-node', node);
    const msg2 = "0/3 nodes are available: 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: db}.";
    await waitFor(async () => cond(await get('pinned'), 'PodScheduled')?.message === msg2, msg2);
    // deleting `big` frees the room
    await reg.delete(POD, 'default', 'big');
    const p = await boundTo('pinned');
    assert.equal(p.spec.nodeName, 'big-node');
    assert.equal(cond(p, 'PodScheduled')?.status, 'True');
  });
});
