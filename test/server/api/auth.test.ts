import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { api, startServer, type ServerHandle } from '../../helpers/server.js';

describe('authentication and authorization', () => {
  let s: ServerHandle;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.dispose();
  });

  it('writes admin credentials mode 0600 and never logs tokens', async () => {
    for (const f of ['admin.kubeconfig', 'viewer-token', 'viewer.kubeconfig', 'tokens.json']) {
      const st = await stat(join(s.dataDir, f));
      assert.equal(st.mode & 0o777, 0o600, f);
    }
    const tokens = await readFile(join(s.dataDir, 'tokens.json'), 'utf8');
    assert.ok(!tokens.includes(s.adminToken), 'tokens.json holds digests only');
    assert.ok(!s.output().includes(s.adminToken));
    assert.ok(!s.output().includes(s.viewerToken));
  });

  it('answers 401 without or with a wrong token', async () => {
    for (const token of [null, 'wrong', s.adminToken + 'x']) {
      const r = await api(s, 'GET', '/api/v1/namespaces', undefined, { token });
      assert.equal(r.status, 401);
      assert.equal(r.body.kind, 'Status');
      assert.equal(r.body.reason, 'Unauthorized');
    }
    const malformed = await api(s, 'GET', '/api/v1/pods', undefined, { authorization: 'Basic Zm9vOmJhcg==' });
    assert.equal(malformed.status, 401);
  });

  it('lets the viewer read and watch but not write or read secrets', async () => {
    const read = await api(s, 'GET', '/api/v1/namespaces', undefined, { token: s.viewerToken });
    assert.equal(read.status, 200);
    const write = await api(s, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, { token: s.viewerToken });
    assert.equal(write.status, 403);
    assert.equal(write.body.reason, 'Forbidden');
    assert.match(write.body.message, /User "viewer" cannot create resource "configmaps"/);
    const del = await api(s, 'DELETE', '/api/v1/namespaces/default', undefined, { token: s.viewerToken });
    assert.equal(del.status, 403);
    const secrets = await api(s, 'GET', '/api/v1/namespaces/default/secrets', undefined, { token: s.viewerToken });
    assert.equal(secrets.status, 403);
    const watch = await api(s, 'GET', '/api/v1/namespaces?watch=true&timeoutSeconds=1', undefined, { token: s.viewerToken });
    assert.equal(watch.status, 200);
  });

  it('keeps credentials across restarts', async () => {
    await s.stop();
    const again = await startServer({ dataDir: s.dataDir });
    try {
      assert.equal(again.adminToken, s.adminToken);
      const r = await api(again, 'GET', '/api/v1/namespaces');
      assert.equal(r.status, 200);
    } finally {
      await again.stop();
    }
    s = await startServer({ dataDir: s.dataDir });
  });
});
