// The data-directory lock: two servers on one store would interleave journal
// appends and corrupt it. The lock file is created atomically with its content
// (write a temp file, link() it to LOCK, which fails if LOCK exists) and holds
// {pid, bootId, startTime}. A lock is stale when the machine rebooted since
// (boot id changed), the pid is gone, or the pid now belongs to a different
// process (start time differs) - pids are reused quickly after an edge device
// reboots, so the pid alone is not proof. Known limit: two processes taking over
// the same stale lock at the same instant can both succeed (no flock in Node).

import { readFileSync } from 'node:fs';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from './types.js';

export const LOCK_FILE = 'LOCK';

interface LockInfo {
  pid: number;
  bootId?: string;
  startTime?: string;
}

export interface DirLock {
  release(): Promise<void>;
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function staleReason(info: LockInfo | undefined): string | undefined {
  if (!info || !Number.isSafeInteger(info.pid) || info.pid <= 0) return 'unreadable lock file';
  const boot = bootId();
  if (info.bootId && boot && info.bootId !== boot) return 'machine rebooted since';
  if (!isAlive(info.pid)) return `process ${info.pid} is gone`;
  const st = startTime(info.pid);
  if (info.startTime && st && st !== info.startTime) return `pid ${info.pid} was reused by another process`;
  return undefined;
}

async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

export async function acquireLock(dir: string): Promise<DirLock> {
  const path = join(dir, LOCK_FILE);
  const tmp = join(dir, `${LOCK_FILE}.${process.pid}.${Date.now()}.tmp`);
  const info: LockInfo = { pid: process.pid, bootId: bootId(), startTime: startTime(process.pid) };
  await writeFile(tmp, JSON.stringify(info) + '\n');
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(tmp, path);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new StoreError('Unavailable', `cannot create store lock ${path}`, undefined, { cause: err });
        }
      }
      const holder = await readLock(path);
      const stale = staleReason(holder);
      if (!stale || attempt > 0) {
        throw new StoreError(
          'Unavailable',
          `store directory ${dir} is locked by another process (pid ${holder?.pid ?? 'unknown'}, ${path}); is another edgeplane server running on this data dir?`,
          undefined,
          { cause: new Error(`lock held: ${JSON.stringify(holder)}`) },
        );
      }
      await rm(path, { force: true }); // stale: take it over once
    }
  } finally {
    await rm(tmp, { force: true });
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await rm(path, { force: true });
    },
  };
}
