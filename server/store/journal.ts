// The append side of the journal: the open segment, group-commit appends
// (one write + one fdatasync per batch), rotation to a new segment when a
// snapshot starts, and deletion of segments a durable snapshot covers.

import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { IoMeter } from './io.js';
import { segmentName, type SegmentFile } from './segments.js';

export interface LiveSegment {
  file: SegmentFile;
  bytes: number;
  records: number;
}

export class Journal {
  private constructor(
    private readonly dir: string,
    private readonly io: IoMeter,
    /** oldest first; the last one is open for appends */
    private readonly live: LiveSegment[],
    private fh: FileHandle,
  ) {}

  /** Continues the newest recovered segment, or starts one at `nextRevision`. */
  static async open(dir: string, io: IoMeter, recovered: LiveSegment[], nextRevision: number): Promise<Journal> {
    const live = [...recovered];
    if (live.length === 0) {
      const seg = await createSegment(dir, io, nextRevision);
      return new Journal(dir, io, [seg.live], seg.fh);
    }
    const fh = await open(live[live.length - 1].file.path, 'a');
    return new Journal(dir, io, live, fh);
  }

  get current(): LiveSegment {
    return this.live[this.live.length - 1];
  }

  get totalBytes(): number {
    return this.live.reduce((n, s) => n + s.bytes, 0);
  }

  get totalRecords(): number {
    return this.live.reduce((n, s) => n + s.records, 0);
  }

  /** Resolves once `data` is on stable storage. */
  async append(data: Buffer, records: number): Promise<void> {
    await this.io.writeAll(this.fh, data);
    this.current.bytes += data.length;
    this.current.records += records;
    await this.io.syncData(this.fh);
  }

  /**
   * After this, appends go to a segment starting at `start`, so every record
   * before `start` lives in older segments. The new file's directory entry is
   * synced before any append to it is acknowledged.
   */
  async rotate(start: number): Promise<void> {
    const cur = this.current;
    if (cur.records === 0 && cur.file.start === start) return; // already there
    const seg = await createSegment(this.dir, this.io, start);
    const old = this.fh;
    this.fh = seg.fh;
    this.live.push(seg.live);
    await old.close();
  }

  /** Deletes segments holding only records before `start` (covered by a durable snapshot). */
  async dropBefore(start: number): Promise<void> {
    while (this.live.length > 1 && this.live[1].file.start <= start) {
      const seg = this.live.shift()!;
      // No directory fsync: a segment that reappears after a crash is covered
      // by the snapshot and is skipped (and deleted) on the next open.
      await rm(seg.file.path, { force: true });
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

async function createSegment(dir: string, io: IoMeter, start: number): Promise<{ live: LiveSegment; fh: FileHandle }> {
  const name = segmentName(start);
  const path = join(dir, name);
  const fh = await open(path, 'wx');
  try {
    await io.syncDir(dir);
  } catch (err) {
    await fh.close();
    await rm(path, { force: true });
    throw err;
  }
  return { live: { file: { start, name, path }, bytes: 0, records: 0 }, fh };
}
