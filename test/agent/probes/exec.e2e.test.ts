// exec probes inside a real container on containerd (ctr adapter, busybox
// test image, a containerd namespace of its own): exit codes, output,
// timeouts, and the Prober driving readiness from `cat /tmp/ready`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTestImage, removeContainerdNamespace } from '../../helpers/image.js';
import { randomSuffix } from '../../helpers/netns.js';
import { eventually } from '../../helpers/server.js';
import { CtrRuntime } from '../../../agent/runtime/ctr.js';
import { probeExec } from '../../../agent/probes/exec.js';
import { Prober, type ProbeChange } from '../../../agent/probes/prober.js';

describe('exec probe on real containerd', () => {
  const ns = `edgeplane-test-${randomSuffix()}`;
  let dir: string;
  let rt: CtrRuntime;
  const id = `probe-${randomSuffix()}`;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ep-probe-exec-'));
    rt = new CtrRuntime({ namespace: ns, stateDir: join(dir, 'state') });
    const image = await importTestImage(ns);
    await rt.createContainer({ id, image, command: ['sleep', '3600'] });
    await rt.startContainer(id);
  });
  after(async () => {
    try {
      await rt.removeContainer(id).catch(() => undefined);
    } finally {
      await removeContainerdNamespace(ns);
      await rm(dir, { recursive: true, force: true });
    }
  });

  // Generous: ctr exec is a process or two on a busy machine; only the timeout case is short.
  const T = 20_000;

  it('exit 0 is success, any other exit a failure with the output', async () => {
    assert.deepEqual(await probeExec(rt, id, ['true'], T), { result: 'success', output: '' });
    assert.deepEqual(await probeExec(rt, id, ['false'], T), { result: 'failure', output: '' });
    assert.deepEqual(await probeExec(rt, id, ['sh', '-c', 'echo not yet; exit 3'], T), { result: 'failure', output: 'not yet\n' });
    assert.deepEqual(await probeExec(rt, id, ['sh', '-c', 'echo ok'], T), { result: 'success', output: 'ok\n' });
  });

  it('a timeout is a failure, and the command is killed', async () => {
    const r = await probeExec(rt, id, ['sleep', '77'], 1500);
    assert.deepEqual(r, { result: 'failure', output: 'command "sleep 77" timed out' });
    await eventually(async () => !(await rt.exec(id, ['ps'])).stdout.includes('sleep 77'), 'the timed-out command killed');
  });

  it('a container that does not exist is an error (unknown), not a failure', async () => {
    const r = await probeExec(rt, id + '-missing', ['true'], T);
    assert.equal(r.result, 'unknown');
  });

  it('the Prober turns readiness on when `cat /tmp/ready` starts to pass', async () => {
    const changes: ProbeChange[] = [];
    const prober = new Prober({ runtime: rt, onChange: (c) => changes.push(c), random: () => 0 });
    try {
      prober.syncPod('pod', [
        {
          podUid: 'pod',
          containerName: 'app',
          containerId: id,
          startedAt: Date.now(),
          probes: { readiness: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1, timeoutSeconds: 20 } },
        },
      ]);
      assert.equal(prober.status(id)!.ready, false);
      await rt.exec(id, ['touch', '/tmp/ready']);
      await eventually(async () => prober.status(id)!.ready, 'ready', 60_000);
      assert.deepEqual(changes.map((c) => `${c.kind}:${c.result}`), ['readiness:success']);
    } finally {
      prober.stop();
    }
  });
});
