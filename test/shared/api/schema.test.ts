import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../../shared/api/kinds.js';
import { definitions, openApiDefinitions, schemaForKind } from '../../../shared/api/schema/index.js';
import { pruneUnknownFields } from '../../../shared/api/validate.js';
import { deepFreeze, fullPod } from './fixtures.js';

type S = Record<string, unknown>;

function walk(s: unknown, visit: (s: S) => void): void {
  if (Array.isArray(s)) return s.forEach((x) => walk(x, visit));
  if (!s || typeof s !== 'object') return;
  visit(s as S);
  for (const v of Object.values(s)) walk(v, visit);
}

describe('schemas', () => {
  it('exist for every served kind and name it in x-kubernetes-group-version-kind', () => {
    for (const k of KINDS) {
      const s = schemaForKind(k.kind) as S;
      assert.deepEqual(s['x-kubernetes-group-version-kind'], [{ group: k.group, version: 'v1', kind: k.kind }]);
      const def = definitions[`io.k8s.api.${k.group || 'core'}.v1.${k.kind}`];
      assert.ok(def, k.kind);
      assert.deepEqual(def['x-kubernetes-group-version-kind'], [{ group: k.group, version: 'v1', kind: k.kind }]);
    }
    assert.throws(() => schemaForKind('Widget'));
  });

  it('close every object that is not a map', () => {
    for (const k of KINDS) {
      walk(schemaForKind(k.kind), (s) => {
        if (s.properties) assert.equal(s.additionalProperties, false, `${k.kind}: ${Object.keys(s.properties as S).join(',')}`);
      });
    }
  });

  it('publish nested named schemas as $refs that resolve', () => {
    const pod = definitions['io.k8s.api.core.v1.Pod'] as { properties: S };
    assert.deepEqual(pod.properties.spec, { $ref: '#/definitions/io.k8s.api.core.v1.PodSpec' });
    walk(definitions, (s) => {
      if (typeof s.$ref === 'string') assert.ok(definitions[s.$ref.replace('#/definitions/', '')], s.$ref);
    });
    const spec = definitions['io.k8s.api.core.v1.PodSpec'] as { properties: Record<string, S> };
    assert.equal(spec.properties.containers['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(spec.properties.containers['x-kubernetes-patch-strategy'], 'merge');
  });

  it('v2 definitions use Swagger 2.0 forms for int-or-string', () => {
    const v2 = openApiDefinitions({ version: 2 });
    assert.deepEqual(v2['io.k8s.apimachinery.pkg.util.intstr.IntOrString'], {
      description: 'An int32 or a string (a port name, a percentage).',
      type: 'string',
      format: 'int-or-string',
    });
    walk(v2, (s) => assert.equal(s.anyOf, undefined));
    const v3 = openApiDefinitions({ refPrefix: '#/components/schemas/' });
    assert.deepEqual((v3['io.k8s.api.core.v1.Pod'] as { properties: S }).properties.spec, { $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' });
  });
});

describe('pruneUnknownFields', () => {
  it('drops unknown fields at every depth and keeps map entries', () => {
    const pod = fullPod();
    const p = pod as unknown as { extra: number; spec: { containers: Array<S>; nodeSelector: S }; metadata: { labels: S; bogus?: number } };
    p.extra = 1;
    p.metadata.bogus = 2;
    p.spec.containers[0].imagee = 'x';
    p.spec.nodeSelector.custom = 'kept';
    const frozen = deepFreeze(pod);
    const out = pruneUnknownFields(frozen) as unknown as typeof p;
    assert.equal('extra' in out, false);
    assert.equal('bogus' in out.metadata, false);
    assert.equal('imagee' in out.spec.containers[0], false);
    assert.equal(out.spec.nodeSelector.custom, 'kept');
    assert.equal(out.metadata.labels['app.kubernetes.io/name'], 'demo');
    // managedFields content is accepted as is
    assert.deepEqual((out.metadata as S).managedFields, (frozen.metadata as S).managedFields);
    assert.notEqual(out, frozen);
  });

  it('copies objects of unknown kinds', () => {
    const x = { kind: 'Widget', a: { b: 1 } };
    const out = pruneUnknownFields(x);
    assert.deepEqual(out, x);
    assert.notEqual(out.a, x.a);
  });
});
