// Env, volumes and limits as the container will see them.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerEnv } from '../../../agent/pods/env.js';
import { containerMounts, prepareVolumes } from '../../../agent/pods/volumes.js';
import { limits } from '../../../agent/pods/container-spec.js';
import { refKey } from '../../../agent/pods/refs.js';
import type { KubeObject } from '../../../shared/api/object.js';
import { pod } from './fixtures.js';

const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { 'a.txt': 'A', mode: 'fast' } };
const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec', namespace: 'default' }, data: { password: Buffer.from('hunter2').toString('base64') } };
const refs = new Map([[refKey('ConfigMap', 'default', 'cfg'), cm], [refKey('Secret', 'default', 'sec'), secret]]);

describe('env', () => {
  const p = pod({ nodeName: 'n1' });
  it('value, $(VAR), configMapKeyRef, secretKeyRef, fieldRef, envFrom with prefix', () => {
    const env = containerEnv(
      {
        envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
        env: [
          { name: 'A', value: 'x' },
          { name: 'B', value: '$(A)-y-$(NOPE)' },
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } },
          { name: 'PW', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
          { name: 'OPT', valueFrom: { secretKeyRef: { name: 'missing', key: 'k', optional: true } } },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        ],
      },
      { pod: p, refs, podIP: '10.42.0.9' },
    );
    assert.deepEqual(env, {
      'CFG_a.txt': 'A', CFG_mode: 'fast', A: 'x', B: 'x-y-$(NOPE)', MODE: 'fast', PW: 'hunter2', POD: 'p', NS: 'default', IP: '10.42.0.9', NODE: 'n1',
    });
  });
  it('missing secret or key is CreateContainerConfigError', () => {
    assert.throws(() => containerEnv({ env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } }] }, { pod: p, refs }), {
      code: 'CreateContainerConfigError',
      message: 'secret "nope" not found',
    });
    assert.throws(() => containerEnv({ env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'zz' } } }] }, { pod: p, refs }), {
      code: 'CreateContainerConfigError',
    });
  });
});

describe('volumes', () => {
  let dir: string;
  after(async () => dir && rm(dir, { recursive: true, force: true }));
  it('configMap items and modes, secret, emptyDir with subPath, hostPath', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ep-vol-'));
    const p = pod({
      volumes: [
        { name: 'c', configMap: { name: 'cfg', items: [{ key: 'a.txt', path: 'sub/x.txt', mode: 0o600 }] } },
        { name: 's', secret: { secretName: 'sec', defaultMode: 0o400 } },
        { name: 'e', emptyDir: {} },
        { name: 'h', hostPath: { path: join(dir, 'host'), type: 'DirectoryOrCreate' } },
      ],
    });
    const vols = await prepareVolumes(p, dir, refs);
    const c = vols.get('c')!.hostPath;
    assert.equal(await readFile(join(c, 'sub/x.txt'), 'utf8'), 'A');
    assert.equal((await stat(join(c, 'sub/x.txt'))).mode & 0o777, 0o600);
    const s = vols.get('s')!.hostPath;
    assert.equal(await readFile(join(s, 'password'), 'utf8'), 'hunter2');
    assert.equal((await stat(join(s, 'password'))).mode & 0o777, 0o400);
    const mounts = await containerMounts(
      { volumeMounts: [
        { name: 'c', mountPath: '/etc/c' },
        { name: 'e', mountPath: '/data', subPath: 'deep/er' },
        { name: 'h', mountPath: '/h', readOnly: true },
      ] },
      vols,
    );
    assert.deepEqual(mounts, [
      { hostPath: c, containerPath: '/etc/c', readOnly: true },
      { hostPath: join(vols.get('e')!.hostPath, 'deep/er'), containerPath: '/data', readOnly: false },
      { hostPath: join(dir, 'host'), containerPath: '/h', readOnly: true },
    ]);
    assert.ok((await stat(join(vols.get('e')!.hostPath, 'deep/er'))).isDirectory());
    await assert.rejects(prepareVolumes(pod({ volumes: [{ name: 'x', secret: { secretName: 'nope' } }] }), dir, refs), { code: 'CreateContainerConfigError' });
    await assert.rejects(containerMounts({ volumeMounts: [{ name: 'c', mountPath: '/x', subPath: '../../etc' }] }, vols), { code: 'CreateContainerConfigError' });
  });
});

describe('volume refresh', () => {
  it('keeps the directory (it may be bind-mounted already) and drops removed keys', async () => {
    const d = await mkdtemp(join(tmpdir(), 'ep-vol2-'));
    try {
      const p = pod({ volumes: [{ name: 'c', configMap: { name: 'cfg' } }] });
      const first = (await prepareVolumes(p, d, refs)).get('c')!.hostPath;
      const ino = (await stat(first)).ino;
      const changed: KubeObject = { ...cm, data: { 'b.txt': 'B' } };
      await prepareVolumes(p, d, new Map([[refKey('ConfigMap', 'default', 'cfg'), changed]]));
      assert.equal((await stat(first)).ino, ino);
      assert.equal(await readFile(join(first, 'b.txt'), 'utf8'), 'B');
      await assert.rejects(stat(join(first, 'a.txt')));
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  });
});

describe('limits', () => {
  it('memory in bytes, cpu in millicores', () => {
    assert.deepEqual(limits({ resources: { limits: { memory: '64Mi', cpu: '250m' } } }), { memoryLimitBytes: 64 * 1024 * 1024, cpuLimitMillis: 250 });
    assert.deepEqual(limits({ resources: { limits: { cpu: '1' } } }), { cpuLimitMillis: 1000 });
    assert.deepEqual(limits({}), {});
  });
});
