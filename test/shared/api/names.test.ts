import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isIANASvcName,
  isQualifiedName,
  isValidCIDR,
  isValidIP,
  isValidLabelValue,
} from '../../../shared/api/names.js';

type Check = (s: string) => string[];

const TABLE: Array<[string, Check, string[], string[]]> = [
  ['isDNS1123Label', isDNS1123Label, ['a', 'abc-123', '0x', 'a'.repeat(63)], ['', 'A', 'a.b', '-a', 'a-', 'a_b', 'a'.repeat(64)]],
  ['isDNS1123Subdomain', isDNS1123Subdomain, ['a', 'a.b.c', 'example.com', '1-2.x'], ['', 'A.b', 'a..b', '.a', 'a.', 'a_b', `${'a'.repeat(63)}.`.repeat(4) + 'a']],
  ['isDNS1035Label', isDNS1035Label, ['a', 'web-1'], ['1web', 'Web', 'web-']],
  [
    'isQualifiedName',
    isQualifiedName,
    ['app', 'App_Name.v1', 'example.com/app', 'a/b', 'kubernetes.io/hostname', `x/${'a'.repeat(63)}`],
    ['', '/a', 'a/', 'a/b/c', '-a', 'a b', 'Example.com/a', 'a'.repeat(64)],
  ],
  ['isValidLabelValue', isValidLabelValue, ['', 'v', 'V1.2_3-4', 'a'.repeat(63)], ['-a', 'a-', 'a b', 'a/b', 'a'.repeat(64)]],
  ['isIANASvcName', isIANASvcName, ['http', 'metrics-1', 'a'.repeat(15), 'h2c'], ['', 'HTTP', '123', 'a--b', '-a', 'a-', 'a'.repeat(16), 'a_b']],
  ['isEnvVarName', isEnvVarName, ['PATH', 'my.env-name', '_X', 'a1'], ['1A', 'A=B', 'A B', '', '..']],
  ['isConfigMapKey', isConfigMapKey, ['app.properties', 'KEY_NAME', 'key-name', '.hidden'], ['a/b', 'a b', '.', '..', '..data', '']],
  ['isValidIP', isValidIP, ['10.0.0.1', '255.255.255.255', '::1', '2001:db8::ffff', 'fe80::1:2:3:4'], ['10.0.0.256', '10.0.0', 'abc', '1::2::3', '01.2.3.4x']],
  ['isValidCIDR', isValidCIDR, ['10.42.0.0/16', '10.42.1.0/24', 'fd00::/64'], ['10.42.0.0', '10.42.0.0/33', 'x/8']],
];

describe('name and label syntax', () => {
  for (const [name, fn, good, bad] of TABLE) {
    for (const v of good) it(`${name} accepts ${JSON.stringify(v)}`, () => assert.deepEqual(fn(v), []));
    for (const v of bad) it(`${name} rejects ${JSON.stringify(v.length > 40 ? `${v.slice(0, 20)}…` : v)}`, () => assert.notDeepEqual(fn(v), []));
  }

  it('uses Kubernetes message texts', () => {
    assert.deepEqual(isDNS1123Label('a'.repeat(64)), [
      'must be no more than 63 characters',
    ]);
    assert.deepEqual(isQualifiedName('a/b/c'), [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
    assert.deepEqual(isQualifiedName('/a'), ['prefix part must be non-empty']);
    assert.deepEqual(isIANASvcName('a--'), ['must not contain consecutive hyphens', 'must not begin or end with a hyphen']);
  });
});
