// Platform-aware placement end to end: the scheduler (on a real store) asks a
// real registry (docker-registry on loopback) for the image's platforms and
// keeps amd64-only images off arm64 nodes.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KINDS } from '../../../shared/api/kinds.js';
import type { KubeObject } from '../../../shared/api/object.js';
import { openJsonStore } from '../../../server/store/index.js';
import { Registry } from '../../../server/registry/registry.js';
import { ensureSystemNamespaces } from '../../../server/bootstrap.js';
import { ImagePlatformResolver } from '../../../server/scheduler/image-platforms.js';
import { Scheduler } from '../../../server/scheduler/scheduler.js';
import { pushImage, pushIndex, startTestRegistry, type TestRegistry } from '../../helpers/registry.js';
import { waitFor } from '../broker/fixture.js';

const NODE = KINDS.find((k) => k.kind === 'Node')!;
const POD = KINDS.find((k) => k.kind === 'Pod')!;

function nodeBody(name: string, arch: string) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/arch': arch, 'kubernetes.io/os': 'linux' } },
    status: { allocatable: { cpu: '4', memory: '4Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

describe('scheduling by image platform (real registry)', () => {
  let reg: TestRegistry;
  let dir: string;
  let registry: Registry;
  let close: () => Promise<void>;
  let scheduler: Scheduler;
  before(async () => {
    reg = await startTestRegistry();
    await pushImage(reg, 'edge/x86-only', 'linux', 'amd64', 'v1');
    await pushIndex(reg, 'edge/multi', 'v1', [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64' },
    ]);
    await pushImage(reg, 'edge/riscv', 'linux', 'riscv64', 'v1');
    dir = await mkdtemp(join(tmpdir(), 'edgeplane-sched-platform-'));
    const store = await openJsonStore({ dataDir: dir });
    close = () => store.close();
    registry = new Registry(store);
    await ensureSystemNamespaces(registry);
    for (const [n, a] of [
      ['arm-1', 'arm64'],
      ['arm-2', 'arm64'],
      ['amd-1', 'amd64'],
    ]) {
      await registry.create(NODE, '', nodeBody(n, a));
    }
    scheduler = new Scheduler(registry, { resolver: new ImagePlatformResolver(), platformBudgetMs: 5000 });
    await scheduler.start();
  });
  after(async () => {
    scheduler?.stop();
    await close?.();
    await rm(dir, { recursive: true, force: true });
    await reg?.dispose();
  });

  const create = (name: string, image: string) =>
    registry.create(POD, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image }] } });
  const nodeOf = (name: string) =>
    waitFor(async () => (await registry.get(POD, 'default', name)).spec?.nodeName as string | undefined, `${name} bound`);

  it('an amd64-only image goes to the amd64 node only', async () => {
    for (let i = 0; i < 4; i++) await create(`x86-${i}`, `${reg.host}/edge/x86-only:v1`);
    for (let i = 0; i < 4; i++) assert.equal(await nodeOf(`x86-${i}`), 'amd-1');
  });

  it('a multi-arch image may go anywhere', async () => {
    for (let i = 0; i < 6; i++) await create(`multi-${i}`, `${reg.host}/edge/multi:v1`);
    const nodes = new Set<string>();
    for (let i = 0; i < 6; i++) nodes.add((await nodeOf(`multi-${i}`))!);
    assert.ok(nodes.has('arm-1') || nodes.has('arm-2'), [...nodes].join());
  });

  it('an image for no node architecture is unschedulable, with the reason', async () => {
    await create('riscv', `${reg.host}/edge/riscv:v1`);
    const p = (await waitFor(async () => {
      const p = await registry.get(POD, 'default', 'riscv');
      return p.status?.conditions?.some((c: any) => c.type === 'PodScheduled' && c.status === 'False') ? p : undefined;
    }, 'riscv unschedulable')) as KubeObject;
    const c = p.status.conditions.find((c: any) => c.type === 'PodScheduled');
    assert.equal(c.message, "0/3 nodes are available: 3 node(s) didn't match the platforms (os/arch) of the pod's images.");
  });

  it('an image whose registry cannot answer is placed anyway (unknown = allowed)', async () => {
    await create('unknown', `${reg.host}/edge/does-not-exist:v1`);
    assert.ok(await nodeOf('unknown'));
  });
});
