import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFor } from '../../../../server/api/table/index.js';
import { ago, NOW, obj, running, terminated, waiting } from './fixtures.js';

const row = (pod: ReturnType<typeof obj>) => tableFor('Pod', [pod], { now: NOW }).rows[0]!;
const cells = (pod: ReturnType<typeof obj>) => row(pod).cells;

test('pod golden cells, wide included', () => {
  const pod = obj('Pod', 'web-7d9f', {
    spec: { nodeName: 'pi-1', containers: [{ name: 'nginx' }, { name: 'sidecar' }] },
    status: {
      phase: 'Running',
      podIP: '10.42.0.5',
      podIPs: [{ ip: '10.42.0.5' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'nginx', ready: true, restartCount: 1, state: running(), lastState: terminated({ reason: 'Error', exitCode: 1, finishedAt: ago({ m: 5 }) }) },
        { name: 'sidecar', ready: true, restartCount: 0, state: running() },
      ],
    },
  });
  assert.deepEqual(cells(pod), ['web-7d9f', '2/2', 'Running', '1 (5m ago)', '3d', '10.42.0.5', 'pi-1', '<none>', '<none>']);
  assert.equal(row(pod).conditions, undefined);
});

type Pod = ReturnType<typeof obj>;
interface StatusCase {
  name: string;
  pod: Pod;
  ready: string;
  status: string;
  restarts?: string;
}

const one = (statuses: unknown[], extra: Record<string, unknown> = {}, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Pod =>
  obj('Pod', 'p', { spec: { containers: [{ name: 'app' }], ...spec }, status: { phase: 'Running', containerStatuses: statuses, ...extra } }, meta);

const statusCases: StatusCase[] = [
  {
    name: 'CrashLoopBackOff with last restart 2m ago',
    pod: one([{ name: 'app', ready: false, restartCount: 5, state: waiting('CrashLoopBackOff'), lastState: terminated({ reason: 'Error', exitCode: 1, finishedAt: ago({ m: 2 }) }) }]),
    ready: '0/1',
    status: 'CrashLoopBackOff',
    restarts: '5 (2m ago)',
  },
  {
    name: 'ImagePullBackOff',
    pod: one([{ name: 'app', ready: false, restartCount: 0, state: waiting('ImagePullBackOff') }], { phase: 'Pending' }),
    ready: '0/1',
    status: 'ImagePullBackOff',
    restarts: '0',
  },
  {
    name: 'ContainerCreating',
    pod: one([{ name: 'app', ready: false, restartCount: 0, state: waiting('ContainerCreating') }], { phase: 'Pending' }),
    ready: '0/1',
    status: 'ContainerCreating',
  },
  {
    name: 'Pending without statuses',
    pod: one([], { phase: 'Pending' }),
    ready: '0/1',
    status: 'Pending',
  },
  {
    name: 'no phase yet counts as Pending',
    pod: obj('Pod', 'p', { spec: { containers: [{ name: 'app' }] } }),
    ready: '0/1',
    status: 'Pending',
  },
  {
    name: 'SchedulingGated',
    pod: one([], { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }),
    ready: '0/1',
    status: 'SchedulingGated',
  },
  {
    name: 'Init:0/1 while the init container runs',
    pod: one(
      [{ name: 'app', ready: false, restartCount: 0, state: waiting('PodInitializing') }],
      { phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: running() }], conditions: [{ type: 'Initialized', status: 'False' }] },
      { initContainers: [{ name: 'init' }] },
    ),
    ready: '0/1',
    status: 'Init:0/1',
  },
  {
    name: 'Init:1/2 after the first init container completed',
    pod: one([], {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'a', restartCount: 0, state: terminated({ reason: 'Completed' }) },
        { name: 'b', restartCount: 0, state: waiting('PodInitializing') },
      ],
    }, { initContainers: [{ name: 'a' }, { name: 'b' }] }),
    ready: '0/1',
    status: 'Init:1/2',
  },
  {
    name: 'Init:CrashLoopBackOff counts init restarts',
    pod: one([], {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'init', restartCount: 3, state: waiting('CrashLoopBackOff'), lastState: terminated({ reason: 'Error', exitCode: 1, finishedAt: ago({ s: 40 }) }) }],
    }, { initContainers: [{ name: 'init' }] }),
    ready: '0/1',
    status: 'Init:CrashLoopBackOff',
    restarts: '3 (40s ago)',
  },
  {
    name: 'Init:Error',
    pod: one([], { phase: 'Failed', initContainerStatuses: [{ name: 'init', restartCount: 0, state: terminated({ reason: 'Error', exitCode: 1 }) }] }, { initContainers: [{ name: 'init' }] }),
    ready: '0/1',
    status: 'Init:Error',
  },
  {
    name: 'Init:ExitCode:2 without a reason',
    pod: one([], { phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 0, state: terminated({ exitCode: 2 }) }] }, { initContainers: [{ name: 'init' }] }),
    ready: '0/1',
    status: 'Init:ExitCode:2',
  },
  {
    name: 'Init:Signal:9 without a reason',
    pod: one([], { phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 0, state: terminated({ exitCode: 137, signal: 9 }) }] }, { initContainers: [{ name: 'init' }] }),
    ready: '0/1',
    status: 'Init:Signal:9',
  },
  {
    name: 'Completed',
    pod: one([{ name: 'app', ready: false, restartCount: 0, state: terminated({ reason: 'Completed', exitCode: 0 }) }], { phase: 'Succeeded' }),
    ready: '0/1',
    status: 'Completed',
  },
  {
    name: 'Error (terminated with reason)',
    pod: one([{ name: 'app', ready: false, restartCount: 0, state: terminated({ reason: 'Error', exitCode: 1 }) }], { phase: 'Failed' }),
    ready: '0/1',
    status: 'Error',
  },
  {
    name: 'ExitCode:137 without a reason',
    pod: one([{ name: 'app', ready: false, restartCount: 0, state: terminated({ exitCode: 137 }) }], { phase: 'Failed' }),
    ready: '0/1',
    status: 'ExitCode:137',
  },
  {
    name: 'Signal:15 without a reason',
    pod: one([{ name: 'app', ready: false, restartCount: 0, state: terminated({ exitCode: 143, signal: 15 }) }], { phase: 'Failed' }),
    ready: '0/1',
    status: 'Signal:15',
  },
  {
    name: 'Evicted (pod status reason)',
    pod: one([], { phase: 'Failed', reason: 'Evicted' }),
    ready: '0/1',
    status: 'Evicted',
  },
  {
    name: 'Terminating',
    pod: one([{ name: 'app', ready: true, restartCount: 0, state: running() }], {}, {}, { deletionTimestamp: ago({ s: 10 }) }),
    ready: '1/1',
    status: 'Terminating',
  },
  {
    name: 'a deleted pod that already Succeeded keeps its status',
    pod: one([{ name: 'app', ready: false, restartCount: 0, state: terminated({ reason: 'Completed' }) }], { phase: 'Succeeded' }, {}, { deletionTimestamp: ago({ s: 10 }) }),
    ready: '0/1',
    status: 'Completed',
  },
  {
    name: 'Unknown: deleted while its node is unreachable',
    pod: one([{ name: 'app', ready: true, restartCount: 0, state: running() }], { reason: 'NodeLost' }, {}, { deletionTimestamp: ago({ s: 10 }) }),
    ready: '1/1',
    status: 'Unknown',
  },
  {
    name: 'one container Completed, another running, pod Ready: Running',
    pod: obj('Pod', 'p', {
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'a', ready: false, restartCount: 0, state: terminated({ reason: 'Completed' }) },
          { name: 'b', ready: true, restartCount: 0, state: running() },
        ],
      },
    }),
    ready: '1/2',
    status: 'Running',
  },
  {
    name: 'one container Completed, another running, pod not Ready: NotReady',
    pod: obj('Pod', 'p', {
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', ready: false, restartCount: 0, state: terminated({ reason: 'Completed' }) },
          { name: 'b', ready: true, restartCount: 0, state: running() },
        ],
      },
    }),
    ready: '1/2',
    status: 'NotReady',
  },
  {
    name: 'sidecar init container (restartPolicy Always) counts as a container',
    pod: obj('Pod', 'p', {
      spec: { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'app' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
        initContainerStatuses: [
          { name: 'proxy', ready: true, started: true, restartCount: 2, state: running(), lastState: terminated({ reason: 'Error', exitCode: 1, finishedAt: ago({ m: 10 }) }) },
        ],
        containerStatuses: [
          { name: 'app', ready: true, restartCount: 1, state: running(), lastState: terminated({ reason: 'Error', exitCode: 1, finishedAt: ago({ m: 3 }) }) },
        ],
      },
    }),
    ready: '2/2',
    status: 'Running',
    restarts: '3 (3m ago)',
  },
];

for (const c of statusCases) {
  test(`pod status: ${c.name}`, () => {
    const [, ready, status, restarts] = cells(c.pod);
    assert.equal(ready, c.ready, 'READY');
    assert.equal(status, c.status, 'STATUS');
    if (c.restarts !== undefined) assert.equal(restarts, c.restarts, 'RESTARTS');
  });
}

test('pod row conditions mark Succeeded and Failed pods as Completed rows', () => {
  const succeeded = one([], { phase: 'Succeeded' });
  const failed = one([], { phase: 'Failed' });
  assert.deepEqual(row(succeeded).conditions, [
    { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
  ]);
  assert.deepEqual(row(failed).conditions, [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]);
});

test('pod wide cells: IP from podIPs or podIP, nominated node, readiness gates', () => {
  const pod = obj('Pod', 'p', {
    spec: { containers: [{ name: 'app' }], readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
    status: {
      phase: 'Pending',
      podIP: '10.42.3.9',
      nominatedNodeName: 'pi-2',
      conditions: [{ type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'False' }],
    },
  });
  assert.deepEqual(cells(pod).slice(5), ['10.42.3.9', '<none>', 'pi-2', '1/2']);
});
