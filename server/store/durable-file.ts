// A lowdb adapter that makes each write durable and atomic, which lowdb's
// stock JSONFile (steno) does not: write a temp file, fsync it, rename it over
// the target, fsync the directory. After a crash at any instant the target is
// either the complete old file or the complete new one, never a torn mix.
//
// The codec yields the file in chunks so a large document is never built as
// one string and the event loop gets a turn between chunks (commits keep
// flowing while a snapshot is written).

import { rename, rm, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import type { IoMeter } from './io.js';
import { readFileIfExists } from '../../shared/fs/read-if-exists.js';

export interface Codec<T> {
  serialize(data: T): Iterable<string>;
  parse(text: string): T;
}

/** Bytes gathered before each write() call. */
const CHUNK = 1024 * 1024;

export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly path: string,
    private readonly io: IoMeter,
    private readonly codec: Codec<T>,
  ) {}

  async read(): Promise<T | null> {
    const text = await readFileIfExists(this.path);
    return text === undefined ? null : this.codec.parse(text);
  }

  async write(data: T): Promise<void> {
    const tmp = `${this.path}.tmp`;
    const fh = await open(tmp, 'w');
    let renamed = false;
    try {
      let pending = '';
      for (const piece of this.codec.serialize(data)) {
        pending += piece;
        if (pending.length >= CHUNK) {
          await this.io.writeAll(fh, pending);
          pending = '';
        }
      }
      if (pending) await this.io.writeAll(fh, pending);
      await this.io.syncFile(fh);
      await fh.close();
      await rename(tmp, this.path);
      renamed = true;
      await this.io.syncDir(dirname(this.path));
    } finally {
      if (!renamed) {
        await fh.close().catch(() => undefined);
        await rm(tmp, { force: true }).catch(() => undefined);
      }
    }
  }
}
