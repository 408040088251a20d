// The runtime contract: the same behaviour from every adapter, on real containerd.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { importTestImage, removeContainerdNamespace } from '../../helpers/image.js';
import { randomSuffix } from '../../helpers/netns.js';
import { createNetns, deleteNetns } from '../../../agent/network/netns.js';
import { LABEL_POD_UID, type ContainerRuntime, type ContainerSpec } from '../../../agent/runtime/types.js';
import { implementations } from './implementations.js';

for (const impl of implementations) {
  const reason = await impl.skip;
  describe(`runtime contract: ${impl.name}`, { skip: reason }, () => {
    const ns = `edgeplane-test-${randomSuffix()}`;
    const podUid = `uid-${randomSuffix()}`;
    let rt: ContainerRuntime;
    let image: string;
    let dir: string;
    let n = 0;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ep-rt-'));
      rt = impl.make({ namespace: ns, stateDir: join(dir, 'state') });
      image = await importTestImage(ns);
    });
    after(async () => {
      await removeContainerdNamespace(ns);
      await rm(dir, { recursive: true, force: true });
    });

    async function startNew(spec: Partial<ContainerSpec>): Promise<string> {
      const id = `c${++n}-${randomSuffix()}`;
      await rt.createContainer({ id, image, labels: { [LABEL_POD_UID]: podUid }, ...spec });
      await rt.startContainer(id);
      return id;
    }
    async function waitExited(id: string) {
      for (;;) {
        const s = await rt.containerStatus(id);
        if (s.state === 'exited') return s;
        await sleep(50);
      }
    }
    async function allLogs(id: string, opts = {}): Promise<string> {
      let s = '';
      for await (const c of rt.logs(id, opts)) s += c;
      return s;
    }

    it('reports a version', async () => {
      assert.match(await rt.version(), /\d+\.\d+/);
    });

    it('ensureImage honours the pull policy', async () => {
      const progress: string[] = [];
      await rt.ensureImage(image, 'IfNotPresent', (p) => progress.push(p.message));
      assert.deepEqual(progress, [], 'a present image is not pulled');
      assert.equal(await rt.imageExists(image), true);
      assert.equal(await rt.imageExists('edgeplane.local/absent:1'), false);
      await assert.rejects(rt.ensureImage('edgeplane.local/absent:1', 'Never'), { code: 'ErrImageNeverPull' });
      // Loopback port 1: nothing listens, so the pull fails at once without leaving the host.
      await assert.rejects(rt.ensureImage('127.0.0.1:1/absent:1', 'IfNotPresent'), { code: 'ErrImagePull' });
    });

    it('runs a container: status, labels, exec', async () => {
      const id = await startNew({ command: ['sleep', '300'] });
      const st = await rt.containerStatus(id);
      assert.equal(st.state, 'running');
      assert.ok(st.pid && st.pid > 0);
      assert.ok(st.startedAt instanceof Date);
      const found = await rt.listContainers({ [LABEL_POD_UID]: podUid });
      const mine = found.find((c) => c.id === id);
      assert.ok(mine, 'found by label');
      assert.equal(mine.labels[LABEL_POD_UID], podUid);
      assert.equal((await rt.listContainers({ [LABEL_POD_UID]: 'nobody' })).length, 0);
      // several labels select containers having all of them (exec and logs find one pod's container by uid and name)
      assert.deepEqual((await rt.listContainers({ [LABEL_POD_UID]: podUid, role: 'x' })).map((c) => c.id), []);
      assert.deepEqual((await rt.listContainers({ [LABEL_POD_UID]: 'nobody', role: 'x' })).map((c) => c.id), []);
      const r = await rt.exec(id, ['sh', '-c', 'echo out; echo err >&2; exit 4']);
      assert.deepEqual(r, { exitCode: 4, stdout: 'out\n', stderr: 'err\n' });
      await rt.stopContainer(id, 0);
      await rt.removeContainer(id);
      assert.equal((await rt.listContainers()).some((c) => c.id === id), false);
      await assert.rejects(rt.containerStatus(id), { code: 'ContainerNotFound' });
      await rt.removeContainer(id); // idempotent
    });

    it('captures logs with tail and follow', async () => {
      const id = await startNew({ command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done; sleep 300'] });
      while (!(await allLogs(id)).includes('line5')) await sleep(50);
      assert.equal(await allLogs(id, { tail: 2 }), 'line4\nline5\n');
      await rt.stopContainer(id, 0);
      const f = await startNew({ command: ['sh', '-c', 'echo a; sleep 1; echo b'] });
      assert.equal(await allLogs(f, { follow: true }), 'a\nb\n', 'follow ends when the container exits');
    });

    it('stops gracefully: SIGTERM first, SIGKILL after the grace period', async () => {
      const polite = await startNew({ command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.1; done'] });
      const stubborn = await startNew({ command: ['sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done'] });
      await sleep(200); // let sh install its traps
      await rt.stopContainer(polite, 30);
      assert.equal((await rt.containerStatus(polite)).exitCode, 0, 'the TERM trap ran');
      await rt.stopContainer(stubborn, 1);
      const st = await rt.containerStatus(stubborn);
      assert.equal(st.state, 'exited');
      assert.equal(st.exitCode, 137, 'killed by SIGKILL');
    });

    it('reports the exit code of a crashing container', async () => {
      const id = await startNew({ command: ['sh', '-c', 'exit 3'] });
      const st = await waitExited(id);
      assert.equal(st.exitCode, 3);
      assert.ok(st.finishedAt instanceof Date);
      assert.equal((await rt.containerStatus(id)).exitCode, 3, 'stable on a second read');
    });

    it('applies memory and CPU limits to the cgroup', async () => {
      const id = await startNew({ command: ['sleep', '300'], memoryLimitBytes: 64 * 1024 * 1024, cpuLimitMillis: 500 });
      const { pid } = await rt.containerStatus(id);
      const cg = await readFile(`/proc/${pid}/cgroup`, 'utf8');
      const v2 = /^0::(.*)$/m.exec(cg);
      const v1mem = /^\d+:[^:]*\bmemory\b[^:]*:(.*)$/m.exec(cg);
      if (v1mem) {
        const cpuPath = /^\d+:[^:]*\bcpu\b[^:]*:(.*)$/m.exec(cg)![1];
        const cpuCtrl = cg.match(/^\d+:([^:]*\bcpu\b[^:]*):/m)![1]!;
        assert.equal((await readFile(`/sys/fs/cgroup/memory${v1mem[1]}/memory.limit_in_bytes`, 'utf8')).trim(), String(64 * 1024 * 1024));
        assert.equal((await readFile(`/sys/fs/cgroup/${cpuCtrl}${cpuPath}/cpu.cfs_quota_us`, 'utf8')).trim(), '50000');
      } else {
        assert.ok(v2, cg);
        assert.equal((await readFile(`/sys/fs/cgroup${v2[1]}/memory.max`, 'utf8')).trim(), String(64 * 1024 * 1024));
        assert.equal((await readFile(`/sys/fs/cgroup${v2[1]}/cpu.max`, 'utf8')).trim(), '50000 100000');
      }
      await rt.stopContainer(id, 0);
    });

    it('runs args alone after the image entrypoint, and joins the host netns for hostNetwork', async () => {
      const id = await startNew({ args: ['sh', '-c', 'exit 5'] });
      assert.equal((await waitExited(id)).exitCode, 5);
      const host = await startNew({ command: ['sleep', '300'], netns: 'host' });
      const { pid } = await rt.containerStatus(host);
      assert.equal(await readlink(`/proc/${pid}/ns/net`), await readlink('/proc/self/ns/net'));
      await rt.removeContainer(host);
    });

    it('passes env, workingDir and read-only bind mounts', async () => {
      const host = await mkdtemp(join(dir, 'vol-'));
      await writeFile(join(host, 'f'), 'from-host');
      const id = await startNew({
        command: ['sh', '-c', 'echo $FOO; pwd; cat /data/f; echo; touch /data/x 2>/dev/null && echo rw || echo ro'],
        env: { FOO: 'bar baz' },
        workingDir: '/tmp',
        mounts: [{ hostPath: host, containerPath: '/data', readOnly: true }],
      });
      await waitExited(id);
      assert.equal(await allLogs(id), 'bar baz\n/tmp\nfrom-host\nro\n');
    });

    it('runs containers in a shared network namespace (localhost between them)', async () => {
      const netnsName = `ep-pod-${randomSuffix()}`;
      const netns = await createNetns(netnsName);
      try {
        await execa('ip', ['netns', 'exec', netnsName, 'ip', 'link', 'set', 'lo', 'up']);
        const www = await mkdtemp(join(dir, 'www-'));
        await writeFile(join(www, 'index.html'), 'hello-pod');
        const server = await startNew({
          command: ['httpd', '-f', '-p', '127.0.0.1:8080', '-h', '/www'],
          mounts: [{ hostPath: www, containerPath: '/www', readOnly: true }],
          netns,
        });
        const client = await startNew({ command: ['sleep', '300'], netns });
        const pids = [(await rt.containerStatus(server)).pid, (await rt.containerStatus(client)).pid];
        const nsIds = await Promise.all(pids.map((p) => readlink(`/proc/${p}/ns/net`)));
        assert.equal(nsIds[0], nsIds[1], 'one network namespace');
        let out = '';
        for (let i = 0; i < 50 && out !== 'hello-pod'; i++) {
          out = (await rt.exec(client, ['wget', '-qO-', 'http://127.0.0.1:8080/index.html'])).stdout;
          if (out !== 'hello-pod') await sleep(100);
        }
        assert.equal(out, 'hello-pod');
        await rt.removeContainer(server);
        await rt.removeContainer(client);
      } finally {
        await deleteNetns(netnsName);
      }
    });
  });
}
