// open(): rebuild the state from the snapshot plus the journal.
// Rules (see segments.ts for damaged records):
// - no snapshot = empty state at revision 1;
// - records at or below the snapshot revision are skipped (segments the last
//   snapshot covers but a crash kept from being deleted), and such segments are
//   deleted here;
// - after the snapshot, revisions must continue without a gap or repeat, and
//   each record must fit the state (create of a new key, update/delete of an
//   existing one); anything else means lost or foreign data and fails the open;
// - a torn tail of the newest segment is truncated (and synced) before use.

import { open, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LiveSegment } from './journal.js';
import type { IoMeter } from './io.js';
import { materialize } from './objects.js';
import type { JournalRecord } from './records.js';
import { listSegments, scanSegment, type SegmentFile } from './segments.js';
import { readSnapshot, SNAPSHOT_FILE } from './snapshot.js';
import { ObjectState } from './state.js';
import { StoreError } from './types.js';

export interface Recovered {
  state: ObjectState;
  revision: number;
  snapshotRevision: number;
  segments: LiveSegment[];
  replayedRecords: number;
  /** human-readable notes about repairs (torn tail cut, covered segments removed) */
  repairs: string[];
}

export async function recover(dir: string, io: IoMeter): Promise<Recovered> {
  await removeLeftovers(dir);
  const state = new ObjectState();
  const repairs: string[] = [];

  let snapshot;
  try {
    snapshot = await readSnapshot(dir, io);
  } catch (err) {
    throw new StoreError('Unavailable', `store snapshot ${join(dir, SNAPSHOT_FILE)} cannot be loaded: ${(err as Error).message}`, undefined, { cause: err });
  }
  const snapshotRevision = snapshot?.revision ?? 1;
  for (const e of snapshot?.entries ?? []) state.put(e);

  let files = await listSegments(dir);
  // Segments entirely covered by the snapshot: the next one starts at or before snapshot+1.
  while (files.length > 1 && files[1].start <= snapshotRevision + 1) {
    await rm(files[0].path, { force: true });
    repairs.push(`removed ${files[0].name}, covered by the snapshot at revision ${snapshotRevision}`);
    files = files.slice(1);
  }

  let revision = snapshotRevision;
  let replayedRecords = 0;
  const segments: LiveSegment[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const isLast = i === files.length - 1;
    const buf = await readFile(file.path);
    const scan = scanSegment(buf, file, isLast, (rec) => {
      if (rec.r < file.start) throw corrupt(file, `record revision ${rec.r} is below the segment start ${file.start}`);
      if (rec.r <= revision) {
        if (rec.r > snapshotRevision) throw corrupt(file, `revision ${rec.r} appears twice`);
        return;
      }
      if (rec.r !== revision + 1) throw corrupt(file, `revisions ${revision + 1}..${rec.r - 1} are missing`);
      apply(state, rec, file);
      revision = rec.r;
      replayedRecords++;
    });
    if (scan.validBytes < buf.length) {
      await truncateDurably(file.path, scan.validBytes, io);
      repairs.push(`cut torn tail of ${file.name}: ${buf.length - scan.validBytes} bytes at ${scan.validBytes} (${scan.tornReason})`);
    }
    segments.push({ file, bytes: scan.validBytes, records: scan.records });
  }
  const last = files[files.length - 1];
  if (last && last.start > revision + 1) {
    throw corrupt(last, `the journal continues at ${last.start} but the data ends at revision ${revision}`);
  }
  return { state, revision, snapshotRevision, segments, replayedRecords, repairs };
}

function apply(state: ObjectState, rec: JournalRecord, file: SegmentFile): void {
  const exists = state.get(rec.res, rec.ns, rec.name) !== undefined;
  if (rec.op === 'c' ? exists : !exists) {
    throw corrupt(file, `revision ${rec.r} (${rec.op} ${rec.res} ${rec.ns}/${rec.name}) does not fit the state`);
  }
  if (rec.op === 'd') state.remove(rec.res, rec.ns, rec.name);
  else state.put({ resource: rec.res, namespace: rec.ns, name: rec.name, object: materialize(rec.o, rec.r) });
}

async function truncateDurably(path: string, length: number, io: IoMeter): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.truncate(length);
    await io.syncFile(fh);
  } finally {
    await fh.close();
  }
}

/** Temp files of interrupted snapshot or lock writes. */
async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name === `${SNAPSHOT_FILE}.tmp` || /^LOCK\..*\.tmp$/.test(name)) await rm(join(dir, name), { force: true });
  }
}

function corrupt(file: SegmentFile, detail: string): StoreError {
  return new StoreError('Unavailable', `store journal ${file.path} is inconsistent: ${detail}. Refusing to open; restore the data directory from a backup or inspect the file.`, undefined, {
    cause: new Error(detail),
  });
}
