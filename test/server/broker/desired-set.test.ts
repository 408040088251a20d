import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planDesiredSets, referencedConfig } from '../../../server/broker/desired-set.js';

const obj = (kind: string, name: string, ns = 'default', rest: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind, metadata: { name, namespace: ns }, ...rest });

test('references from volumes, env, envFrom, projected and pull secrets', () => {
  const pod = obj('Pod', 'p', 'default', {
    spec: {
      volumes: [{ name: 'a', configMap: { name: 'cm-vol' } }, { name: 'b', secret: { secretName: 's-vol' } }, { name: 'c', projected: { sources: [{ configMap: { name: 'cm-proj' } }, { secret: { name: 's-proj' } }] } }],
      initContainers: [{ name: 'i', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's-env', key: 'k' } } }] }],
      containers: [{ name: 'c', envFrom: [{ configMapRef: { name: 'cm-from' } }, { secretRef: { name: 's-from' } }], env: [{ name: 'Y', valueFrom: { configMapKeyRef: { name: 'cm-env', key: 'k' } } }] }],
      imagePullSecrets: [{ name: 's-pull' }],
    },
  });
  const r = referencedConfig(pod as any);
  assert.deepEqual([...r.configMaps].sort(), ['cm-env', 'cm-from', 'cm-proj', 'cm-vol']);
  assert.deepEqual([...r.secrets].sort(), ['s-env', 's-from', 's-proj', 's-pull', 's-vol']);
});

test('sets per node: bound non-terminal pods, same-namespace config only, empty sets for idle nodes', () => {
  const pods = [
    obj('Pod', 'b', 'default', { spec: { nodeName: 'n1', containers: [{ name: 'c', envFrom: [{ secretRef: { name: 's' } }] }] } }),
    obj('Pod', 'a', 'default', { spec: { nodeName: 'n1', containers: [{ name: 'c' }] } }),
    obj('Pod', 'done', 'default', { spec: { nodeName: 'n1', containers: [] }, status: { phase: 'Succeeded' } }),
    obj('Pod', 'unbound', 'default', { spec: { containers: [] } }),
    obj('Pod', 'x', 'other', { spec: { nodeName: 'n2', containers: [{ name: 'c', envFrom: [{ secretRef: { name: 's' } }] }] } }),
  ];
  const secrets = [obj('Secret', 's', 'default')];
  const sets = planDesiredSets(['n1', 'n3'], pods as any, [], secrets as any);
  assert.deepEqual(sets.get('n1')!.pods.map((p) => p.metadata.name), ['a', 'b']);
  assert.equal(sets.get('n1')!.secrets.length, 1);
  assert.equal(sets.get('n2')!.secrets.length, 0, 'a secret of another namespace is not shipped');
  assert.deepEqual(sets.get('n3')!.pods, []);
});
