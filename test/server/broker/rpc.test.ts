// The server side of logs/exec over MQTT: ordering by seq, duplicates,
// errors, cancellation, a node that is away or drops off mid-stream, and the
// payload parsers that keep malformed traffic out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeRpc } from '../../../server/broker/rpc.js';
import { parsePodEvents, parseRpcReply, parseRpcRequest } from '../../../shared/mqtt/rpc.js';
import { topics } from '../../../shared/mqtt/topics.js';

function harness(online = true) {
  const sent: Array<{ topic: string; body: any }> = [];
  const rpc = new NodeRpc({
    publish: async (topic, payload) => void sent.push({ topic, body: JSON.parse(payload) }),
    isOnline: () => online,
    firstReplyTimeoutMs: 200,
  });
  return { rpc, sent };
}
const target = { namespace: 'default', pod: 'p', uid: 'u', container: 'c' };

test('chunks are delivered in seq order, once, and done resolves', async () => {
  const { rpc, sent } = harness();
  const data: string[] = [];
  const call = rpc.call('n1', 'logs', target, (d) => data.push(d));
  await new Promise((r) => setImmediate(r));
  assert.equal(sent[0]!.topic, topics.rpcRequest('n1'));
  const { correlationId, replyTo } = sent[0]!.body;
  assert.equal(replyTo, topics.rpcReply('n1', correlationId));
  rpc.reply('n1', { correlationId, seq: 1, data: 'b' });
  rpc.reply('n1', { correlationId, seq: 0, data: 'a' });
  rpc.reply('n1', { correlationId, seq: 0, data: 'a' }); // duplicate
  rpc.reply('n2', { correlationId, seq: 2, data: 'x', done: true }); // another node cannot answer
  rpc.reply('n1', { correlationId, seq: 2, done: true });
  assert.equal(await call.done, undefined);
  assert.deepEqual(data, ['a', 'b']);
});

test('exec result and node errors', async () => {
  const { rpc, sent } = harness();
  const call = rpc.call('n1', 'exec', { ...target, command: ['true'] });
  await new Promise((r) => setImmediate(r));
  const id = sent[0]!.body.correlationId;
  rpc.reply('n1', { correlationId: id, seq: 0, result: { exitCode: 3, stdout: 'o', stderr: 'e' }, done: true });
  assert.deepEqual(await call.done, { exitCode: 3, stdout: 'o', stderr: 'e' });
  const failing = rpc.call('n1', 'logs', target);
  await new Promise((r) => setImmediate(r));
  rpc.reply('n1', { correlationId: sent[1]!.body.correlationId, seq: 0, error: { code: 'ContainerNotFound', message: 'nope' }, done: true });
  await assert.rejects(failing.done, (e: any) => e.code === 'ContainerNotFound' && e.message === 'nope');
});

test('offline nodes, timeouts, disconnects and cancel', async () => {
  await assert.rejects(harness(false).rpc.call('n1', 'logs', target).done, (e: any) => e.code === 'NodeNotConnected');
  const { rpc, sent } = harness();
  await assert.rejects(rpc.call('n1', 'logs', target).done, (e: any) => e.code === 'NodeTimeout');
  const gone = rpc.call('n1', 'logs', { ...target, follow: true });
  rpc.nodeGone('n1');
  await assert.rejects(gone.done, (e: any) => e.code === 'NodeDisconnected');
  const follow = rpc.call('n1', 'logs', { ...target, follow: true });
  await new Promise((r) => setImmediate(r));
  follow.cancel();
  assert.equal(await follow.done, undefined);
  await new Promise((r) => setImmediate(r));
  const last = sent[sent.length - 1]!.body;
  assert.equal(last.method, 'cancel');
});

test('parsers reject malformed payloads without throwing', () => {
  for (const bad of ['', 'null', '{', '[]', '{"correlationId":"short","method":"cancel"}', '{"correlationId":"abcdefgh12","method":"logs"}', '{"correlationId":"abcdefgh12","replyTo":"x","method":"exec","params":{"namespace":"a","pod":"b","uid":"c","container":"d","command":[]}}', '{"correlationId":"abcdefgh12","replyTo":"x","method":"rm","params":{}}']) {
    assert.equal(parseRpcRequest(bad), undefined, bad);
  }
  assert.ok(parseRpcRequest('{"correlationId":"abcdefgh12","method":"cancel"}'));
  assert.ok(parseRpcRequest(JSON.stringify({ correlationId: 'abcdefgh12', replyTo: 'x', method: 'logs', params: { ...target, tailLines: 3 } })));
  assert.equal(parseRpcRequest(JSON.stringify({ correlationId: 'abcdefgh12', replyTo: 'x', method: 'logs', params: { ...target, tailLines: -1 } })), undefined);
  assert.equal(parseRpcReply('{"correlationId":"a","seq":"0"}'), undefined);
  assert.equal(parseRpcReply('{"correlationId":"a","seq":0,"result":{"exitCode":0}}'), undefined);
  assert.ok(parseRpcReply('{"correlationId":"a","seq":0,"data":"x"}'));
  assert.equal(parsePodEvents('{}'), undefined);
  assert.deepEqual(parsePodEvents('[{"pod":{"namespace":"a","name":"b","uid":"c"},"type":"Bogus","reason":"r","message":"m"}, 5]'), []);
  assert.equal(parsePodEvents(JSON.stringify([{ pod: { namespace: 'a', name: 'b', uid: 'c' }, type: 'Warning', reason: 'BackOff', message: 'm' }]))!.length, 1);
});
