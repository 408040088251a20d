import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPlainHttpRegistry, normalizeImageRef } from '../../../agent/runtime/image-ref.js';

describe('image references', () => {
  const cases: [string, string][] = [
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['user/app', 'docker.io/user/app:latest'],
    ['ghcr.io/o/app:v1', 'ghcr.io/o/app:v1'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['127.0.0.1:5000/a/b:2', '127.0.0.1:5000/a/b:2'],
    ['busybox@sha256:abc', 'docker.io/library/busybox@sha256:abc'],
    ['edgeplane.local/busybox:latest', 'edgeplane.local/busybox:latest'],
  ];
  for (const [inp, out] of cases) it(`${inp} → ${out}`, () => assert.equal(normalizeImageRef(inp), out));

  it('treats loopback registries as plain HTTP', () => {
    assert.equal(isPlainHttpRegistry('127.0.0.1:5000/a'), true);
    assert.equal(isPlainHttpRegistry('localhost:5000/a'), true);
    assert.equal(isPlainHttpRegistry('ghcr.io/a'), false);
    assert.equal(isPlainHttpRegistry('busybox'), false);
  });
});
