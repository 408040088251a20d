import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAST_APPLIED_ANNOTATION, lastApplied, sortKeys, threeWayMergePatch, withLastApplied } from '../../cli/merge-patch.js';

test('a field removed from the config since the last apply is deleted', () => {
  const original = { spec: { replicas: 2, paused: false } };
  const modified = { spec: { replicas: 2 } };
  const current = { spec: { replicas: 2, paused: false, progressDeadlineSeconds: 600 }, status: { ready: 2 } };
  assert.deepEqual(threeWayMergePatch(original, modified, current), { spec: { paused: null } });
});

test('fields set by others (status, defaults) are kept', () => {
  const cfg = { metadata: { name: 'a', labels: { app: 'a' } }, spec: { replicas: 1 } };
  const live = {
    metadata: { name: 'a', labels: { app: 'a' }, uid: 'u', resourceVersion: '5', annotations: { other: 'x' } },
    spec: { replicas: 1, revisionHistoryLimit: 10 },
    status: { replicas: 1 },
  };
  assert.deepEqual(threeWayMergePatch(cfg, cfg, live), {});
});

test('changes made by others to fields in the config are reverted to the config', () => {
  const cfg = { spec: { replicas: 3 } };
  assert.deepEqual(threeWayMergePatch(cfg, cfg, { spec: { replicas: 5 } }), { spec: { replicas: 3 } });
});

test('additions and changes in the config are sent, lists replaced whole', () => {
  const original = { spec: { ports: [{ port: 80 }] } };
  const modified = { spec: { ports: [{ port: 80 }, { port: 443 }], type: 'NodePort' } };
  const current = { spec: { ports: [{ port: 80, protocol: 'TCP' }], type: 'ClusterIP', clusterIP: '10.43.0.5' } };
  assert.deepEqual(threeWayMergePatch(original, modified, current), {
    spec: { ports: [{ port: 80 }, { port: 443 }], type: 'NodePort' },
  });
});

test('a list applied unchanged that only gained server defaults is unchanged', () => {
  const cfg = { spec: { containers: [{ name: 'web', image: 'nginx' }] } };
  const live = { spec: { containers: [{ name: 'web', image: 'nginx', imagePullPolicy: 'IfNotPresent' }] } };
  assert.deepEqual(threeWayMergePatch(cfg, cfg, live), {});
});

test('a list item field removed from the config is sent (the list is replaced)', () => {
  const original = { spec: { containers: [{ name: 'web', image: 'nginx', args: ['-v'] }] } };
  const modified = { spec: { containers: [{ name: 'web', image: 'nginx' }] } };
  const live = { spec: { containers: [{ name: 'web', image: 'nginx', args: ['-v'], imagePullPolicy: 'Always' }] } };
  assert.deepEqual(threeWayMergePatch(original, modified, live), modified);
});

test('a list changed by someone else is restored even if the config did not change', () => {
  const cfg = { spec: { containers: [{ name: 'web', image: 'nginx' }] } };
  const live = { spec: { containers: [{ name: 'web', image: 'httpd', imagePullPolicy: 'IfNotPresent' }] } };
  assert.deepEqual(threeWayMergePatch(cfg, cfg, live), cfg);
});

test('without a last-applied config nothing is deleted', () => {
  const modified = { data: { a: '1' } };
  const current = { data: { a: '1', b: '2' } };
  assert.deepEqual(threeWayMergePatch(undefined, modified, current), {});
});

test('a removed nested map is deleted whole; type changes replace', () => {
  const original = { spec: { selector: { app: 'a' }, x: { y: 1 } } };
  const modified = { spec: { x: 'flat' } };
  const current = { spec: { selector: { app: 'a' }, x: { y: 1 } } };
  assert.deepEqual(threeWayMergePatch(original, modified, current), { spec: { selector: null, x: 'flat' } });
});

test('explicitly empty maps are values; nulls in the config are not sent as additions', () => {
  const modified = { spec: { volumes: [{ name: 'd', emptyDir: {} }], opts: {}, gone: null } };
  assert.deepEqual(threeWayMergePatch(undefined, modified, { spec: {} }), { spec: { volumes: [{ name: 'd', emptyDir: {} }], opts: {} } });
});

test('last-applied annotation: the config without itself, sorted keys, trailing newline, like kubectl', () => {
  const cfg = {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { name: 'c', annotations: { [LAST_APPLIED_ANNOTATION]: 'stale', note: 'hi' } },
    data: { b: '2', a: '1' },
  };
  const out = withLastApplied(cfg);
  assert.equal(
    out.metadata.annotations[LAST_APPLIED_ANNOTATION],
    '{"apiVersion":"v1","data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"annotations":{"note":"hi"},"name":"c"}}\n',
  );
  assert.equal(out.metadata.annotations.note, 'hi');
  assert.deepEqual(lastApplied(out), sortKeys({ ...cfg, metadata: { name: 'c', annotations: { note: 'hi' } } }));
  // the input is not modified
  assert.equal(cfg.metadata.annotations[LAST_APPLIED_ANNOTATION], 'stale');
});

test('last-applied like kubectl writes it: an empty annotations map stays, Go\'s JSON escaping', () => {
  const out = withLastApplied({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', labels: { a: '<&>' } } });
  assert.equal(
    out.metadata.annotations[LAST_APPLIED_ANNOTATION],
    '{"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{},"labels":{"a":"\\u003c\\u0026\\u003e"},"name":"x"}}\n',
  );
  assert.equal(lastApplied({ metadata: { annotations: { [LAST_APPLIED_ANNOTATION]: 'not json' } } }), undefined);
  assert.equal(lastApplied({ metadata: {} }), undefined);
});

test('re-applying the same config against the object it produced is unchanged', () => {
  const cfg = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  };
  const modified = withLastApplied(cfg);
  const live = structuredClone(modified) as any;
  live.metadata.uid = 'u1';
  live.metadata.annotations['deployment.kubernetes.io/revision'] = '1';
  live.spec.template.spec.containers[0].terminationMessagePath = '/dev/termination-log';
  live.status = { replicas: 2 };
  assert.deepEqual(threeWayMergePatch(lastApplied(live), withLastApplied(cfg), live), {});
  const changed = { ...cfg, spec: { ...cfg.spec, replicas: 3 } };
  const patch = threeWayMergePatch(lastApplied(live), withLastApplied(changed), live) as any;
  assert.equal(patch.spec.replicas, 3);
  assert.ok(patch.metadata.annotations[LAST_APPLIED_ANNOTATION].includes('"replicas":3'));
});
