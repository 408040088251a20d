// ?watch=true streams against a real server: ordering, resourceVersion resume,
// selectors entering/leaving, 410 Expired, Tables.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api, openLineStream, startServer, type LineStream, type ServerHandle } from '../../helpers/server.js';

async function watch(s: ServerHandle, path: string, accept?: string): Promise<LineStream> {
  const w = await openLineStream(s, path, { accept });
  assert.equal(w.status, 200);
  return w;
}

const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { v: '0' } });

describe('watch', () => {
  let s: ServerHandle;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.dispose();
  });

  it('sends current state then changes in order, resumable by resourceVersion', async () => {
    await api(s, 'POST', '/api/v1/namespaces/default/configmaps', cm('w0'));
    const w = await watch(s, '/api/v1/namespaces/default/configmaps?watch=true');
    const [first] = await w.next();
    assert.equal(first.type, 'ADDED');
    assert.equal(first.object.metadata.name, 'w0');
    const rvs: string[] = [];
    for (let i = 1; i <= 20; i++) {
      const r = await api(s, 'POST', '/api/v1/namespaces/default/configmaps', cm(`w${i}`));
      rvs.push(r.body.metadata.resourceVersion);
    }
    const upd = await api(s, 'PATCH', '/api/v1/namespaces/default/configmaps/w3', { data: { v: '1' } }, { contentType: 'application/merge-patch+json' });
    const del = await api(s, 'DELETE', '/api/v1/namespaces/default/configmaps/w4');
    const evs = await w.next(22);
    assert.deepEqual(evs.slice(0, 20).map((e) => e.object.metadata.resourceVersion), rvs);
    assert.ok(evs.slice(0, 20).every((e) => e.type === 'ADDED'));
    assert.equal(evs[20].type, 'MODIFIED');
    assert.equal(evs[20].object.metadata.resourceVersion, upd.body.metadata.resourceVersion);
    assert.equal(evs[21].type, 'DELETED');
    assert.equal(evs[21].object.metadata.name, 'w4');
    assert.ok(Number(evs[21].object.metadata.resourceVersion) > Number(upd.body.metadata.resourceVersion));
    void del;
    w.close();

    // resume from the 10th create: exactly the later events
    const resumed = await watch(s, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rvs[9]}`);
    const later = await resumed.next(12);
    assert.deepEqual(later.map((e) => e.object.metadata.name), ['w11', 'w12', 'w13', 'w14', 'w15', 'w16', 'w17', 'w18', 'w19', 'w20', 'w3', 'w4']);
    resumed.close();
  });

  it('turns selector enter/leave into ADDED/DELETED', async () => {
    const list = await api(s, 'GET', '/api/v1/namespaces/default/configmaps');
    const w = await watch(s, `/api/v1/namespaces/default/configmaps?watch=true&labelSelector=team%3Dblue&resourceVersion=${list.body.metadata.resourceVersion}`);
    await api(s, 'POST', '/api/v1/namespaces/default/configmaps', cm('blue1', { team: 'blue' }));
    await api(s, 'POST', '/api/v1/namespaces/default/configmaps', cm('red1', { team: 'red' }));
    await api(s, 'PATCH', '/api/v1/namespaces/default/configmaps/blue1', { metadata: { labels: { team: 'red' } } }, { contentType: 'application/merge-patch+json' });
    await api(s, 'PATCH', '/api/v1/namespaces/default/configmaps/red1', { metadata: { labels: { team: 'blue' } } }, { contentType: 'application/merge-patch+json' });
    const evs = await w.next(3);
    assert.deepEqual(evs.map((e) => [e.type, e.object.metadata.name]), [
      ['ADDED', 'blue1'],
      ['DELETED', 'blue1'],
      ['ADDED', 'red1'],
    ]);
    w.close();
  });

  it('answers a compacted resourceVersion with an ERROR event carrying 410 Expired', async () => {
    // after a restart no history is retained: an old resourceVersion is too old
    await s.stop();
    s = await startServer({ dataDir: s.dataDir });
    const w = await watch(s, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2');
    const [ev] = await w.next();
    assert.equal(ev.type, 'ERROR');
    assert.equal(ev.object.kind, 'Status');
    assert.equal(ev.object.code, 410);
    assert.equal(ev.object.reason, 'Expired');
    w.close();
  });

  it('streams Table rows when asked', async () => {
    const list = await api(s, 'GET', '/api/v1/namespaces/default/configmaps');
    const w = await watch(
      s,
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`,
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    );
    await api(s, 'POST', '/api/v1/namespaces/default/configmaps', cm('tbl'));
    const [ev] = await w.next();
    assert.equal(ev.type, 'ADDED');
    assert.equal(ev.object.kind, 'Table');
    assert.equal(ev.object.rows[0].cells[0], 'tbl');
    w.close();
  });

  it('ends the stream after timeoutSeconds', async () => {
    const res = await api(s, 'GET', '/api/v1/namespaces?watch=true&timeoutSeconds=1');
    assert.equal(res.status, 200);
    const lines = String(res.body).split('\n').filter(Boolean);
    assert.ok(lines.length >= 4 && lines.every((l) => JSON.parse(l).type === 'ADDED'));
  });
});
