// Deleting a Namespace deletes its contents first (namespace controller), and
// waits for objects that carry their own finalizers.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api, eventually, startServer, type ServerHandle } from '../../helpers/server.js';

describe('namespace lifecycle', () => {
  let s: ServerHandle;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.dispose();
  });

  it('a new namespace carries the kubernetes finalizer', async () => {
    const ns = await api(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fin-check' } });
    assert.deepEqual(ns.body.spec.finalizers, ['kubernetes']);
    // the main resource cannot drop it
    const upd = await api(s, 'PATCH', '/api/v1/namespaces/fin-check', { spec: { finalizers: [] } }, { contentType: 'application/merge-patch+json' });
    assert.deepEqual(upd.body.spec.finalizers, ['kubernetes']);
  });

  it('empties a deleted namespace, then removes it', async () => {
    await api(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    await api(s, 'POST', '/api/v1/namespaces/doomed/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    await api(s, 'POST', '/api/v1/namespaces/doomed/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' }, stringData: { k: 'v' } });
    const held = await api(s, 'POST', '/api/v1/namespaces/doomed/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'held', finalizers: ['example.com/hold'] },
    });
    assert.equal(held.status, 201);
    await api(s, 'POST', '/apis/apps/v1/namespaces/doomed/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    });

    const del = await api(s, 'DELETE', '/api/v1/namespaces/doomed');
    assert.equal(del.status, 202);
    assert.equal(del.body.status.phase, 'Terminating');
    // no new content while terminating
    const late = await api(s, 'POST', '/api/v1/namespaces/doomed/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } });
    assert.equal(late.status, 403);

    // the controller deletes kind by kind: wait for the last of them too
    await eventually(async () => (await api(s, 'GET', '/api/v1/namespaces/doomed/secrets/b')).status === 404, 'secrets deleted');
    await eventually(async () => (await api(s, 'GET', '/apis/apps/v1/namespaces/doomed/deployments/web')).status === 404, 'deployments deleted');
    assert.equal((await api(s, 'GET', '/api/v1/namespaces/doomed/configmaps/a')).status, 404);
    // the object with a finalizer holds the namespace
    const h = await api(s, 'GET', '/api/v1/namespaces/doomed/configmaps/held');
    assert.ok(h.body.metadata.deletionTimestamp);
    assert.equal((await api(s, 'GET', '/api/v1/namespaces/doomed')).status, 200);

    await api(s, 'PATCH', '/api/v1/namespaces/doomed/configmaps/held', { metadata: { finalizers: null } }, { contentType: 'application/merge-patch+json' });
    await eventually(async () => (await api(s, 'GET', '/api/v1/namespaces/doomed')).status === 404, 'namespace removed');
  });
});
