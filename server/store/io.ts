// All disk writes and syncs go through one IoMeter so that bytes written and
// fsync calls are counted (the idle-wear benchmark and the group-commit test
// read these) and so that `fsync: false` (fast, non-durable tests) is honoured
// in one place.

import { open, type FileHandle } from 'node:fs/promises';

export interface IoOptions {
  fsync: boolean;
  /** Test hook: return an error to make the next file sync fail (simulates EIO). */
  injectSyncError?: () => Error | undefined;
}

export class IoMeter {
  bytesWritten = 0;
  fsyncs = 0;

  constructor(private readonly opts: IoOptions) {}

  async writeAll(fh: FileHandle, data: Buffer | string): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await fh.write(buf, off, buf.length - off);
      off += bytesWritten;
      this.bytesWritten += bytesWritten;
    }
  }

  /** fdatasync: enough for appends (it flushes the size change too) and cheaper than fsync. */
  async syncData(fh: FileHandle): Promise<void> {
    this.checkInjected();
    if (!this.opts.fsync) return;
    this.fsyncs++;
    await fh.datasync();
  }

  async syncFile(fh: FileHandle): Promise<void> {
    this.checkInjected();
    if (!this.opts.fsync) return;
    this.fsyncs++;
    await fh.sync();
  }

  /** Makes creations, renames and deletions inside `dir` durable. */
  async syncDir(dir: string): Promise<void> {
    if (!this.opts.fsync) return;
    const fh = await open(dir, 'r');
    try {
      this.fsyncs++;
      await fh.sync();
    } catch (err) {
      // Some filesystems (FUSE, some network mounts) cannot fsync a directory;
      // there is nothing more we can do for the entry there, so do not fail-stop.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
    } finally {
      await fh.close();
    }
  }

  private checkInjected(): void {
    const err = this.opts.injectSyncError?.();
    if (err) throw err;
  }
}
