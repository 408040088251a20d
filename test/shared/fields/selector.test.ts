import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkSupportedFields,
  escapeValue,
  fieldSelectorToString,
  fieldValue,
  matchesFields,
  objectFieldGetter,
  parseFieldSelector,
  SUPPORTED_FIELDS,
} from '../../../shared/fields/selector.js';
import { KINDS } from '../../../shared/api/kinds.js';

describe('parseFieldSelector', () => {
  const PARSE: Array<[string, Array<[string, '=' | '!=', string]>]> = [
    ['', []],
    ['a=b', [['a', '=', 'b']]],
    ['a==b', [['a', '=', 'b']]],
    ['a!=b', [['a', '!=', 'b']]],
    ['a=', [['a', '=', '']]],
    ['spec.nodeName=n1,status.phase!=Running', [['spec.nodeName', '=', 'n1'], ['status.phase', '!=', 'Running']]],
    ['a=x\\,y', [['a', '=', 'x,y']]],
    ['a=x\\=y', [['a', '=', 'x=y']]],
    ['a=x\\\\y', [['a', '=', 'x\\y']]],
    ['a=b,,c=d', [['a', '=', 'b'], ['c', '=', 'd']]],
  ];
  for (const [input, reqs] of PARSE) {
    it(JSON.stringify(input), () => {
      assert.deepEqual(
        parseFieldSelector(input).requirements.map((r) => [r.field, r.operator, r.value]),
        reqs,
      );
    });
  }

  const ERRORS: Array<[string, RegExp]> = [
    ['a', /invalid selector: 'a'; can't understand 'a'/],
    ['a=b=c', /unescaped character in value: =/],
    ['a=b\\x', /invalid escape sequence: \\x/],
    ['a=b\\', /invalid escape sequence: \\$/],
  ];
  for (const [input, re] of ERRORS) it(`rejects ${JSON.stringify(input)}`, () => assert.throws(() => parseFieldSelector(input), re));

  it('round-trips through escapeValue', () => {
    assert.equal(escapeValue('a,b=c\\'), 'a\\,b\\=c\\\\');
    const sel = parseFieldSelector('metadata.name=a\\,b');
    assert.equal(fieldSelectorToString(sel), 'metadata.name=a\\,b');
  });
});

describe('matchesFields', () => {
  const pod = {
    metadata: { name: 'p1', namespace: 'default' },
    spec: { nodeName: 'edge-1', restartPolicy: 'Always' },
    status: { phase: 'Running', podIP: '10.42.0.5' },
  };
  const CASES: Array<[string, boolean]> = [
    ['', true],
    ['metadata.name=p1', true],
    ['metadata.name!=p1', false],
    ['spec.nodeName=edge-1,status.phase=Running', true],
    ['spec.nodeName=', false],
    ['status.nominatedNodeName=', true],
    ['spec.hostNetwork=false', true],
    ['spec.hostNetwork!=true', true],
  ];
  for (const [sel, want] of CASES) it(`${sel} → ${want}`, () => assert.equal(matchesFields(parseFieldSelector(sel), objectFieldGetter(pod)), want));

  it('maps Event source to source.component', () => {
    const ev = { source: { component: 'kubelet' }, involvedObject: { kind: 'Pod', name: 'p1' }, type: 'Warning' };
    assert.equal(matchesFields(parseFieldSelector('source=kubelet,involvedObject.kind=Pod,type=Warning'), objectFieldGetter(ev)), true);
  });

  it('reads numbers and booleans as strings', () => {
    assert.equal(fieldValue({ status: { replicas: 3 } }, 'status.replicas'), '3');
    assert.equal(fieldValue({ spec: { unschedulable: true } }, 'spec.unschedulable'), 'true');
    assert.equal(fieldValue({ spec: {} }, 'spec.x.y'), undefined);
    assert.equal(objectFieldGetter({ status: {} })('status.replicas'), '0');
  });
});

describe('SUPPORTED_FIELDS', () => {
  it('covers every kind with metadata.name and metadata.namespace', () => {
    for (const k of KINDS) {
      assert.ok(SUPPORTED_FIELDS[k.kind].includes('metadata.name'), k.kind);
      assert.ok(SUPPORTED_FIELDS[k.kind].includes('metadata.namespace'), k.kind);
    }
    assert.ok(SUPPORTED_FIELDS.Pod.includes('spec.nodeName'));
    assert.ok(SUPPORTED_FIELDS.Event.includes('involvedObject.uid'));
    assert.deepEqual(SUPPORTED_FIELDS.Secret, ['metadata.name', 'metadata.namespace', 'type']);
  });

  it('checkSupportedFields rejects other fields like the apiserver', () => {
    assert.doesNotThrow(() => checkSupportedFields(parseFieldSelector('spec.nodeName=a'), 'Pod'));
    assert.throws(() => checkSupportedFields(parseFieldSelector('spec.nodeName=a'), 'Service'), { message: 'field label not supported: spec.nodeName' });
  });
});
