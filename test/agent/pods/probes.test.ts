// Probe integration in the pure parts of the pod worker: which containers are
// probed, how probe verdicts show in the status, and the planner killing a
// container whose liveness probe failed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeStatus } from '../../../agent/pods/status.js';
import { planPod } from '../../../agent/pods/plan.js';
import { probedContainers } from '../../../agent/pods/probes.js';
import { emptyBook } from '../../../agent/pods/types.js';
import { ctr, pod, sandbox, T0 } from './fixtures.js';

const probe = { exec: { command: ['true'] }, periodSeconds: 1 };
const probed = pod({
  containers: [
    { name: 'app', image: 'img:1', readinessProbe: probe, livenessProbe: { ...probe, terminationGracePeriodSeconds: 5 }, ports: [{ name: 'http', containerPort: 80 }] },
    { name: 'side', image: 'img:1' },
  ],
});

describe('probedContainers', () => {
  it('lists the newest running attempt of containers that declare probes', () => {
    const obs = [
      ctr(probed, 'app', 1, 'running', { startedAt: T0 + 5 }),
      ctr(probed, 'app', 0, 'exited', { exitCode: 137 }),
      ctr(probed, 'side', 0, 'running', { startedAt: T0 }),
    ];
    const l = probedContainers(probed, obs, '10.42.0.5', T0 + 10);
    assert.equal(l.length, 1);
    assert.equal(l[0]!.containerId, obs[0]!.id);
    assert.equal(l[0]!.startedAt, T0 + 5);
    assert.equal(l[0]!.podIP, '10.42.0.5');
    assert.deepEqual(Object.keys(l[0]!.probes).sort(), ['liveness', 'readiness']);
    assert.deepEqual(l[0]!.ports, [{ name: 'http', containerPort: 80 }]);
    assert.deepEqual(probedContainers(probed, [ctr(probed, 'app', 0, 'exited', { exitCode: 1 })], undefined, T0), []);
  });
});

describe('status with probe verdicts', () => {
  const obs = [ctr(probed, 'app', 0, 'running', { startedAt: T0 }), ctr(probed, 'side', 0, 'running', { startedAt: T0 })];
  const status = (verdict?: { ready: boolean; started: boolean }) =>
    computeStatus({ pod: probed, containers: obs, waiting: {}, now: T0, ...(verdict ? { probes: new Map([[obs[0]!.id, verdict]]) } : {}) });
  const cond = (s: ReturnType<typeof status>, t: string) => s.conditions.find((c) => c.type === t)?.status;

  it('a failing readiness probe makes the container and the pod not ready', () => {
    const s = status({ ready: false, started: true });
    assert.deepEqual(s.containerStatuses.map((c) => [c.name, c.ready, c.started]), [['app', false, true], ['side', true, true]]);
    assert.equal(cond(s, 'ContainersReady'), 'False');
    assert.equal(cond(s, 'Ready'), 'False');
    assert.equal(s.phase, 'Running');
  });
  it('a passing one makes them ready; a container without probes is ready when running', () => {
    const s = status({ ready: true, started: true });
    assert.equal(cond(s, 'Ready'), 'True');
    assert.equal(cond(s, 'ContainersReady'), 'True');
    assert.equal(cond(status(), 'Ready'), 'True');
  });
  it('before the startup probe passed: not started, not ready', () => {
    const s = status({ ready: false, started: false });
    assert.deepEqual([s.containerStatuses[0]!.started, s.containerStatuses[0]!.ready], [false, false]);
  });
});

describe('planner and failed liveness', () => {
  it('kills the unhealthy container with the probe grace and a Killing message; restarts it once exited', () => {
    const running = ctr(probed, 'app', 0, 'running', { startedAt: T0 });
    const side = ctr(probed, 'side', 0, 'running', { startedAt: T0 });
    const book = emptyBook();
    assert.deepEqual(planPod(probed, [running, side], sandbox(), book, T0).actions, []);
    book.unhealthy.set(running.id, { message: 'Container app failed liveness probe, will be restarted', gracePeriodSeconds: 5 });
    assert.deepEqual(planPod(probed, [running, side], sandbox(), book, T0).actions, [
      {
        type: 'stopContainer',
        podUid: probed.metadata.uid,
        id: running.id,
        container: 'app',
        gracePeriodSeconds: 5,
        reason: 'Unhealthy',
        message: 'Container app failed liveness probe, will be restarted',
      },
    ]);
    const killed = { ...running, state: 'exited' as const, exitCode: 137 };
    const next = planPod(probed, [killed, side], sandbox(), book, T0 + 1000).actions;
    const run = next.find((a) => a.type === 'runContainer');
    assert.ok(run && run.type === 'runContainer' && run.attempt === 1, 'restarted as attempt 1');
  });

  it('restartPolicy Never: killed and left exited', () => {
    const never = pod({ restartPolicy: 'Never', containers: probed.spec.containers });
    const killed = ctr(never, 'app', 0, 'exited', { exitCode: 137 });
    const side = ctr(never, 'side', 0, 'running', { startedAt: T0 });
    assert.deepEqual(planPod(never, [killed, side], sandbox(), emptyBook(), T0).actions, []);
  });
});
