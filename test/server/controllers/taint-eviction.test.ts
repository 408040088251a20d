// Node lifecycle and taint-based eviction against the real in-process server
// with hollow agents: an agent that loses its connection gets its node tainted
// unreachable:NoExecute, its pods are deleted after their (short, configured)
// tolerationSeconds, and on reconnect the desired set no longer has them; a
// node that comes back in time keeps its pods; cordon adds the unschedulable taint.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, waitFor, sleep, condition, POD, NODE, type Fixture } from '../broker/fixture.js';
import { HollowAgent } from '../../helpers/hollow-agent.js';
import { KINDS } from '../../../shared/api/kinds.js';

const EVENT = KINDS.find((k) => k.kind === 'Event')!;
const TOLERATION_S = 2;
const UNREACHABLE = 'node.kubernetes.io/unreachable';

const pod = (name: string, node: string, tolerations?: any[]) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }], ...(tolerations ? { tolerations } : {}) },
});

describe('node lifecycle and taint eviction', () => {
  let f: Fixture;
  const agents: HollowAgent[] = [];
  before(async () => {
    f = await startFixture(undefined, { defaultUnreachableTolerationSeconds: TOLERATION_S, defaultNotReadyTolerationSeconds: TOLERATION_S });
  });
  after(async () => {
    for (const a of agents) a.dispose();
    await f.dispose();
  });

  async function join(name: string): Promise<HollowAgent> {
    const a = await HollowAgent.start({ mqttPort: f.mqttPort, token: f.joinToken, nodeName: name });
    agents.push(a);
    await a.reportStatus();
    await waitFor(async () => condition(await f.server.registry.get(NODE, '', name), 'Ready') === 'True', `${name} Ready`, 30_000);
    await waitFor(async () => !(await f.server.registry.get(NODE, '', name)).spec?.taints, `${name} untainted`, 30_000);
    return a;
  }
  const taints = async (node: string) => ((await f.server.registry.get(NODE, '', node)).spec?.taints ?? []) as any[];
  const exists = async (name: string) =>
    f.server.registry.get(POD, 'default', name).then(
      () => true,
      () => false,
    );

  it('pods get the default not-ready/unreachable tolerations (configured seconds) on create', async () => {
    const { object } = await f.server.registry.create(POD, 'default', pod('tol-check', 'nowhere'));
    const tol = object.spec.tolerations.map((t: any) => `${t.key}:${t.effect}:${t.tolerationSeconds}`);
    assert.deepEqual(tol, [`node.kubernetes.io/not-ready:NoExecute:${TOLERATION_S}`, `${UNREACHABLE}:NoExecute:${TOLERATION_S}`]);
    // a pod with its own toleration keeps it
    const own = await f.server.registry.create(POD, 'default', pod('tol-own', 'nowhere', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' }]));
    assert.deepEqual(
      own.object.spec.tolerations.map((t: any) => `${t.key}:${t.tolerationSeconds}`),
      [`${UNREACHABLE}:undefined`, `node.kubernetes.io/not-ready:${TOLERATION_S}`],
    );
  });

  it('a lost connection taints the node unreachable and evicts its pods after tolerationSeconds; on reconnect they are not desired', async () => {
    const a = await join('ev-a');
    await f.server.registry.create(POD, 'default', pod('ev-web', 'ev-a'));
    await f.server.registry.create(POD, 'default', pod('ev-stays', 'ev-a', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' }]));
    await a.waitDesired((s) => s.pods.length === 2, 30_000);

    a.crash();
    await waitFor(async () => condition(await f.server.registry.get(NODE, '', 'ev-a'), 'Ready') === 'Unknown', 'Ready=Unknown', 30_000);
    const t = await waitFor(async () => (await taints('ev-a')).find((x) => x.key === UNREACHABLE && x.effect === 'NoExecute'), 'unreachable taint', 30_000);
    assert.ok(Date.parse(t.timeAdded) > 0, 'timeAdded set');
    assert.ok((await taints('ev-a')).some((x) => x.key === UNREACHABLE && x.effect === 'NoSchedule'));

    await waitFor(async () => !(await exists('ev-web')), 'ev-web evicted', 30_000);
    // not before tolerationSeconds from the taint's timeAdded (second precision)
    assert.ok(Date.now() >= Date.parse(t.timeAdded) + TOLERATION_S * 1000, 'evicted after tolerationSeconds');
    assert.ok(await exists('ev-stays'), 'a pod tolerating forever stays');
    const eventSeen = async (ns: string, pred: (e: any) => boolean) => ((await f.server.registry.list(EVENT, ns)).items as any[]).some(pred);
    await waitFor(
      () => eventSeen('default', (e) => e.reason === 'TaintManagerEviction' && e.message === 'Marking for deletion Pod default/ev-web' && e.involvedObject.name === 'ev-web'),
      'TaintManagerEviction event',
      30_000,
    );
    await waitFor(() => eventSeen('', (e) => e.reason === 'NodeNotReady' && e.involvedObject.name === 'ev-a' && e.message === 'Node ev-a status is now: NodeNotReady'), 'NodeNotReady event', 30_000);

    // the agent kept running while cut off; when it comes back its desired set has only the survivor
    await a.reconnect();
    const s = await a.waitDesired((d) => !d.pods.some((p) => p.metadata.name === 'ev-web'), 30_000);
    assert.deepEqual(s.pods.map((p) => p.metadata.name), ['ev-stays']);
    await a.reportStatus();
    await waitFor(async () => !(await taints('ev-a')).some((x) => x.key === UNREACHABLE), 'taint removed', 30_000);
  });

  it('the pods of a node that drops off are marked not ready and leave the endpoints; they are ready again when it is back', async () => {
    const a = await join('ev-d');
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ev-svc' }, spec: { selector: { app: 'ev' }, ports: [{ port: 80 }] } };
    await f.server.registry.create(KINDS.find((k) => k.kind === 'Service')!, 'default', svc);
    const { object } = await f.server.registry.create(POD, 'default', {
      ...pod('ev-ready', 'ev-d', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' }]),
      metadata: { name: 'ev-ready', labels: { app: 'ev' } },
    });
    await a.waitDesired((s) => s.pods.length === 1, 30_000);
    await a.reportPod(object, 'Running', true);
    const ENDPOINTS = KINDS.find((k) => k.kind === 'Endpoints')!;
    const addresses = async (which: 'addresses' | 'notReadyAddresses') =>
      (((await f.server.registry.find(ENDPOINTS, 'default', 'ev-svc'))?.subsets ?? []) as any[]).flatMap((x) => (x[which] ?? []).map((e: any) => e.targetRef.name));
    await waitFor(async () => (await addresses('addresses')).includes('ev-ready'), 'ready endpoint', 30_000);

    a.crash();
    const readyCond = async () => ((await f.server.registry.get(POD, 'default', 'ev-ready')).status.conditions as any[]).find((c) => c.type === 'Ready');
    const marked = await waitFor(async () => {
      const c = await readyCond();
      return c.status === 'False' ? c : undefined;
    }, 'pod marked not ready', 30_000);
    assert.equal(marked.reason, 'NodeNotReady');
    await waitFor(async () => (await addresses('notReadyAddresses')).includes('ev-ready') && (await addresses('addresses')).length === 0, 'endpoint not ready', 30_000);
    assert.equal((await f.server.registry.get(POD, 'default', 'ev-ready')).status.phase, 'Running', 'only readiness changes: the pod keeps running on its node');

    await a.reconnect();
    await a.reportStatus();
    await waitFor(async () => (await readyCond()).status === 'True', 'pod ready again', 30_000);
    await waitFor(async () => (await addresses('addresses')).includes('ev-ready'), 'ready endpoint again', 30_000);
  });

  it('a node back before tolerationSeconds keeps its pods (eviction cancelled)', async () => {
    const a = await join('ev-b');
    // a longer toleration than the default, so there is time to come back
    await f.server.registry.create(POD, 'default', pod('ev-patient', 'ev-b', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 4 }]));
    await a.waitDesired((s) => s.pods.length === 1, 30_000);
    a.crash();
    await waitFor(async () => (await taints('ev-b')).some((x) => x.key === UNREACHABLE), 'unreachable taint', 30_000);
    await a.reconnect();
    await a.reportStatus();
    await waitFor(async () => !(await taints('ev-b')).some((x) => x.key === UNREACHABLE), 'taint removed', 30_000);
    await sleep(4500);
    await f.server.controllers.taintManager.idle();
    assert.ok(await exists('ev-patient'), 'the pod was not evicted');
  });

  it('spec.unschedulable adds the unschedulable NoSchedule taint, and removing it removes the taint', async () => {
    await join('ev-c');
    await f.server.registry.patch(NODE, '', 'ev-c', 'merge', { spec: { unschedulable: true } });
    await waitFor(async () => (await taints('ev-c')).some((x) => x.key === 'node.kubernetes.io/unschedulable' && x.effect === 'NoSchedule'), 'unschedulable taint', 30_000);
    await f.server.registry.patch(NODE, '', 'ev-c', 'merge', { spec: { unschedulable: null } });
    await waitFor(async () => (await taints('ev-c')).length === 0, 'taint removed', 30_000);
  });
});
