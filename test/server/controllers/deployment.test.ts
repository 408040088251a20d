// The Deployment controller on the real store (in-process server, pods made
// Ready by a driver standing in for the nodes): creation, rolling update under
// an availability invariant checked on every watch event, Recreate, rollback,
// pause/resume, proportional scaling, rollover, progress deadline, history.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/object.js';
import { startWatch } from '../../../server/registry/watch.js';
import { DEPLOY, deployment, EVENT, isReady, POD, RS, startWorkloads, until, type WorkloadFixture } from './workload-fixture.js';

const NS = 'deploy-test';
const REV = 'deployment.kubernetes.io/revision';
const HASH = 'pod-template-hash';

describe('Deployment controller', () => {
  let w: WorkloadFixture;
  before(async () => {
    w = await startWorkloads(NS);
  });
  after(async () => {
    if (process.env.WL_DEBUG) console.log(w.fx.logs.slice(-50).join('\n'), 'revision', w.registry.store.revision());
    await w?.dispose();
  });

  const getD = (name: string) => w.registry.get(DEPLOY, NS, name);
  const rsOf = async (name: string) =>
    (await w.registry.list(RS, NS)).items.filter((r) => r.metadata.ownerReferences?.some((o) => o.name === name && o.kind === 'Deployment'));
  const podsOf = async (app: string) => (await w.registry.list(POD, NS, { labelSelector: `app=${app}` })).items;
  const update = async (name: string, change: (d: KubeObject) => void) => {
    for (let i = 0; ; i++) {
      if (i > 100) throw new Error(`update of ${name}: conflicts forever`);
      const d = structuredClone(await getD(name)) as KubeObject;
      change(d);
      try {
        return (await w.registry.update(DEPLOY, NS, name, d)).object;
      } catch (err: any) {
        if (err?.status?.code !== 409) throw err;
        // a write of the controller is pending (reads see durable state): let it land
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const setImage = (name: string, image: string) => update(name, (d) => (d.spec.template.spec.containers[0].image = image));
  const complete = (replicas: number) => (d: KubeObject) =>
    d.status?.observedGeneration === d.metadata.generation &&
    d.status?.updatedReplicas === replicas &&
    d.status?.replicas === replicas &&
    d.status?.availableReplicas === replicas &&
    d.status?.conditions?.some((c: any) => c.type === 'Progressing' && c.reason === 'NewReplicaSetAvailable');
  const condition = (d: KubeObject, type: string) => d.status?.conditions?.find((c: any) => c.type === type);

  it('creates a ReplicaSet with the pod-template-hash, revision 1, and reports a complete rollout', async () => {
    await w.registry.create(DEPLOY, NS, deployment('web', { replicas: 3 }));
    const d = await until(() => getD('web'), complete(3), 'rollout complete');
    const [rs] = await rsOf('web');
    const hash = rs.metadata.labels![HASH];
    assert.ok(hash);
    assert.equal(rs.metadata.name, `web-${hash}`);
    assert.equal(rs.spec.selector.matchLabels[HASH], hash);
    assert.equal(rs.spec.template.metadata.labels[HASH], hash);
    assert.equal(rs.metadata.annotations![REV], '1');
    assert.equal(rs.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], '3');
    assert.equal(rs.metadata.annotations!['deployment.kubernetes.io/max-replicas'], '4');
    assert.equal(d.metadata.annotations![REV], '1');
    for (const p of await podsOf('web')) assert.equal(p.metadata.labels![HASH], hash);
    assert.equal(condition(d, 'Available').reason, 'MinimumReplicasAvailable');
    assert.equal(condition(d, 'Progressing').status, 'True');
    assert.deepEqual(
      { r: d.status.replicas, u: d.status.updatedReplicas, rd: d.status.readyReplicas, a: d.status.availableReplicas, un: d.status.unavailableReplicas },
      { r: 3, u: 3, rd: 3, a: 3, un: 0 },
    );
    const events = (await w.registry.list(EVENT, NS)).items.filter((e) => e.reason === 'ScalingReplicaSet' && (e.involvedObject as any).name === 'web');
    assert.ok(events.some((e) => e.message === `Scaled up replica set ${rs.metadata.name} to 3`), JSON.stringify(events.map((e) => e.message)));
    assert.equal((events[0] as any).source.component, 'deployment-controller');
  });

  it('rolling update never drops below replicas - maxUnavailable ready pods (every watch event)', async () => {
    const replicas = 6;
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 1 } };
    await w.registry.create(DEPLOY, NS, deployment('roll', { replicas, strategy }));
    await until(() => getD('roll'), complete(replicas), 'initial rollout');
    const pods = new Map<string, KubeObject>();
    let minReady = Infinity;
    let maxPods = 0;
    const violations: string[] = [];
    // the initial ADDED events arrive inside startWatch, before it is armed
    let armed = false;
    const check = (what: string) => {
      if (!armed) return;
      const ready = [...pods.values()].filter(isReady).length;
      minReady = Math.min(minReady, ready);
      maxPods = Math.max(maxPods, pods.size);
      if (ready < replicas - 1) violations.push(`${what}: ${ready} ready`);
    };
    const m = (kind: typeof POD) => w.registry.matcher(kind, {});
    const watches = [
      await startWatch(w.registry, POD, { namespace: NS, resourceVersion: '0', matcher: w.registry.matcher(POD, { labelSelector: 'app=roll' }) }, (ev) => {
        if (ev.type === 'DELETED') pods.delete(ev.object.metadata.name!);
        else pods.set(ev.object.metadata.name!, ev.object);
        check(`pod ${ev.type}`);
      }),
      await startWatch(w.registry, RS, { namespace: NS, resourceVersion: '0', matcher: m(RS) }, () => check('replicaset')),
      await startWatch(w.registry, DEPLOY, { namespace: NS, resourceVersion: '0', matcher: m(DEPLOY) }, () => check('deployment')),
    ];
    armed = true;
    check('start');
    try {
      await setImage('roll', 'busybox:2');
      await until(() => getD('roll'), complete(replicas), 'rollout to busybox:2');
      await setImage('roll', 'busybox:3');
      await until(() => getD('roll'), complete(replicas), 'rollout to busybox:3');
    } finally {
      for (const x of watches) x.close();
    }
    assert.deepEqual(violations, []);
    assert.ok(minReady >= replicas - 1);
    assert.ok(maxPods <= replicas + 2, `never more than replicas + maxSurge pods (saw ${maxPods})`);
    const rss = await rsOf('roll');
    const byRev = Object.fromEntries(rss.map((r) => [r.metadata.annotations![REV], r.spec.replicas]));
    assert.deepEqual(byRev, { '1': 0, '2': 0, '3': replicas });
    assert.equal((await getD('roll')).metadata.annotations![REV], '3');
    const images = (await podsOf('roll')).map((p) => p.spec.containers[0].image);
    assert.deepEqual(images, Array(replicas).fill('busybox:3'));
  });

  it('rollback (rollout undo): the previous template brings back its ReplicaSet with the next revision', async () => {
    const before = await rsOf('roll');
    const prev = before.find((r) => r.metadata.annotations![REV] === '2')!;
    // what `edgectl rollout undo` sends: the RS template without the hash label
    const template = structuredClone(prev.spec.template);
    delete template.metadata.labels[HASH];
    await update('roll', (d) => (d.spec.template = template));
    const d = await until(() => getD('roll'), complete(6), 'rolled back');
    const after = await rsOf('roll');
    assert.equal(after.length, before.length, 'no new ReplicaSet');
    const reused = after.find((r) => r.metadata.name === prev.metadata.name)!;
    assert.equal(reused.spec.replicas, 6);
    assert.equal(reused.metadata.annotations![REV], '4');
    assert.equal(d.metadata.annotations![REV], '4');
    assert.ok((await podsOf('roll')).every((p) => p.spec.containers[0].image === 'busybox:2'));
  });

  it('Recreate: old pods are all gone before new ones are created', async () => {
    await w.registry.create(DEPLOY, NS, deployment('rec', { replicas: 3, strategy: { type: 'Recreate' } }));
    await until(() => getD('rec'), complete(3), 'initial rollout');
    const pods = new Map<string, string>();
    let mixed = false;
    const watch = await startWatch(w.registry, POD, { namespace: NS, resourceVersion: '0', matcher: w.registry.matcher(POD, { labelSelector: 'app=rec' }) }, (ev) => {
      if (ev.type === 'DELETED') pods.delete(ev.object.metadata.name!);
      else pods.set(ev.object.metadata.name!, ev.object.spec.containers[0].image);
      if (new Set(pods.values()).size > 1) mixed = true;
    });
    try {
      await setImage('rec', 'busybox:2');
      await until(() => getD('rec'), complete(3), 'recreated');
    } finally {
      watch.close();
    }
    assert.equal(mixed, false, 'old and new pods never existed together');
    assert.ok((await podsOf('rec')).every((p) => p.spec.containers[0].image === 'busybox:2'));
  });

  it('pause: no rollout while paused, but scaling applies; resume rolls out', async () => {
    await w.registry.create(DEPLOY, NS, deployment('pz', { replicas: 2 }));
    await until(() => getD('pz'), complete(2), 'initial rollout');
    await update('pz', (d) => (d.spec.paused = true));
    await until(() => getD('pz'), (d) => condition(d, 'Progressing')?.reason === 'DeploymentPaused', 'paused condition');
    await setImage('pz', 'busybox:2');
    await update('pz', (d) => (d.spec.replicas = 4));
    await until(() => getD('pz'), (d) => d.status?.availableReplicas === 4 && d.status.observedGeneration === d.metadata.generation, 'scaled while paused');
    assert.equal((await rsOf('pz')).length, 1, 'no new ReplicaSet while paused');
    assert.ok((await podsOf('pz')).every((p) => p.spec.containers[0].image === 'busybox:1'));
    await update('pz', (d) => (d.spec.paused = false));
    await until(() => getD('pz'), complete(4), 'rolled out after resume');
    assert.ok((await podsOf('pz')).every((p) => p.spec.containers[0].image === 'busybox:2'));
  });

  it('proportional scaling mid-rollout and rollover to a newer template', async () => {
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    await w.registry.create(DEPLOY, NS, deployment('prop', { replicas: 10, strategy }));
    await until(() => getD('prop'), complete(10), 'initial rollout');
    // new pods never get ready: the rollout stalls mid-way
    w.driver.accept = (p) => !(p.metadata.labels?.app === 'prop' && p.spec.containers[0].image !== 'busybox:1');
    try {
      await setImage('prop', 'busybox:2');
      const stalled = await until(
        () => rsOf('prop'),
        (rss) => rss.length === 2 && rss.reduce((n, r) => n + r.spec.replicas, 0) === 13 && rss.every((r) => r.spec.replicas > 0),
        'a stalled rollout at replicas + maxSurge',
      );
      const oldBefore = stalled.find((r) => r.metadata.annotations![REV] === '1')!.spec.replicas;
      const newBefore = stalled.find((r) => r.metadata.annotations![REV] === '2')!.spec.replicas;
      await update('prop', (d) => (d.spec.replicas = 20));
      // 20 + maxSurge 3 spread in proportion
      const grown = await until(() => rsOf('prop'), (rss) => rss.reduce((n, r) => n + r.spec.replicas, 0) === 23, 'proportional scale-up');
      const oldAfter = grown.find((r) => r.metadata.annotations![REV] === '1')!.spec.replicas;
      const newAfter = grown.find((r) => r.metadata.annotations![REV] === '2')!.spec.replicas;
      assert.ok(oldAfter > oldBefore && newAfter > newBefore, `both grew: old ${oldBefore}→${oldAfter}, new ${newBefore}→${newAfter}`);
      for (const r of grown) assert.equal(r.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], '20');
      // rollover: a third template while the second is unfinished
      w.driver.accept = () => true;
      await setImage('prop', 'busybox:3');
      await until(() => getD('prop'), complete(20), 'rollover complete');
      const rss = await rsOf('prop');
      assert.deepEqual(Object.fromEntries(rss.map((r) => [r.metadata.annotations![REV], r.spec.replicas])), { '1': 0, '2': 0, '3': 20 });
    } finally {
      w.driver.accept = () => true;
    }
  });

  it('progress deadline: Progressing=False ProgressDeadlineExceeded when new pods never get ready', async () => {
    await w.registry.create(DEPLOY, NS, deployment('stuck', { replicas: 2, extra: { progressDeadlineSeconds: 2 } }));
    await until(() => getD('stuck'), complete(2), 'initial rollout');
    w.driver.accept = (p) => !(p.metadata.labels?.app === 'stuck' && p.spec.containers[0].image === 'busybox:bad');
    try {
      await setImage('stuck', 'busybox:bad');
      const d = await until(() => getD('stuck'), (x) => condition(x, 'Progressing')?.reason === 'ProgressDeadlineExceeded', 'deadline exceeded', 30_000);
      const c = condition(d, 'Progressing');
      assert.equal(c.status, 'False');
      assert.match(c.message, /^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/);
      // still available through the old pods
      assert.equal(condition(d, 'Available').status, 'True');
    } finally {
      w.driver.accept = () => true;
    }
  });

  it('revisionHistoryLimit: old empty ReplicaSets beyond the limit are deleted', async () => {
    await w.registry.create(DEPLOY, NS, deployment('hist', { replicas: 1, extra: { revisionHistoryLimit: 2 } }));
    await until(() => getD('hist'), complete(1), 'initial rollout');
    for (let i = 2; i <= 5; i++) {
      await setImage('hist', `busybox:${i}`);
      await until(() => getD('hist'), (d) => complete(1)(d) && d.metadata.annotations?.[REV] === String(i), `revision ${i}`);
    }
    const rss = await until(() => rsOf('hist'), (r) => r.length === 3, 'history trimmed to 2 old + current');
    assert.deepEqual(rss.map((r) => r.metadata.annotations![REV]).sort(), ['3', '4', '5']);
  });
});
