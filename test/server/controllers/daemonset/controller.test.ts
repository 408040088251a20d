// The DaemonSet controller against the real in-process server with hollow
// agents over real MQTT: a pod on every node (including one that joins
// later), nodeSelector, and a rolling update that never leaves more than
// maxUnavailable nodes without an available daemon pod.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, waitFor, POD, NODE, type Fixture } from '../../broker/fixture.js';
import { HollowAgent } from '../../../helpers/hollow-agent.js';
import { KINDS } from '../../../../shared/api/kinds.js';
import type { KubeObject } from '../../../../shared/api/object.js';
import { Informer } from '../../../../server/controllers/informer.js';
import { REVISION_HASH_LABEL } from '../../../../server/controllers/daemonset/pod.js';

const DS = KINDS.find((k) => k.kind === 'DaemonSet')!;
const EVENT = KINDS.find((k) => k.kind === 'Event')!;

function daemonSet(name: string, spec: any = {}, image = 'busybox:1'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }], ...(spec.podSpec ?? {}) } },
      ...(spec.updateStrategy ? { updateStrategy: spec.updateStrategy } : {}),
    },
  };
}

describe('DaemonSet controller', () => {
  let f: Fixture;
  const agents: HollowAgent[] = [];
  /** agents report every pod of their desired set Running/Ready as it arrives */
  let autoReady: NodeJS.Timeout;
  const reported = new Set<string>();

  async function join(name: string, labels?: Record<string, string>): Promise<HollowAgent> {
    const a = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: name, labels });
    await a.reportStatus();
    agents.push(a);
    return a;
  }

  before(async () => {
    f = await startFixture();
    autoReady = setInterval(() => {
      for (const a of agents) {
        for (const p of a.desired?.pods ?? []) {
          if (reported.has(p.metadata.uid!)) continue;
          reported.add(p.metadata.uid!);
          void a.reportPod(p).catch(() => reported.delete(p.metadata.uid!));
        }
      }
    }, 50);
  });
  after(async () => {
    clearInterval(autoReady);
    for (const a of agents) a.dispose();
    await f.dispose();
  });

  const podsOf = async (ds: string) => (await f.server.registry.list(POD, 'default', { labelSelector: `app=${ds}` })).items;
  const nodesOf = (pods: KubeObject[]) => pods.map((p) => p.spec.nodeName).sort();

  it('runs one pod on every node, also on a node that joins later, and reports status', async () => {
    await join('ds-a');
    await join('ds-b');
    await f.server.registry.create(DS, 'default', daemonSet('everywhere'));
    await waitFor(async () => nodesOf(await podsOf('everywhere')).join() === 'ds-a,ds-b', 'a pod on each node', 30_000);
    const [pod] = await podsOf('everywhere');
    // pinned by nodeName and by the affinity Kubernetes' scheduler would use, owned by the DaemonSet
    assert.deepEqual(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields, [
      { key: 'metadata.name', operator: 'In', values: [pod.spec.nodeName] },
    ]);
    assert.equal(pod.metadata.ownerReferences![0].kind, 'DaemonSet');
    assert.ok(pod.metadata.labels![REVISION_HASH_LABEL]);
    assert.ok(pod.spec.tolerations.some((t: any) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute' && t.tolerationSeconds === undefined));
    // the agents get them and report them Running/Ready
    await waitFor(async () => (await f.server.registry.get(DS, 'default', 'everywhere')).status?.numberReady === 2, 'numberReady 2', 30_000);

    const c = await join('ds-c');
    await c.waitDesired((s) => s.pods.some((p) => p.metadata.labels?.app === 'everywhere'), 30_000);
    const status = await waitFor(async () => {
      const s = (await f.server.registry.get(DS, 'default', 'everywhere')).status;
      return s?.numberAvailable === 3 ? s : undefined;
    }, 'three available', 30_000);
    assert.deepEqual(
      { ...status, observedGeneration: undefined },
      { currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 3, observedGeneration: undefined, updatedNumberScheduled: 3, numberAvailable: 3, numberUnavailable: 0 },
    );
    const events = (await f.server.registry.list(EVENT, 'default')).items.filter((e: any) => e.involvedObject.name === 'everywhere' && e.reason === 'SuccessfulCreate');
    assert.equal(events.length, 3);
    assert.match((events[0] as any).message, /^Created pod: everywhere-/);

    // a pod deleted by hand comes back
    const victim = (await podsOf('everywhere')).find((p) => p.spec.nodeName === 'ds-b')!;
    await f.server.registry.delete(POD, 'default', victim.metadata.name!);
    await waitFor(async () => (await podsOf('everywhere')).some((p) => p.spec.nodeName === 'ds-b' && p.metadata.uid !== victim.metadata.uid), 'replacement pod', 30_000);
  });

  it('nodeSelector: only matching nodes; relabelling a node adds or removes its pod', async () => {
    await join('ds-gw', { role: 'gateway' });
    await f.server.registry.create(DS, 'default', daemonSet('gw', { podSpec: { nodeSelector: { role: 'gateway' } } }));
    await waitFor(async () => nodesOf(await podsOf('gw')).join() === 'ds-gw', 'pod on the gateway only', 30_000);
    // label ds-a as a gateway too
    const patchRole = async (node: string, role: string | null) =>
      f.server.registry.patch(NODE, '', node, 'merge', { metadata: { labels: { role } } });
    await patchRole('ds-a', 'gateway');
    await waitFor(async () => nodesOf(await podsOf('gw')).join() === 'ds-a,ds-gw', 'pod on ds-a too', 30_000);
    await patchRole('ds-a', null);
    await waitFor(async () => nodesOf(await podsOf('gw')).join() === 'ds-gw', 'pod on ds-a removed', 30_000);
    const ds = await f.server.registry.get(DS, 'default', 'gw');
    await waitFor(async () => (await f.server.registry.get(DS, 'default', 'gw')).status?.desiredNumberScheduled === 1, 'desired 1', 30_000);
    assert.ok(ds);
  });

  it('rolling update replaces pods node by node, never more than maxUnavailable unavailable', async () => {
    await f.server.registry.create(DS, 'default', daemonSet('roll', {}, 'app:v1'));
    const nodes = (await f.server.registry.list(NODE, '')).items.length;
    await waitFor(async () => (await f.server.registry.get(DS, 'default', 'roll')).status?.numberAvailable === nodes, 'all available', 30_000);

    // watch every pod event and count nodes with an available pod
    const live = new Map<string, KubeObject>();
    let minAvailable = Infinity;
    let listed = false;
    const check = () => {
      if (!listed) return; // the informer's initial list arrives one pod at a time
      const byNode = new Set<string>();
      for (const p of live.values()) {
        const ready = p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
        if (ready && !p.metadata.deletionTimestamp) byNode.add(p.spec.nodeName);
      }
      minAvailable = Math.min(minAvailable, byNode.size);
    };
    const informer = new Informer(
      f.server.registry,
      POD,
      (p) => {
        if (p.metadata.labels?.app !== 'roll') return;
        live.set(p.metadata.uid!, p);
        check();
      },
      (p) => {
        live.delete(p.metadata.uid!);
        if (p.metadata.labels?.app === 'roll') check();
      },
    );
    await informer.start();
    listed = true;
    check();
    try {
      const ds = structuredClone(await f.server.registry.get(DS, 'default', 'roll')) as any;
      ds.spec.template.spec.containers[0].image = 'app:v2';
      await f.server.registry.update(DS, 'default', 'roll', ds);
      await waitFor(
        async () => {
          const s = (await f.server.registry.get(DS, 'default', 'roll')).status;
          return s?.updatedNumberScheduled === nodes && s?.numberAvailable === nodes && s?.observedGeneration === 2;
        },
        'rollout complete',
        30_000,
      );
    } finally {
      informer.stop();
    }
    const pods = await podsOf('roll');
    assert.equal(pods.length, nodes);
    assert.ok(pods.every((p) => p.spec.containers[0].image === 'app:v2'));
    assert.equal(minAvailable, nodes - 1, 'maxUnavailable 1: exactly one node at a time was without an available pod');
  });

  it('OnDelete: a new template reaches only pods deleted by hand', async () => {
    await f.server.registry.create(DS, 'default', daemonSet('ondel', { updateStrategy: { type: 'OnDelete' } }, 'app:v1'));
    const nodes = (await f.server.registry.list(NODE, '')).items.length;
    await waitFor(async () => (await podsOf('ondel')).length === nodes, 'all pods', 30_000);
    // the controller writes the status concurrently: retry a Conflict on fresh data, as a client would
    for (let i = 0; ; i++) {
      const ds = structuredClone(await f.server.registry.get(DS, 'default', 'ondel')) as any;
      ds.spec.template.spec.containers[0].image = 'app:v2';
      const ok = await f.server.registry.update(DS, 'default', 'ondel', ds).then(
        () => true,
        (e: { code?: string }) => (e.code === 'Conflict' && i < 20 ? false : Promise.reject(e)),
      );
      if (ok) break;
    }
    await waitFor(async () => (await f.server.registry.get(DS, 'default', 'ondel')).status?.observedGeneration === 2, 'observed', 30_000);
    await f.server.controllers.daemonSets.idle();
    assert.ok((await podsOf('ondel')).every((p) => p.spec.containers[0].image === 'app:v1'));
    const victim = (await podsOf('ondel'))[0];
    await f.server.registry.delete(POD, 'default', victim.metadata.name!);
    await waitFor(async () => (await podsOf('ondel')).filter((p) => p.spec.containers[0].image === 'app:v2').length === 1, 'one updated pod', 30_000);
    assert.equal((await podsOf('ondel')).length, nodes);
  });
});
