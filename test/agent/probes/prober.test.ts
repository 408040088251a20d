// The Prober manager with real timers against HTTP listeners on loopback
// (periodSeconds 1): readiness following the server, changes reported once,
// startup gating liveness/readiness, fresh state for a new container id.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Prober, type ProbeChange, type ProbedContainer } from '../../../agent/probes/prober.js';
import { eventually } from '../../helpers/server.js';

const HOST = '127.0.0.1';

describe('Prober', () => {
  let srv: Server;
  let port: number;
  const healthy = new Map<string, boolean>();
  const hits = new Map<string, number>();

  before(async () => {
    srv = createServer((req, res) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      res.writeHead(healthy.get(path) ? 200 : 503).end();
    });
    await new Promise<void>((r) => srv.listen(0, HOST, r));
    port = (srv.address() as AddressInfo).port;
  });
  after(async () => {
    srv.closeAllConnections();
    await new Promise((r) => srv.close(r));
  });

  function setup() {
    const changes: ProbeChange[] = [];
    const events: string[] = [];
    const prober = new Prober({
      onChange: (c) => changes.push(c),
      onEvent: (_c, type, reason, message) => events.push(`${type} ${reason} ${message}`),
      random: () => 0,
    });
    return { prober, changes, events };
  }
  const container = (id: string, probes: ProbedContainer['probes']): ProbedContainer => ({
    podUid: 'pod-1',
    containerName: 'app',
    containerId: id,
    startedAt: Date.now(),
    podIP: HOST,
    ports: [{ name: 'http', containerPort: port }],
    probes,
  });

  it('readiness follows the endpoint; only changes are reported; Unhealthy events carry the output', async () => {
    const { prober, changes, events } = setup();
    try {
      healthy.set('/ready', false);
      prober.syncPod('pod-1', [container('c1', { readiness: { httpGet: { port: 'http', path: '/ready' }, periodSeconds: 1, failureThreshold: 2 } })]);
      assert.deepEqual(prober.status('c1'), { ready: false, started: true }, 'not ready before the first result');
      await eventually(async () => events.length >= 2, 'two failed runs');
      assert.equal(prober.status('c1')!.ready, false);
      assert.equal(changes.length, 0, 'failure → failure is no change');
      assert.equal(events[0], 'Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 503');

      healthy.set('/ready', true);
      await eventually(async () => prober.status('c1')!.ready, 'ready');
      const afterReady = hits.get('/ready')!;
      await eventually(async () => hits.get('/ready')! >= afterReady + 2, 'two more successful runs');
      assert.deepEqual(changes.map((c) => `${c.kind}:${c.result}`), ['readiness:success'], 'repeated successes are not reported');

      healthy.set('/ready', false);
      await eventually(async () => !prober.status('c1')!.ready, 'unready after failureThreshold');
      assert.deepEqual(changes.map((c) => `${c.kind}:${c.result}`), ['readiness:success', 'readiness:failure']);
      assert.equal(changes[1]!.output, 'HTTP probe failed with statuscode: 503');

      // A restarted container is a new id: fresh state, not ready again until it passes.
      healthy.set('/ready', true);
      prober.syncPod('pod-1', [container('c2', { readiness: { httpGet: { port: 'http', path: '/ready' }, periodSeconds: 1 } })]);
      assert.equal(prober.status('c1'), undefined, 'the old container is no longer probed');
      assert.deepEqual(prober.status('c2'), { ready: false, started: true });
      await eventually(async () => prober.status('c2')!.ready, 'new container ready');

      prober.removePod('pod-1');
      assert.equal(prober.size, 0);
    } finally {
      prober.stop();
    }
  });

  it('liveness and readiness wait for the startup probe; liveness failure is reported once', async () => {
    const { prober, changes } = setup();
    try {
      for (const p of ['/startup', '/live', '/ready2']) healthy.set(p, false);
      hits.delete('/live');
      hits.delete('/ready2');
      prober.syncPod('pod-1', [
        container('s1', {
          startup: { httpGet: { port, path: '/startup' }, periodSeconds: 1, failureThreshold: 30 },
          liveness: { tcpSocket: { port }, periodSeconds: 1, failureThreshold: 1 },
          readiness: { httpGet: { port, path: '/ready2' }, periodSeconds: 1 },
        }),
      ]);
      await eventually(async () => (hits.get('/startup') ?? 0) >= 2, 'startup probed twice');
      assert.deepEqual(prober.status('s1'), { ready: false, started: false });
      assert.equal(hits.get('/ready2'), undefined, 'readiness waits for startup');

      healthy.set('/startup', true);
      healthy.set('/ready2', true);
      await eventually(async () => prober.status('s1')!.ready, 'started and ready');
      assert.deepEqual(prober.status('s1'), { ready: true, started: true });
      assert.deepEqual(changes.map((c) => `${c.kind}:${c.result}`), ['startup:success', 'readiness:success']);
      const startupHits = hits.get('/startup');
      await eventually(async () => (hits.get('/ready2') ?? 0) >= 3, 'more readiness runs');
      assert.equal(hits.get('/startup'), startupHits, 'the startup probe stops once it succeeded');
    } finally {
      prober.stop();
    }

    // Liveness failing for good: one change, then the probe holds.
    const second = setup();
    try {
      healthy.set('/live', false);
      second.prober.syncPod('pod-1', [container('l1', { liveness: { httpGet: { port, path: '/live' }, periodSeconds: 1, failureThreshold: 2 } })]);
      await eventually(async () => second.changes.length > 0, 'liveness failure');
      assert.deepEqual(second.changes.map((c) => `${c.kind}:${c.result}:${c.containerId}`), ['liveness:failure:l1']);
      const n = hits.get('/live');
      assert.equal(n, 2, 'failureThreshold runs');
    } finally {
      second.prober.stop();
    }
  });
});
