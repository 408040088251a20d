// The pods/binding subresource through the HTTP API (a real server process):
// binding sets spec.nodeName and PodScheduled=True in one write; errors are
// Kubernetes Status objects.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer, type ServerHandle } from '../../helpers/server.js';

const PODS = '/api/v1/namespaces/default/pods';

describe('pods/binding subresource', () => {
  let s: ServerHandle;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.dispose();
  });

  async function pod(name: string) {
    // another scheduler's pod: the built-in scheduler leaves it alone
    const r = await api(s, 'POST', PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { schedulerName: 'by-hand', containers: [{ name: 'c', image: 'busybox:1.36' }] },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  }

  const binding = (name: string, node: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name, ...extra },
    target: { apiVersion: 'v1', kind: 'Node', name: node },
  });

  it('binds: 201 Success, nodeName and PodScheduled=True set together', async () => {
    const created = await pod('b1');
    const r = await api(s, 'POST', `${PODS}/b1/binding`, binding('b1', 'node-1'));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual({ kind: r.body.kind, status: r.body.status, code: r.body.code }, { kind: 'Status', status: 'Success', code: 201 });
    const got = (await api(s, 'GET', `${PODS}/b1`)).body;
    assert.equal(got.spec.nodeName, 'node-1');
    const cond = got.status.conditions.find((c: any) => c.type === 'PodScheduled');
    assert.equal(cond.status, 'True');
    assert.ok(cond.lastTransitionTime);
    assert.equal(Number(got.metadata.resourceVersion) > Number(created.metadata.resourceVersion), true);
  });

  it('409 Conflict when the pod is already bound', async () => {
    const r = await api(s, 'POST', `${PODS}/b1/binding`, binding('b1', 'node-2'));
    assert.equal(r.status, 409);
    assert.equal(r.body.kind, 'Status');
    assert.equal(r.body.reason, 'Conflict');
    assert.equal(r.body.message, 'Operation cannot be fulfilled on pods/binding "b1": pod b1 is already assigned to node "node-1"');
    assert.equal((await api(s, 'GET', `${PODS}/b1`)).body.spec.nodeName, 'node-1');
  });

  it('409 Conflict on a UID precondition mismatch', async () => {
    await pod('b2');
    const r = await api(s, 'POST', `${PODS}/b2/binding`, binding('b2', 'node-1', { uid: 'not-the-uid' }));
    assert.equal(r.status, 409);
    assert.match(r.body.message, /Precondition failed: UID in precondition: not-the-uid/);
  });

  it('404 NotFound for a missing pod', async () => {
    const r = await api(s, 'POST', `${PODS}/nope/binding`, binding('nope', 'node-1'));
    assert.equal(r.status, 404);
    assert.deepEqual({ kind: r.body.kind, reason: r.body.reason, message: r.body.message }, { kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found' });
  });

  it('422 Invalid names the field', async () => {
    await pod('b3');
    let r = await api(s, 'POST', `${PODS}/b3/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'b3' }, target: {} });
    assert.equal(r.status, 422);
    assert.equal(r.body.reason, 'Invalid');
    assert.equal(r.body.details.causes[0].field, 'target.name');
    assert.equal(r.body.message, 'Binding "b3" is invalid: target.name: Required value');
    r = await api(s, 'POST', `${PODS}/b3/binding`, { ...binding('b3', 'node-1'), target: { kind: 'Pod', name: 'node-1' } });
    assert.equal(r.status, 422);
    assert.equal(r.body.details.causes[0].field, 'target.kind');
    r = await api(s, 'POST', `${PODS}/b3/binding`, binding('other', 'node-1'));
    assert.equal(r.status, 422);
    assert.equal(r.body.details.causes[0].field, 'metadata.name');
    assert.equal((await api(s, 'GET', `${PODS}/b3`)).body.spec.nodeName, undefined);
  });

  it('400 for a body that is not a Binding; 405 for other methods', async () => {
    let r = await api(s, 'POST', `${PODS}/b3/binding`, '[1]');
    assert.equal(r.status, 400);
    assert.equal(r.body.kind, 'Status');
    r = await api(s, 'GET', `${PODS}/b3/binding`);
    assert.equal(r.status, 405);
    assert.equal(r.body.reason, 'MethodNotAllowed');
  });

  it('viewers may not bind; discovery lists pods/binding', async () => {
    const r = await api(s, 'POST', `${PODS}/b3/binding`, binding('b3', 'node-1'), { token: s.viewerToken });
    assert.equal(r.status, 403);
    const d = await api(s, 'GET', '/api/v1');
    const entry = d.body.resources.find((x: any) => x.name === 'pods/binding');
    assert.deepEqual(entry, { name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] });
  });
});
