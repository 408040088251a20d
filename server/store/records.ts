// Journal record framing. One record per line:
//
//   <payload byte length, decimal> SP <crc32 of payload, 8 hex digits> SP <payload JSON> LF
//
// The payload is single-line JSON (JSON.stringify never emits a raw newline):
//   {"r":<revision>,"op":"c"|"u"|"d","res":<resource>,"ns":<namespace>,"name":<name>,"o":<object>}
// `o` is the object as the caller gave it (absent for "d"); on replay its
// metadata.resourceVersion is overwritten with String(r), exactly as on write.
// Length + CRC let recovery tell a complete record from a torn or damaged one.

import { crc32 } from 'node:zlib';

export type RecordOp = 'c' | 'u' | 'd';

export interface JournalRecord {
  r: number;
  op: RecordOp;
  res: string;
  ns: string;
  name: string;
  /** the object, for c/u */
  o?: unknown;
}

/** Larger than any legal record (objects are capped at 1.5 MiB); bigger lengths mean garbage. */
const MAX_PAYLOAD = 16 * 1024 * 1024;
const SP = 0x20;
const LF = 0x0a;

/** Frames a record whose object is already serialized (`objectJson`), avoiding a second stringify. */
export function encodeRecord(r: number, op: RecordOp, res: string, ns: string, name: string, objectJson?: string): Buffer {
  let payload = `{"r":${r},"op":"${op}","res":${JSON.stringify(res)},"ns":${JSON.stringify(ns)},"name":${JSON.stringify(name)}`;
  payload += objectJson === undefined ? '}' : `,"o":${objectJson}}`;
  const body = Buffer.from(payload, 'utf8');
  const header = `${body.length} ${crc32(body).toString(16).padStart(8, '0')} `;
  const out = Buffer.allocUnsafe(Buffer.byteLength(header) + body.length + 1);
  const h = out.write(header, 0, 'latin1');
  body.copy(out, h);
  out[out.length - 1] = LF;
  return out;
}

export type DecodeResult =
  | { ok: true; record: JournalRecord; next: number }
  /** `incomplete`: the buffer ends inside the record (a torn append). */
  | { ok: false; incomplete: boolean; reason: string };

export function decodeRecord(buf: Buffer, offset: number): DecodeResult {
  const bad = (reason: string, incomplete = false): DecodeResult => ({ ok: false, incomplete, reason });
  // Length field: 1..9 decimal digits then a space.
  let i = offset;
  let len = 0;
  while (i < buf.length && i - offset < 10 && buf[i] >= 0x30 && buf[i] <= 0x39) {
    len = len * 10 + (buf[i] - 0x30);
    i++;
  }
  if (i === buf.length) return bad('truncated length field', true);
  if (i === offset || buf[i] !== SP) return bad('malformed length field');
  if (len > MAX_PAYLOAD) return bad(`implausible payload length ${len}`);
  i++;
  if (buf.length - i < 9) return bad('truncated checksum field', true);
  const crcText = buf.toString('latin1', i, i + 8);
  if (!/^[0-9a-f]{8}$/.test(crcText) || buf[i + 8] !== SP) return bad('malformed checksum field');
  i += 9;
  if (buf.length - i < len + 1) return bad('truncated payload', true);
  const body = buf.subarray(i, i + len);
  if (buf[i + len] !== LF) return bad('missing record terminator');
  if (crc32(body) !== parseInt(crcText, 16)) return bad('checksum mismatch');
  let record: JournalRecord;
  try {
    record = JSON.parse(body.toString('utf8')) as JournalRecord;
  } catch (err) {
    return bad(`payload is not JSON: ${(err as Error).message}`);
  }
  const shapeError = checkShape(record);
  if (shapeError) return bad(shapeError);
  return { ok: true, record, next: i + len + 1 };
}

function checkShape(rec: JournalRecord): string | undefined {
  if (rec === null || typeof rec !== 'object') return 'payload is not an object';
  if (!Number.isSafeInteger(rec.r) || rec.r < 1) return 'bad revision';
  if (rec.op !== 'c' && rec.op !== 'u' && rec.op !== 'd') return 'bad op';
  if (typeof rec.res !== 'string' || typeof rec.ns !== 'string' || typeof rec.name !== 'string') return 'bad key';
  if (rec.op !== 'd' && (rec.o === null || typeof rec.o !== 'object')) return 'missing object';
  return undefined;
}
