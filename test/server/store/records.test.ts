import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRecord, encodeRecord } from '../../../server/store/records.js';
import { scanSegment, segmentName, type SegmentFile } from '../../../server/store/segments.js';
import { StoreError } from '../../../server/store/types.js';

const file: SegmentFile = { start: 2, name: segmentName(2), path: '/x/' + segmentName(2) };

function records(n: number): Buffer {
  const parts: Buffer[] = [];
  for (let r = 2; r < 2 + n; r++) parts.push(encodeRecord(r, 'c', 'pods', 'default', `p${r}`, JSON.stringify({ metadata: { name: `p${r}` }, s: 'ünïcode\nline' })));
  return Buffer.concat(parts);
}

test('records round-trip, one line each, multi-byte safe', () => {
  const buf = records(3);
  assert.equal(buf.toString('utf8').split('\n').length, 4);
  let off = 0;
  for (let r = 2; r < 5; r++) {
    const res = decodeRecord(buf, off);
    assert.ok(res.ok);
    assert.equal(res.record.r, r);
    assert.equal((res.record.o as { s: string }).s, 'ünïcode\nline');
    off = res.next;
  }
  assert.equal(off, buf.length);
  assert.equal(segmentName(2), 'journal-0000000000000002.log');
});

test('every truncation of the last record is detected as a torn tail', () => {
  const whole = records(3);
  const lastStart = whole.length - encodeRecord(4, 'c', 'pods', 'default', 'p4', JSON.stringify({ metadata: { name: 'p4' }, s: 'ünïcode\nline' })).length;
  for (let cut = lastStart + 1; cut < whole.length; cut++) {
    const seen: number[] = [];
    const scan = scanSegment(whole.subarray(0, cut), file, true, (rec) => seen.push(rec.r));
    assert.deepEqual(seen, [2, 3], `cut at ${cut}`);
    assert.equal(scan.validBytes, lastStart);
  }
});

test('a flipped byte anywhere is caught; in the middle it is an error, at the end a torn tail', () => {
  const whole = records(3);
  for (let i = 0; i < whole.length; i++) {
    const buf = Buffer.from(whole);
    buf[i] ^= 0x01;
    let seen = 0;
    try {
      const scan = scanSegment(buf, file, true, () => seen++);
      // not an error: only possible when the damage is in the last record, which is then cut
      assert.equal(seen, 2, `flip at ${i} went unnoticed`);
      assert.ok(scan.validBytes < buf.length);
    } catch (err) {
      assert.ok(err instanceof StoreError && err.code === 'Unavailable', String(err));
    }
  }
  // a damaged first record followed by intact ones: error, not a silent cut
  const buf = Buffer.from(whole);
  buf[20] ^= 0x01;
  assert.throws(() => scanSegment(buf, file, true, () => {}), /intact record follows/);
  assert.throws(() => scanSegment(whole.subarray(0, whole.length - 3), file, false, () => {}), /not the newest segment/);
});
