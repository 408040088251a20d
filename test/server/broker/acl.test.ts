import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayPublish, maySubscribe, type Principal } from '../../../server/broker/acl.js';
import { parseTopic, topics } from '../../../shared/mqtt/topics.js';

const a: Principal = { kind: 'node', node: 'a' };
const dash: Principal = { kind: 'dashboard' };
const join: Principal = { kind: 'join', clientId: 'edgeplane-join-1' };

test('publish rules', () => {
  const cases: Array<[Principal, string, boolean]> = [
    [a, topics.online('a'), true],
    [a, topics.status('a'), true],
    [a, topics.podStatus('a', 'default', 'p'), true],
    [a, topics.online('b'), false],
    [a, topics.status('b'), false],
    [a, topics.podStatus('b', 'default', 'p'), false],
    [a, topics.desired('a'), false],
    [a, topics.services, false],
    [a, topics.joinRequest, false],
    [a, 'edgeplane/nodes/a/other', false],
    [a, topics.podEvents('a'), true],
    [a, topics.podEvents('b'), false],
    [a, topics.podMetrics('a'), true],
    [a, topics.podMetrics('b'), false],
    [dash, topics.podMetrics('a'), false],
    [join, topics.podMetrics('a'), false],
    [a, topics.rpcReply('a', 'abcdefgh12'), true],
    [a, topics.rpcReply('b', 'abcdefgh12'), false],
    [a, 'edgeplane/nodes/a/rpc/short', false],
    [a, topics.rpcRequest('a'), false],
    [dash, topics.rpcRequest('a'), false],
    [a, 'elsewhere', false],
    [dash, topics.status('a'), false],
    [dash, topics.online('a'), false],
    [join, topics.joinRequest, true],
    [join, topics.joinReply('edgeplane-join-1'), false],
    [join, topics.status('a'), false],
  ];
  for (const [p, t, want] of cases) assert.equal(mayPublish(p, t), want, `${JSON.stringify(p)} publish ${t}`);
});

test('subscribe rules', () => {
  const cases: Array<[Principal, string, boolean]> = [
    [a, topics.desired('a'), true],
    [a, topics.services, true],
    [a, topics.desired('b'), false],
    [a, topics.rpcRequest('a'), true],
    [a, topics.rpcRequest('b'), false],
    [a, 'edgeplane/rpc/+', false],
    [dash, topics.rpcRequest('a'), false],
    [dash, topics.rpcReply('a', 'abcdefgh12'), false],
    [a, 'edgeplane/desired/+', false],
    [a, 'edgeplane/#', false],
    [a, '#', false],
    [a, topics.status('a'), false],
    [dash, topics.allOnline, true],
    [dash, topics.allStatus, true],
    [dash, topics.status('a'), true],
    [dash, topics.online('a'), true],
    [dash, topics.desired('a'), false],
    [dash, 'edgeplane/nodes/#', false],
    [dash, 'edgeplane/nodes/+/pods/+/+/status', false],
    [join, topics.joinReply('edgeplane-join-1'), true],
    [join, topics.joinReply('edgeplane-join-2'), false],
    [join, 'edgeplane/join/reply/+', false],
  ];
  for (const [p, t, want] of cases) assert.equal(maySubscribe(p, t), want, `${JSON.stringify(p)} subscribe ${t}`);
});

test('topic parser round-trips and rejects foreign or malformed topics', () => {
  assert.deepEqual(parseTopic(topics.podStatus('n1', 'kube-system', 'p-1')), { kind: 'podStatus', node: 'n1', namespace: 'kube-system', pod: 'p-1' });
  assert.deepEqual(parseTopic(topics.desired('n1')), { kind: 'desired', node: 'n1' });
  assert.deepEqual(parseTopic(topics.podMetrics('n1')), { kind: 'podMetrics', node: 'n1' });
  for (const t of ['edgeplane/nodes/+/status', 'edgeplane/nodes/#', 'edgeplane/nodes/A B/status', 'edgeplane/nodes//status', 'other/nodes/a/status', 'edgeplane/join/reply/+']) {
    assert.equal(parseTopic(t), undefined, t);
  }
});
