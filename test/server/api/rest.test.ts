// REST conformance against a real server process: paths, verbs, status codes
// and Status bodies, as Kubernetes clients expect them.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer, type ServerHandle } from '../../helpers/server.js';

const deployment = (name: string, image = 'nginx:1.25') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
  },
});

const configMap = (name: string, data: Record<string, string> = { a: '1' }, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
});

describe('REST API', () => {
  let s: ServerHandle;
  before(async () => {
    // API semantics only: no workload controller writing the Deployments under test
    s = await startServer({ extraArgs: ['--controllers', '*,-deployment,-replicaset'] });
  });
  after(async () => {
    await s.dispose();
  });

  it('serves discovery documents', async () => {
    const apiDoc = await api(s, 'GET', '/api');
    assert.equal(apiDoc.status, 200);
    assert.deepEqual(apiDoc.body.versions, ['v1']);
    const v1 = await api(s, 'GET', '/api/v1');
    const names = v1.body.resources.map((r: any) => r.name);
    for (const r of ['pods', 'pods/status', 'nodes', 'services', 'endpoints', 'configmaps', 'secrets', 'events', 'namespaces']) {
      assert.ok(names.includes(r), `missing ${r}`);
    }
    const pods = v1.body.resources.find((r: any) => r.name === 'pods');
    assert.equal(pods.kind, 'Pod');
    assert.equal(pods.namespaced, true);
    assert.deepEqual(pods.shortNames, ['po']);
    const apis = await api(s, 'GET', '/apis');
    assert.equal(apis.body.groups[0].name, 'apps');
    const apps = await api(s, 'GET', '/apis/apps/v1');
    assert.ok(apps.body.resources.some((r: any) => r.name === 'deployments' && r.kind === 'Deployment'));
    const ver = await api(s, 'GET', '/version', undefined, { token: null });
    assert.equal(ver.status, 200);
    assert.match(ver.body.gitVersion, /^v1\.\d+\.\d+/);
    for (const p of ['/healthz', '/readyz', '/livez']) {
      assert.equal((await api(s, 'GET', p, undefined, { token: null })).status, 200, p);
    }
  });

  it('serves OpenAPI v3 with fieldValidation on PATCH, and v2', async () => {
    const idx = await api(s, 'GET', '/openapi/v3');
    assert.ok(idx.body.paths['api/v1'].serverRelativeURL.startsWith('/openapi/v3/api/v1?hash='));
    const doc = await api(s, 'GET', idx.body.paths['apis/apps/v1'].serverRelativeURL);
    assert.equal(doc.status, 200);
    const patch = doc.body.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    assert.ok(patch.parameters.some((p: any) => p.name === 'fieldValidation'));
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
    const v2 = await api(s, 'GET', '/openapi/v2');
    assert.equal(v2.body.swagger, '2.0');
  });

  it('creates, reads, lists, updates and deletes with Kubernetes semantics', async () => {
    const created = await api(s, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const d = created.body;
    assert.equal(d.metadata.namespace, 'default');
    assert.match(d.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.ok(d.metadata.creationTimestamp);
    assert.equal(d.metadata.generation, 1);
    assert.ok(Number(d.metadata.resourceVersion) > 0);
    // defaults
    assert.equal(d.spec.strategy.type, 'RollingUpdate');
    assert.equal(d.spec.revisionHistoryLimit, 10);
    assert.equal(d.spec.template.spec.restartPolicy, 'Always');

    const dup = await api(s, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'));
    assert.equal(dup.status, 409);
    assert.equal(dup.body.kind, 'Status');
    assert.equal(dup.body.reason, 'AlreadyExists');
    assert.equal(dup.body.message, 'deployments.apps "web" already exists');

    const got = await api(s, 'GET', '/apis/apps/v1/namespaces/default/deployments/web');
    assert.deepEqual(got.body, d);

    const list = await api(s, 'GET', '/apis/apps/v1/namespaces/default/deployments');
    assert.equal(list.body.kind, 'DeploymentList');
    assert.equal(list.body.items.length, 1);
    assert.ok(Number(list.body.metadata.resourceVersion) >= Number(d.metadata.resourceVersion));
    const all = await api(s, 'GET', '/apis/apps/v1/deployments');
    assert.equal(all.body.items.length, 1);

    // update with the current resourceVersion: generation bumps on spec change
    const next = structuredClone(d);
    next.spec.replicas = 3;
    const upd = await api(s, 'PUT', '/apis/apps/v1/namespaces/default/deployments/web', next);
    assert.equal(upd.status, 200, JSON.stringify(upd.body));
    assert.equal(upd.body.metadata.generation, 2);
    assert.notEqual(upd.body.metadata.resourceVersion, d.metadata.resourceVersion);
    // stale resourceVersion → 409 Conflict
    const stale = await api(s, 'PUT', '/apis/apps/v1/namespaces/default/deployments/web', next);
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, 'Conflict');
    // a no-op update writes nothing and keeps the resourceVersion
    const same = await api(s, 'PUT', '/apis/apps/v1/namespaces/default/deployments/web', upd.body);
    assert.equal(same.status, 200);
    assert.equal(same.body.metadata.resourceVersion, upd.body.metadata.resourceVersion);

    const del = await api(s, 'DELETE', '/apis/apps/v1/namespaces/default/deployments/web');
    assert.equal(del.status, 200);
    const gone = await api(s, 'GET', '/apis/apps/v1/namespaces/default/deployments/web');
    assert.equal(gone.status, 404);
    assert.equal(gone.body.reason, 'NotFound');
    assert.equal(gone.body.message, 'deployments.apps "web" not found');
  });

  it('rejects unknown fields with the field path, and invalid values with causes', async () => {
    const bad = deployment('strict') as any;
    bad.spec.template.spec.containers[0].imagee = 'x';
    const r = await api(s, 'POST', '/apis/apps/v1/namespaces/default/deployments', bad);
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, 'BadRequest');
    assert.match(r.body.message, /unknown field "spec\.template\.spec\.containers\[0\]\.imagee"/);

    // Ignore prunes, Warn prunes and warns
    const ignored = await api(s, 'POST', '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Warn', bad);
    assert.equal(ignored.status, 201);
    assert.match(String(ignored.headers.warning ?? ''), /unknown field/);
    assert.equal(ignored.body.spec.template.spec.containers[0].imagee, undefined);

    const invalid = configMap('Bad_Name');
    const r2 = await api(s, 'POST', '/api/v1/namespaces/default/configmaps', invalid);
    assert.equal(r2.status, 422);
    assert.equal(r2.body.reason, 'Invalid');
    assert.equal(r2.body.details.causes[0].field, 'metadata.name');

    const neg = deployment('neg') as any;
    neg.spec.replicas = -1;
    const r3 = await api(s, 'POST', '/apis/apps/v1/namespaces/default/deployments', neg);
    assert.equal(r3.status, 422);
    assert.ok(r3.body.details.causes.some((c: any) => c.field === 'spec.replicas'));
  });

  it('answers malformed requests with Status objects', async () => {
    const notJson = await api(s, 'POST', '/api/v1/namespaces/default/configmaps', '{not json');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.kind, 'Status');
    const wrongKind = await api(s, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } });
    assert.equal(wrongKind.status, 400);
    const wrongNs = await api(s, 'POST', '/api/v1/namespaces/default/configmaps', { ...configMap('x'), metadata: { name: 'x', namespace: 'other' } });
    assert.equal(wrongNs.status, 400);
    const noNs = await api(s, 'POST', '/api/v1/namespaces/nope/configmaps', configMap('x'));
    assert.equal(noNs.status, 404);
    assert.equal(noNs.body.message, 'namespaces "nope" not found');
    const unknownPath = await api(s, 'GET', '/api/v1/widgets');
    assert.equal(unknownPath.status, 404);
    assert.equal(unknownPath.body.kind, 'Status');
    const big = configMap('big', { a: 'x'.repeat(4 * 1024 * 1024) });
    const tooBig = await api(s, 'POST', '/api/v1/namespaces/default/configmaps', big);
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.reason, 'RequestEntityTooLarge');
    const ssa = await api(s, 'PATCH', '/api/v1/namespaces/default/configmaps/x', '{}', { contentType: 'application/apply-patch+yaml' });
    assert.equal(ssa.status, 415);
  });

  it('supports generateName, label and field selectors, limit/continue', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await api(s, 'POST', '/api/v1/namespaces/default/configmaps', configMap(`sel-${i}`, { i: String(i) }, { tier: i % 2 ? 'odd' : 'even', n: String(i) }));
      assert.equal(r.status, 201);
    }
    const gen = await api(s, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } });
    assert.equal(gen.status, 201);
    assert.match(gen.body.metadata.name, /^gen-[a-z0-9]{5}$/);

    const odd = await api(s, 'GET', '/api/v1/namespaces/default/configmaps?labelSelector=' + encodeURIComponent('tier=odd'));
    assert.deepEqual(odd.body.items.map((o: any) => o.metadata.name), ['sel-1', 'sel-3']);
    const setSel = await api(s, 'GET', '/api/v1/namespaces/default/configmaps?labelSelector=' + encodeURIComponent('n in (0,4),tier!=odd'));
    assert.deepEqual(setSel.body.items.map((o: any) => o.metadata.name), ['sel-0', 'sel-4']);
    const byName = await api(s, 'GET', '/api/v1/configmaps?fieldSelector=' + encodeURIComponent('metadata.name=sel-2,metadata.namespace=default'));
    assert.deepEqual(byName.body.items.map((o: any) => o.metadata.name), ['sel-2']);
    const badSel = await api(s, 'GET', '/api/v1/configmaps?labelSelector=' + encodeURIComponent('a in (b'));
    assert.equal(badSel.status, 400);
    const badField = await api(s, 'GET', '/api/v1/configmaps?fieldSelector=spec.nope=1');
    assert.equal(badField.status, 400);

    const page1 = await api(s, 'GET', '/api/v1/namespaces/default/configmaps?labelSelector=tier&limit=2');
    assert.equal(page1.body.items.length, 2);
    assert.ok(page1.body.metadata.continue);
    assert.equal(page1.body.metadata.remainingItemCount, 3);
    const page2 = await api(s, 'GET', `/api/v1/namespaces/default/configmaps?labelSelector=tier&limit=2&continue=${page1.body.metadata.continue}`);
    const page3 = await api(s, 'GET', `/api/v1/namespaces/default/configmaps?labelSelector=tier&limit=2&continue=${page2.body.metadata.continue}`);
    assert.deepEqual(
      [...page1.body.items, ...page2.body.items, ...page3.body.items].map((o: any) => o.metadata.name),
      ['sel-0', 'sel-1', 'sel-2', 'sel-3', 'sel-4'],
    );
    assert.equal(page3.body.metadata.continue, undefined);
  });

  it('applies merge, JSON and strategic merge patches', async () => {
    await api(s, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('patchme'));
    const path = '/apis/apps/v1/namespaces/default/deployments/patchme';
    const merge = await api(s, 'PATCH', path, { metadata: { labels: { extra: 'yes' } }, spec: { replicas: 5 } }, { contentType: 'application/merge-patch+json' });
    assert.equal(merge.status, 200, JSON.stringify(merge.body));
    assert.equal(merge.body.spec.replicas, 5);
    assert.equal(merge.body.metadata.labels.extra, 'yes');
    const json = await api(s, 'PATCH', path, [{ op: 'replace', path: '/spec/replicas', value: 1 }], { contentType: 'application/json-patch+json' });
    assert.equal(json.body.spec.replicas, 1);
    const failedTest = await api(s, 'PATCH', path, [{ op: 'test', path: '/spec/replicas', value: 9 }], { contentType: 'application/json-patch+json' });
    assert.equal(failedTest.status, 400);
    // what `kubectl set image deployment/patchme web=nginx:1.27` sends
    const smp = await api(
      s,
      'PATCH',
      path,
      { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ name: 'web', image: 'nginx:1.27' }] } } } },
      { contentType: 'application/strategic-merge-patch+json' },
    );
    assert.equal(smp.status, 200, JSON.stringify(smp.body));
    assert.equal(smp.body.spec.template.spec.containers[0].image, 'nginx:1.27');
    assert.equal(smp.body.spec.template.spec.containers[0].name, 'web');
    assert.equal(smp.body.metadata.generation, 4);
    const invalid = await api(s, 'PATCH', path, { spec: { replicas: -3 } }, { contentType: 'application/merge-patch+json' });
    assert.equal(invalid.status, 422);
  });

  it('keeps status for the status subresource', async () => {
    await api(s, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('st'));
    const path = '/apis/apps/v1/namespaces/default/deployments/st';
    const withStatus = (await api(s, 'GET', path)).body;
    withStatus.status = { replicas: 2, readyReplicas: 1, observedGeneration: 1 };
    const st = await api(s, 'PUT', path + '/status', withStatus);
    assert.equal(st.status, 200, JSON.stringify(st.body));
    assert.equal(st.body.status.readyReplicas, 1);
    // status on the main resource is ignored
    const main = structuredClone(st.body);
    main.status.readyReplicas = 99;
    main.spec.replicas = 4;
    const upd = await api(s, 'PUT', path, main);
    assert.equal(upd.body.status.readyReplicas, 1);
    assert.equal(upd.body.spec.replicas, 4);
    // spec on the status subresource is ignored
    const st2 = structuredClone(upd.body);
    st2.spec.replicas = 7;
    st2.status.readyReplicas = 2;
    const upd2 = await api(s, 'PUT', path + '/status', st2);
    assert.equal(upd2.body.spec.replicas, 4);
    assert.equal(upd2.body.status.readyReplicas, 2);
    // merge patch on status
    const p = await api(s, 'PATCH', path + '/status', { status: { availableReplicas: 2 } }, { contentType: 'application/merge-patch+json' });
    assert.equal(p.body.status.availableReplicas, 2);
  });

  it('honours finalizers and propagationPolicy on delete', async () => {
    const cm = configMap('fin');
    (cm.metadata as any).finalizers = ['example.com/keep'];
    await api(s, 'POST', '/api/v1/namespaces/default/configmaps', cm);
    const path = '/api/v1/namespaces/default/configmaps/fin';
    const del = await api(s, 'DELETE', path);
    assert.equal(del.status, 202);
    assert.ok(del.body.metadata.deletionTimestamp);
    const still = await api(s, 'GET', path);
    assert.equal(still.status, 200);
    // removing the last finalizer completes the deletion
    const fin = await api(s, 'PATCH', path, { metadata: { finalizers: null } }, { contentType: 'application/merge-patch+json' });
    assert.equal(fin.status, 200, JSON.stringify(fin.body));
    assert.equal((await api(s, 'GET', path)).status, 404);

    await api(s, 'POST', '/api/v1/namespaces/default/configmaps', configMap('orph'));
    const orphan = await api(s, 'DELETE', '/api/v1/namespaces/default/configmaps/orph', { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan' });
    assert.equal(orphan.status, 202);
    assert.deepEqual(orphan.body.metadata.finalizers, ['orphan']);
    const badPolicy = await api(s, 'DELETE', '/api/v1/namespaces/default/configmaps/orph?propagationPolicy=Sometimes');
    assert.equal(badPolicy.status, 400);
    const pre = await api(s, 'DELETE', '/api/v1/namespaces/default/configmaps/sel-0', { preconditions: { resourceVersion: '1' } });
    assert.equal(pre.status, 409);
  });

  it('supports dryRun=All without writing', async () => {
    const r = await api(s, 'POST', '/api/v1/namespaces/default/configmaps?dryRun=All', configMap('dry'));
    assert.equal(r.status, 201);
    assert.equal((await api(s, 'GET', '/api/v1/namespaces/default/configmaps/dry')).status, 404);
  });

  it('renders Tables for server-side printing', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const t = await api(s, 'GET', '/apis/apps/v1/namespaces/default/deployments', undefined, { accept });
    assert.equal(t.body.kind, 'Table');
    assert.equal(t.body.apiVersion, 'meta.k8s.io/v1');
    assert.equal(t.body.columnDefinitions[0].name, 'Name');
    assert.ok(t.body.rows.length > 0);
    assert.ok(t.body.metadata.resourceVersion);
    const one = await api(s, 'GET', '/apis/apps/v1/namespaces/default/deployments/st?includeObject=Object', undefined, { accept });
    assert.equal(one.body.rows.length, 1);
    assert.equal(one.body.rows[0].object.kind, 'Deployment');
    const proto = await api(s, 'GET', '/api/v1/pods', undefined, { accept: 'application/vnd.kubernetes.protobuf' });
    assert.equal(proto.status, 406);
  });

  it('covers cluster-scoped kinds and namespaces', async () => {
    const ns = await api(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    assert.equal(ns.status, 201);
    assert.equal(ns.body.status.phase, 'Active');
    const node = await api(s, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'pi-1', labels: { 'kubernetes.io/arch': 'arm64' } } });
    assert.equal(node.status, 201, JSON.stringify(node.body));
    assert.equal(node.body.metadata.namespace, undefined);
    const nodes = await api(s, 'GET', '/api/v1/nodes?labelSelector=kubernetes.io/arch=arm64');
    assert.equal(nodes.body.items.length, 1);
    const pod = await api(s, 'POST', '/api/v1/namespaces/team-a/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { nodeName: 'pi-1', containers: [{ name: 'c', image: 'busybox' }] },
    });
    assert.equal(pod.status, 201, JSON.stringify(pod.body));
    assert.equal(pod.body.status.phase, 'Pending');
    const onNode = await api(s, 'GET', '/api/v1/pods?fieldSelector=spec.nodeName=pi-1');
    assert.equal(onNode.body.items.length, 1);
    const pending = await api(s, 'GET', '/api/v1/pods?fieldSelector=status.phase!=Running');
    assert.equal(pending.body.items.length, 1);
  });
});
