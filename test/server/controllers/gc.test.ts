// Garbage collection through the API: background, foreground and orphan
// propagation, and objects whose owners are gone.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api, eventually, startServer, type ServerHandle } from '../../helpers/server.js';

const CM = '/api/v1/namespaces/default/configmaps';

describe('garbage collector', () => {
  let s: ServerHandle;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.dispose();
  });

  async function owner(name: string) {
    const r = await api(s, 'POST', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    assert.equal(r.status, 201);
    return r.body;
  }
  async function dependent(name: string, owners: any[], finalizers?: string[]) {
    const r = await api(s, 'POST', CM, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        finalizers,
        ownerReferences: owners.map((o) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name, uid: o.metadata.uid, blockOwnerDeletion: true })),
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  }
  const exists = async (name: string) => (await api(s, 'GET', `${CM}/${name}`)).status === 200;

  it('background: dependents of a deleted owner are deleted after it', async () => {
    const o = await owner('bg-owner');
    await dependent('bg-a', [o]);
    await dependent('bg-b', [o]);
    assert.equal((await api(s, 'DELETE', `${CM}/bg-owner`)).status, 200);
    await eventually(async () => !(await exists('bg-a')) && !(await exists('bg-b')), 'dependents collected');
  });

  it('foreground: the owner waits for its dependents, which are deleted first', async () => {
    const o = await owner('fg-owner');
    await dependent('fg-a', [o]);
    await dependent('fg-held', [o], ['example.com/hold']);
    const del = await api(s, 'DELETE', `${CM}/fg-owner`, { propagationPolicy: 'Foreground' });
    assert.equal(del.status, 202);
    await eventually(async () => !(await exists('fg-a')), 'unheld dependent deleted');
    // a dependent still finalizing holds the owner
    assert.ok(await exists('fg-owner'));
    const held = await api(s, 'GET', `${CM}/fg-held`);
    assert.ok(held.body.metadata.deletionTimestamp);
    await api(s, 'PATCH', `${CM}/fg-held`, { metadata: { finalizers: null } }, { contentType: 'application/merge-patch+json' });
    await eventually(async () => !(await exists('fg-owner')), 'owner deleted after its dependents');
  });

  it('orphan: dependents stay and lose the reference', async () => {
    const o = await owner('or-owner');
    await dependent('or-a', [o]);
    const del = await api(s, 'DELETE', `${CM}/or-owner?propagationPolicy=Orphan`);
    assert.equal(del.status, 202);
    await eventually(async () => !(await exists('or-owner')), 'owner deleted');
    const a = await api(s, 'GET', `${CM}/or-a`);
    assert.equal(a.status, 200);
    assert.equal(a.body.metadata.ownerReferences, undefined);
  });

  it('an object created with an owner that does not exist is collected; a live co-owner keeps it', async () => {
    await dependent('ghost-dep', [{ metadata: { name: 'never-existed', uid: '00000000-0000-0000-0000-000000000000' } }]);
    await eventually(async () => !(await exists('ghost-dep')), 'orphan collected');
    const live = await owner('co-live');
    await dependent('co-dep', [live, { metadata: { name: 'co-gone', uid: '11111111-1111-1111-1111-111111111111' } }]);
    await eventually(async () => {
      const d = await api(s, 'GET', `${CM}/co-dep`);
      return d.status === 200 && d.body.metadata.ownerReferences?.length === 1;
    }, 'dangling reference dropped');
    const d = await api(s, 'GET', `${CM}/co-dep`);
    assert.equal(d.body.metadata.ownerReferences[0].uid, live.metadata.uid);
  });

  it('kubectl delete --cascade=foreground completes', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const o = await owner('kc-owner');
    await dependent('kc-a', [o]);
    const env = { ...process.env, KUBECONFIG: s.kubeconfig, HOME: s.dataDir };
    const { stdout } = await promisify(execFile)('kubectl', ['delete', 'configmap', 'kc-owner', '--cascade=foreground'], { env, timeout: 60000 });
    assert.match(stdout, /configmap "kc-owner" deleted/);
    assert.ok(!(await exists('kc-owner')));
    assert.ok(!(await exists('kc-a')));
  });
});
