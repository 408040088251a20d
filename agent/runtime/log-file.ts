// Reads a container log file written by the shim (ctr has no log driver, so
// stdout and stderr go to one file through --log-uri file://).
import { open, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export function lastLines(text: string, n: number): string {
  if (n <= 0) return '';
  const lines = text.split('\n');
  // A trailing newline yields an empty last element that is not a line.
  if (lines[lines.length - 1] === '') lines.pop();
  const sel = lines.slice(-n);
  return sel.length ? sel.join('\n') + (text.endsWith('\n') ? '\n' : '') : '';
}

export async function* readLogFile(
  path: string,
  opts: { tail?: number; follow?: boolean; signal?: AbortSignal; isRunning: () => Promise<boolean> },
): AsyncGenerator<string> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  let offset = Buffer.byteLength(text);
  const first = opts.tail !== undefined ? lastLines(text, opts.tail) : text;
  if (first) yield first;
  if (!opts.follow) return;
  for (;;) {
    if (opts.signal?.aborted) return;
    // Check liveness before reading so the last bytes written before exit are not lost.
    const running = await opts.isRunning();
    const chunk = await readFrom(path, offset);
    if (chunk.length) {
      offset += chunk.length;
      yield chunk.toString('utf8');
    }
    if (!running) return;
    try {
      await sleep(200, undefined, { signal: opts.signal });
    } catch {
      return;
    }
  }
}

async function readFrom(path: string, offset: number): Promise<Buffer> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw e;
  }
  try {
    const { size } = await fh.stat();
    if (size <= offset) return Buffer.alloc(0);
    const buf = Buffer.alloc(size - offset);
    await fh.read(buf, 0, buf.length, offset);
    return buf;
  } finally {
    await fh.close();
  }
}
