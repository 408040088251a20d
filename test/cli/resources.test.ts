import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveKind } from '../../shared/api/kinds.js';
import { kindRef, resourcePath, resourceRef } from '../../cli/paths.js';
import { parseResourceArgs } from '../../cli/resources.js';

const k = (n: string) => resolveKind(n)!;

test('paths follow the Kubernetes REST layout', () => {
  assert.equal(resourcePath(k('po'), 'default', 'web'), '/api/v1/namespaces/default/pods/web');
  assert.equal(resourcePath(k('pods'), 'default'), '/api/v1/namespaces/default/pods');
  assert.equal(resourcePath(k('pods'), undefined), '/api/v1/pods');
  assert.equal(resourcePath(k('deploy'), 'edge', 'web'), '/apis/apps/v1/namespaces/edge/deployments/web');
  assert.equal(resourcePath(k('nodes'), 'default', 'edge-1'), '/api/v1/nodes/edge-1');
  assert.equal(resourcePath(k('ns'), undefined, 'kube-system'), '/api/v1/namespaces/kube-system');
  assert.equal(resourcePath(k('cm'), 'a b', 'x/y'), '/api/v1/namespaces/a%20b/configmaps/x%2Fy');
});

test('kubectl names for kinds', () => {
  assert.equal(kindRef(k('deployments.apps')), 'deployment.apps');
  assert.equal(kindRef(k('svc')), 'service');
  assert.equal(resourceRef(k('rs')), 'replicasets.apps');
  assert.equal(resourceRef(k('pod')), 'pods');
});

test('TYPE[,TYPE] NAME... arguments', () => {
  const t = parseResourceArgs(['po,deploy', 'a', 'b'], 'get');
  assert.deepEqual(
    t.map((x) => [x.kind.kind, x.names]),
    [
      ['Pod', ['a', 'b']],
      ['Deployment', ['a', 'b']],
    ],
  );
  assert.deepEqual(
    parseResourceArgs(['pods,pod,po'], 'get').map((x) => x.kind.kind),
    ['Pod'],
  );
  assert.deepEqual(
    parseResourceArgs(['all'], 'get').map((x) => x.kind.kind),
    ['Pod', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet'],
  );
});

test('TYPE/NAME arguments, grouped by kind', () => {
  const t = parseResourceArgs(['pod/a', 'deploy/web', 'po/b'], 'get');
  assert.deepEqual(
    t.map((x) => [x.kind.kind, x.names]),
    [
      ['Pod', ['a', 'b']],
      ['Deployment', ['web']],
    ],
  );
  assert.throws(() => parseResourceArgs(['pods', 'pod/a'], 'get'), /no need to specify a resource type as a separate argument/);
  assert.throws(() => parseResourceArgs(['pod/'], 'get'), /must have a single resource and name/);
});

test('unknown types', () => {
  assert.throws(() => parseResourceArgs(['frobs'], 'get'), { message: 'the server doesn\'t have a resource type "frobs"' });
  assert.throws(() => parseResourceArgs(['frob/x'], 'get'), /resource type "frob"/);
});
