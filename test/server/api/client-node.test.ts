// The official JavaScript client (@kubernetes/client-node) against our server.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startServer, type ServerHandle } from '../../helpers/server.js';

describe('@kubernetes/client-node', () => {
  let s: ServerHandle;
  let kc: k8s.KubeConfig;
  before(async () => {
    // API semantics only: no workload controller writing the Deployments under test
    s = await startServer({ extraArgs: ['--controllers', '*,-deployment,-replicaset'] });
    kc = new k8s.KubeConfig();
    kc.loadFromFile(s.kubeconfig);
  });
  after(async () => {
    await s.dispose();
  });

  it('creates, reads, lists, patches and deletes', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const cm = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'c1' }, data: { a: '1' } } });
    assert.equal(cm.metadata?.name, 'c1');
    const got = await core.readNamespacedConfigMap({ name: 'c1', namespace: 'default' });
    assert.equal(got.data?.a, '1');
    const d = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
        },
      },
    });
    assert.equal(d.spec?.replicas, 1);
    const list = await apps.listNamespacedDeployment({ namespace: 'default' });
    assert.equal(list.items.length, 1);
    const patched = await apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'default', body: { spec: { replicas: 4 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    assert.equal(patched.spec?.replicas, 4);
    await assert.rejects(core.readNamespacedConfigMap({ name: 'missing', namespace: 'default' }), (err: any) => {
      assert.equal(err.code, 404);
      return true;
    });
    await core.deleteNamespacedConfigMap({ name: 'c1', namespace: 'default' });
    const after = await core.listNamespacedConfigMap({ namespace: 'default' });
    assert.equal(after.items.length, 0);
  });

  it('watches with the client Watch helper', async () => {
    const watch = new k8s.Watch(kc);
    const seen: string[] = [];
    let done!: () => void;
    const got = new Promise<void>((r) => (done = r));
    const req = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      {},
      (type, obj) => {
        seen.push(`${type}:${obj.metadata.name}`);
        if (seen.includes('ADDED:w2')) done();
      },
      () => undefined,
    );
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'w2' } } });
    await got;
    req.abort();
    assert.ok(seen.includes('ADDED:w2'));
  });

  it('uses a list-then-watch informer', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces', () => core.listNamespace());
    const names = new Set<string>();
    let done!: () => void;
    const got = new Promise<void>((r) => (done = r));
    informer.on('add', (o) => {
      names.add(o.metadata!.name!);
      if (names.has('informed')) done();
    });
    await informer.start();
    await core.createNamespace({ body: { metadata: { name: 'informed' } } });
    await got;
    await informer.stop();
    assert.ok(names.has('default'));
  });
});
