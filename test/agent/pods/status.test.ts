// PodStatus from observations: phases, container states, conditions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeStatus, statusChanged } from '../../../agent/pods/status.js';
import { ctr, pod, T0 } from './fixtures.js';

const basic = pod();
const never = pod({ restartPolicy: 'Never' });
const onFailure = pod({ restartPolicy: 'OnFailure' });
const withInit = pod({ initContainers: [{ name: 'init', image: 'img:1' }] });

describe('computeStatus', () => {
  const phases = [
    { name: 'nothing yet', pod: basic, obs: [], phase: 'Pending' },
    { name: 'running', pod: basic, obs: [ctr(basic, 'app', 0, 'running', { startedAt: T0 })], phase: 'Running' },
    { name: 'init running', pod: withInit, obs: [ctr(withInit, 'init', 0, 'running')], phase: 'Pending' },
    { name: 'Never, exit 0', pod: never, obs: [ctr(never, 'app', 0, 'exited', { exitCode: 0 })], phase: 'Succeeded' },
    { name: 'Never, exit 1', pod: never, obs: [ctr(never, 'app', 0, 'exited', { exitCode: 1 })], phase: 'Failed' },
    { name: 'OnFailure, exit 0', pod: onFailure, obs: [ctr(onFailure, 'app', 0, 'exited', { exitCode: 0 })], phase: 'Succeeded' },
    { name: 'OnFailure, exit 1 (will restart)', pod: onFailure, obs: [ctr(onFailure, 'app', 0, 'exited', { exitCode: 1 })], phase: 'Running' },
    { name: 'Always, crashed', pod: basic, obs: [ctr(basic, 'app', 0, 'exited', { exitCode: 1 })], phase: 'Running' },
    { name: 'Never, init failed', pod: pod({ restartPolicy: 'Never', initContainers: [{ name: 'init', image: 'i' }] }), obs: [ctr(withInit, 'init', 0, 'exited', { exitCode: 3 })], phase: 'Failed' },
  ];
  for (const c of phases) {
    it(`phase: ${c.name} → ${c.phase}`, () => {
      assert.equal(computeStatus({ pod: c.pod, containers: c.obs, waiting: {}, now: T0 }).phase, c.phase);
    });
  }

  it('running pod: conditions, IPs, container status', () => {
    const s = computeStatus({
      pod: basic,
      containers: [ctr(basic, 'app', 2, 'running', { startedAt: T0 }), ctr(basic, 'app', 1, 'exited', { exitCode: 137, startedAt: T0 - 5000, finishedAt: T0 - 1000 })],
      waiting: {},
      podIP: '10.42.0.5',
      hostIP: '198.51.100.10',
      startTime: new Date(T0).toISOString(),
      now: T0,
    });
    assert.equal(s.podIP, '10.42.0.5');
    assert.deepEqual(s.podIPs, [{ ip: '10.42.0.5' }]);
    assert.equal(s.hostIP, '198.51.100.10');
    assert.deepEqual(s.conditions.map((c) => `${c.type}=${c.status}`), ['PodScheduled=True', 'Initialized=True', 'ContainersReady=True', 'Ready=True']);
    const c = s.containerStatuses[0]!;
    assert.equal(c.restartCount, 2);
    assert.equal(c.ready, true);
    assert.deepEqual(c.state.running, { startedAt: new Date(T0).toISOString() });
    assert.equal(c.lastState.terminated?.exitCode, 137);
    assert.equal(c.lastState.terminated?.reason, 'Error');
    assert.match(c.containerID!, /^containerd:\/\//);
  });

  it('crash loop: waiting CrashLoopBackOff with the exit as lastState', () => {
    const s = computeStatus({
      pod: basic,
      containers: [ctr(basic, 'app', 3, 'exited', { exitCode: 1 })],
      waiting: { app: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
      now: T0,
    });
    const c = s.containerStatuses[0]!;
    assert.equal(c.state.waiting?.reason, 'CrashLoopBackOff');
    assert.equal(c.lastState.terminated?.exitCode, 1);
    assert.equal(c.restartCount, 3);
    assert.equal(s.conditions.find((x) => x.type === 'Ready')?.status, 'False');
  });

  it('waiting reasons: ContainerCreating, PodInitializing, ErrImagePull', () => {
    assert.equal(computeStatus({ pod: basic, containers: [], waiting: {}, now: T0 }).containerStatuses[0]!.state.waiting?.reason, 'ContainerCreating');
    const init = computeStatus({ pod: withInit, containers: [], waiting: {}, now: T0 });
    assert.equal(init.containerStatuses[0]!.state.waiting?.reason, 'PodInitializing');
    const pull = computeStatus({ pod: basic, containers: [], waiting: { app: { reason: 'ErrImagePull', message: 'x' } }, now: T0 });
    assert.equal(pull.containerStatuses[0]!.state.waiting?.reason, 'ErrImagePull');
  });

  it('completed container: terminated Completed; only meaningful changes count', () => {
    const a = computeStatus({ pod: never, containers: [ctr(never, 'app', 0, 'exited', { exitCode: 0 })], waiting: {}, now: T0 });
    assert.equal(a.containerStatuses[0]!.state.terminated?.reason, 'Completed');
    const b = computeStatus({ pod: never, containers: [ctr(never, 'app', 0, 'exited', { exitCode: 0 })], waiting: {}, now: T0 + 60_000, prev: a });
    assert.equal(statusChanged(a, b), false);
    assert.deepEqual(a.conditions, b.conditions, 'transition times carry over');
  });
});
