import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqttPacket from 'mqtt-packet';
import { FrameGuard } from '../../../server/broker/frame-guard.js';

const publish = (bytes: number) => mqttPacket.generate({ cmd: 'publish', topic: 't', payload: Buffer.alloc(bytes), qos: 0, retain: false, dup: false } as any);

test('accepts frames under the limit, split anywhere', () => {
  const g = new FrameGuard(1000);
  const stream = Buffer.concat([publish(10), publish(900), mqttPacket.generate({ cmd: 'pingreq' } as any), publish(0)]);
  for (let i = 0; i < stream.length; i += 7) assert.ok(g.feed(stream.subarray(i, i + 7)));
});

test('rejects the first frame over the limit from its header alone', () => {
  const g = new FrameGuard(1000);
  assert.ok(g.feed(publish(100)));
  const big = publish(5000);
  assert.equal(g.feed(big.subarray(0, 4)), false);
});

test('rejects a length encoding longer than 4 bytes', () => {
  const g = new FrameGuard(Number.MAX_SAFE_INTEGER);
  assert.equal(g.feed(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01])), false);
});
