// The snapshot file: the full state at one revision, written through lowdb with
// our durable adapter. Format (valid JSON, one entry per line for readability):
//
//   {"format":1,"revision":R,"count":N,"entries":[
//   {"resource":"pods","namespace":"default","name":"a","object":{...}},
//   ...
//   ]}
//
// `count` guards against a file that parses but lost entries.

import { join } from 'node:path';
import { Low } from 'lowdb';
import type { KubeObject } from '../../shared/api/object.js';
import { DurableJsonFile, type Codec } from './durable-file.js';
import { deepFreeze } from './freeze.js';
import type { IoMeter } from './io.js';

export const SNAPSHOT_FILE = 'snapshot.json';

export interface SnapshotEntry {
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
  readonly object: KubeObject;
}

export interface SnapshotData {
  format: 1;
  revision: number;
  count: number;
  entries: SnapshotEntry[];
}

const codec: Codec<SnapshotData> = {
  *serialize(data) {
    yield `{"format":1,"revision":${data.revision},"count":${data.entries.length},"entries":[`;
    let first = true;
    for (const e of data.entries) {
      yield (first ? '\n' : ',\n') + JSON.stringify(e);
      first = false;
    }
    yield '\n]}\n';
  },
  parse(text) {
    const data = JSON.parse(text) as SnapshotData;
    const problem = checkSnapshot(data);
    if (problem) throw new Error(`invalid snapshot: ${problem}`);
    for (const e of data.entries) deepFreeze(e.object);
    return data;
  },
};

function checkSnapshot(d: SnapshotData): string | undefined {
  if (d === null || typeof d !== 'object') return 'not an object';
  if (d.format !== 1) return `unknown format ${String(d.format)}`;
  if (!Number.isSafeInteger(d.revision) || d.revision < 1) return 'bad revision';
  if (!Array.isArray(d.entries)) return 'entries missing';
  if (d.entries.length !== d.count) return `count ${d.count} but ${d.entries.length} entries`;
  for (const e of d.entries) {
    if (typeof e?.resource !== 'string' || typeof e.namespace !== 'string' || typeof e.name !== 'string') return 'entry with a bad key';
    if (e.object === null || typeof e.object !== 'object') return `entry ${e.resource}/${e.name} without object`;
  }
  return undefined;
}

function openDb(dir: string, io: IoMeter): Low<SnapshotData | null> {
  return new Low<SnapshotData | null>(new DurableJsonFile(join(dir, SNAPSHOT_FILE), io, codec as Codec<SnapshotData | null>), null);
}

/** Null when there is no snapshot yet. Throws when the file exists but is damaged. */
export async function readSnapshot(dir: string, io: IoMeter): Promise<SnapshotData | null> {
  const db = openDb(dir, io);
  await db.read();
  return db.data;
}

export async function writeSnapshot(dir: string, io: IoMeter, revision: number, entries: SnapshotEntry[]): Promise<void> {
  const db = openDb(dir, io);
  db.data = { format: 1, revision, count: entries.length, entries };
  await db.write();
}
