import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiStatusError, fieldCauses, toStatus } from '../../cli/status.js';
import { errorLine, oneLine } from '../../cli/errors.js';
import { networkError } from '../../cli/transport.js';

test('Status bodies are used as they are', () => {
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason: 'BadRequest',
    message: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagee"',
    details: { causes: [{ reason: 'FieldValueUnknown', message: 'unknown field', field: 'spec.template.spec.containers[0].imagee' }] },
    code: 400,
  });
  const s = toStatus(400, body);
  assert.equal(s.reason, 'BadRequest');
  assert.equal(fieldCauses(s), 'spec.template.spec.containers[0].imagee: unknown field');
  assert.match(new ApiStatusError(s).message, /strict decoding error/);
});

test('several causes join into one line; causes without field keep their message', () => {
  const s = toStatus(
    422,
    JSON.stringify({
      kind: 'Status',
      code: 422,
      reason: 'Invalid',
      message: 'x',
      details: { causes: [{ field: 'spec.replicas', message: 'Invalid value: -1: must be greater than or equal to 0' }, { message: 'something' }] },
    }),
  );
  assert.equal(fieldCauses(s), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0; something');
  assert.equal(fieldCauses(toStatus(404, '{"kind":"Status","code":404,"message":"pods \\"x\\" not found"}')), undefined);
});

test('non-Status error bodies get a Status from the HTTP code', () => {
  assert.deepEqual(
    [toStatus(404, '404 page not found').reason, toStatus(404, '404 page not found').message],
    ['NotFound', 'the server could not find the requested resource: 404 page not found'],
  );
  assert.equal(toStatus(502, '<html>bad gateway</html>').message, 'the server responded with HTTP 502');
  assert.equal(toStatus(503, '').reason, 'ServiceUnavailable');
});

test('401 reads like kubectl', () => {
  const s = toStatus(401, '{"kind":"Status","code":401,"reason":"Unauthorized","message":"Unauthorized"}');
  assert.equal(new ApiStatusError(s).message, 'you must be logged in to the server (Unauthorized): the token was not accepted');
});

test('error lines: one line, error: prefix', () => {
  assert.equal(errorLine(new Error('a\n  b\n')), 'error: a; b');
  assert.equal(oneLine('x'), 'x');
});

test('network errors name the server and the reason', () => {
  const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
  assert.equal(networkError('http://127.0.0.1:9', refused, 0).message, 'cannot reach the server at http://127.0.0.1:9: connection refused');
  const aggregate = Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], ''), {}),
  });
  assert.match(networkError('http://h:1', aggregate, 0).message, /connection refused$/);
  const dns = Object.assign(new Error('getaddrinfo ENOTFOUND nohost'), { code: 'ENOTFOUND' });
  assert.equal(networkError('http://nohost:1', dns, 0).message, 'cannot reach the server at http://nohost:1: no such host');
  const tls = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  assert.equal(networkError('https://h:1', tls, 0).message, 'cannot reach the server at https://h:1: TLS error: self-signed certificate');
  const timeout = Object.assign(new Error('timeout'), { name: 'TimeoutError' });
  assert.equal(networkError('http://h:1', timeout, 5000).message, 'the server at http://h:1 did not respond within 5s (see --request-timeout)');
});
