// The ReplicaSet controller on the real store (in-process server): scaling,
// adoption and release, deletion preference, minReadySeconds, and no
// duplicate pods from a burst of creates.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/object.js';
import { startWatch } from '../../../server/registry/watch.js';
import { markReady, POD, RS, startWorkloads, until, type WorkloadFixture } from './workload-fixture.js';

const NS = 'rs-test';

function replicaSet(name: string, replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox:1' }] } },
      ...extra,
    },
  };
}

describe('ReplicaSet controller', () => {
  let w: WorkloadFixture;
  before(async () => {
    w = await startWorkloads(NS);
  });
  after(async () => {
    await w?.dispose();
  });

  const podsOf = async (app: string) => (await w.registry.list(POD, NS, { labelSelector: `app=${app}` })).items;
  const getRS = (name: string) => w.registry.get(RS, NS, name);
  const scale = async (name: string, replicas: number) => {
    for (let i = 0; i < 100; i++) {
      const rs = structuredClone(await getRS(name)) as KubeObject;
      rs.spec.replicas = replicas;
      try {
        return await w.registry.update(RS, NS, name, rs);
      } catch (err: any) {
        if (err?.status?.code !== 409) throw err;
        // the controller's status write is pending (reads see durable state): let it land
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    throw new Error(`scale ${name}: conflicts forever`);
  };

  it('creates pods from the template with a controller reference, and reports status', async () => {
    const { object: rs } = await w.registry.create(RS, NS, replicaSet('web', 3));
    const pods = await until(() => podsOf('web'), (p) => p.length === 3, '3 pods');
    for (const p of pods) {
      assert.match(p.metadata.name!, /^web-[a-z0-9]{5}$/);
      assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      assert.equal(p.spec.containers[0].image, 'busybox:1');
    }
    const st = await until(() => getRS('web'), (r) => r.status?.availableReplicas === 3, 'status available 3');
    assert.deepEqual(
      { ...st.status },
      { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 },
    );
  });

  it('scales up and down; surplus pods that are not ready go first', async () => {
    await scale('web', 5);
    await until(() => getRS('web'), (r) => r.status?.readyReplicas === 5 && r.status?.observedGeneration === 2, '5 ready');
    const ready = new Set((await podsOf('web')).map((p) => p.metadata.name));
    w.driver.hold();
    await scale('web', 7);
    await until(() => podsOf('web'), (p) => p.length === 7, '7 pods');
    await scale('web', 5);
    const left = await until(() => podsOf('web'), (p) => p.length === 5, '5 pods');
    assert.deepEqual(new Set(left.map((p) => p.metadata.name)), ready, 'the two unready pods were deleted');
    w.driver.release();
    await scale('web', 1);
    await until(() => getRS('web'), (r) => r.status?.replicas === 1 && r.status?.readyReplicas === 1, 'scaled to 1');
    assert.equal((await podsOf('web')).length, 1);
  });

  it('adopts a matching orphan instead of creating a pod, and releases a pod that stops matching', async () => {
    const { object: orphan } = await w.registry.create(POD, NS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'adoptee', labels: { app: 'adopt' } },
      spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
    });
    const { object: rs } = await w.registry.create(RS, NS, replicaSet('adopt', 2));
    await until(() => podsOf('adopt'), (p) => p.length === 2, '2 pods');
    const adopted = await until(() => w.registry.get(POD, NS, 'adoptee'), (p) => !!p.metadata.ownerReferences, 'adoption');
    assert.equal(adopted.metadata.uid, orphan.metadata.uid);
    assert.equal(adopted.metadata.ownerReferences![0].uid, rs.metadata.uid);
    assert.equal(adopted.metadata.ownerReferences![0].controller, true);
    // release: relabel it; the RS lets go and makes a replacement
    await w.registry.patch(POD, NS, 'adoptee', 'merge', { metadata: { labels: { app: 'elsewhere' } } });
    await until(() => w.registry.get(POD, NS, 'adoptee'), (p) => p.metadata.ownerReferences === undefined, 'release');
    const pods = await until(() => podsOf('adopt'), (p) => p.length === 2, 'replacement pod');
    assert.ok(pods.every((p) => p.metadata.name !== 'adoptee'));
  });

  it('minReadySeconds: ready pods count as available only after that long', async () => {
    w.driver.hold();
    await w.registry.create(RS, NS, replicaSet('slow', 2, { minReadySeconds: 2 }));
    const pods = await until(() => podsOf('slow'), (p) => p.length === 2, '2 pods');
    for (const p of pods) await markReady(w.registry, p);
    const early = await until(() => getRS('slow'), (r) => r.status?.readyReplicas === 2, 'ready 2');
    assert.equal(early.status.availableReplicas, 0);
    await until(() => getRS('slow'), (r) => r.status?.availableReplicas === 2, 'available after minReadySeconds');
    w.driver.release();
  });

  it('a burst of creates is never duplicated (expectations)', async () => {
    let peak = 0;
    const seen = new Set<string>();
    const watch = await startWatch(w.registry, POD, { namespace: NS, resourceVersion: '0', matcher: w.registry.matcher(POD, { labelSelector: 'app=burst' }) }, (ev) => {
      if (ev.type === 'DELETED') seen.delete(ev.object.metadata.name!);
      else seen.add(ev.object.metadata.name!);
      peak = Math.max(peak, seen.size);
    });
    try {
      await w.registry.create(RS, NS, replicaSet('burst', 60));
      await until(() => getRS('burst'), (r) => r.status?.readyReplicas === 60, '60 ready', 60_000);
      assert.equal(peak, 60);
      assert.equal((await podsOf('burst')).length, 60);
    } finally {
      watch.close();
    }
  });
});
