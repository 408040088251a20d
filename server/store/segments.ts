// Journal segment files and the rules for reading them back.
//
// A segment is named after the first revision it may hold
// (`journal-<16-digit revision>.log`, zero-padded so names sort numerically).
// A new segment is started whenever a snapshot begins, so every record in an
// older segment is covered by that snapshot once it is durable.
//
// Recovery rules for damaged data:
// - In the LAST segment, a bad record with no valid record anywhere after it
//   is a torn tail: the append that was in flight at the crash. It was never
//   acknowledged (acks follow the fsync), so it is cut off.
// - A bad record followed by a valid one, or a bad record in any earlier
//   segment (those were fully synced before the next one was started), means
//   acknowledged data is damaged: opening fails with Unavailable instead of
//   silently dropping writes.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecord, type JournalRecord } from './records.js';
import { StoreError } from './types.js';

const SEGMENT_RE = /^journal-(\d+)\.log$/;

export interface SegmentFile {
  start: number;
  name: string;
  path: string;
}

export function segmentName(start: number): string {
  return `journal-${String(start).padStart(16, '0')}.log`;
}

export async function listSegments(dir: string): Promise<SegmentFile[]> {
  const out: SegmentFile[] = [];
  for (const name of await readdir(dir)) {
    const m = SEGMENT_RE.exec(name);
    if (m) out.push({ start: Number(m[1]), name, path: join(dir, name) });
  }
  return out.sort((a, b) => a.start - b.start);
}

export interface ScanResult {
  /** bytes of intact records; anything past this is a torn tail to cut */
  validBytes: number;
  records: number;
  /** why the tail was considered torn, when it was */
  tornReason?: string;
}

/** Calls `onRecord` for each intact record in order; applies the torn-tail rule above. */
export function scanSegment(buf: Buffer, file: SegmentFile, isLast: boolean, onRecord: (rec: JournalRecord) => void): ScanResult {
  let off = 0;
  let records = 0;
  while (off < buf.length) {
    const res = decodeRecord(buf, off);
    if (res.ok) {
      onRecord(res.record);
      records++;
      off = res.next;
      continue;
    }
    if (!isLast) {
      throw damaged(file, off, `${res.reason}; this is not the newest segment, so the record was acknowledged`);
    }
    const later = findValidRecordAfter(buf, off);
    if (later !== undefined) {
      throw damaged(file, off, `${res.reason}; an intact record follows at byte ${later}, so acknowledged data is damaged`);
    }
    return { validBytes: off, records, tornReason: res.reason };
  }
  return { validBytes: off, records };
}

/**
 * Looks for any intact record after a bad one. Not only after newlines: the
 * damage may have hit a record terminator. Candidates are the starts of digit
 * runs; decodeRecord rejects nearly all of them within a few bytes, and a
 * payload cannot hide a false match (it has no raw newline and must be JSON).
 */
function findValidRecordAfter(buf: Buffer, from: number): number | undefined {
  const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
  for (let p = from + 1; p < buf.length; p++) {
    if (isDigit(buf[p]) && !isDigit(buf[p - 1]) && decodeRecord(buf, p).ok) return p;
  }
  return undefined;
}

function damaged(file: SegmentFile, offset: number, detail: string): StoreError {
  return new StoreError('Unavailable', `store journal ${file.path} is corrupt at byte ${offset}: ${detail}. Refusing to open; restore the data directory from a backup or inspect the file.`, undefined, {
    cause: new Error(`${file.name}@${offset}: ${detail}`),
  });
}
