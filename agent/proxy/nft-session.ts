// A long-lived `nft -i` for incremental transactions. Spawning nft for a small
// change costs far more than the change: process start, library init and the
// agent's own spawn work (~8 ms of nft CPU for a run that changes nothing, see
// docs/benchmarks.md), while one line in a running `nft -i` costs about 1 ms.
//
// nft -i reads one command line at a time and runs the whole line as ONE
// transaction (commands separated by `;`; a failing command rejects the line),
// so a sync stays atomic. It prints nothing on success and gives no prompt on a
// pipe, so each transaction is followed by a sentinel command that always fails
// with its own unique name (`list table ip <token>`): whatever nft wrote to
// stderr before the sentinel's error belongs to the transaction, and an empty
// remainder means success. The cache of the table is re-validated by nft's
// generation id on every line, so changes made by others are seen.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EdgeplaneError } from '../../shared/errors.js';

interface Waiter {
  token: string;
  done(err?: Error): void;
}

/**
 * True when the script is plain one-line commands (no `table … {` blocks, no `;`
 * as in a set declaration's spec), i.e. it can be joined into one `nft -i` line.
 * Anything else (full syncs, a new ClientIP-affinity set) goes to `nft -f`.
 */
export function isFlatScript(script: string): boolean {
  return !/[{]\s*$|^\s*}/m.test(script) && !script.includes(';');
}

export class NftSession {
  private child: ChildProcessWithoutNullStreams | undefined;
  private stderr = '';
  private waiter: Waiter | undefined;
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();

  /** `argv`: the nft command without `-i` (e.g. `['ip', ['netns', 'exec', ns, 'nft']]`). */
  constructor(
    private readonly argv: readonly [string, readonly string[]],
    private readonly timeoutMs = 10_000,
  ) {}

  /**
   * Runs a flat script (see isFlatScript) as one transaction; throws NftApplyFailed
   * (nothing changed) when nft rejects it, NftSessionLost when nft died or did not
   * answer (the outcome is then unknown).
   */
  apply(script: string): Promise<void> {
    const p = this.queue.then(() => this.exec(script));
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** pid of the running nft (benchmarks read its CPU time from /proc), if any. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Ends the nft process (the next apply starts a new one). */
  close(): void {
    const c = this.child;
    this.child = undefined;
    if (c) {
      c.stdin.end();
      c.kill();
    }
    this.fail(new EdgeplaneError('NftSessionLost', 'nft -i: session closed'));
  }

  private start(): ChildProcessWithoutNullStreams {
    const c = spawn(this.argv[0], [...this.argv[1], '-i'], { stdio: ['pipe', 'pipe', 'pipe'] });
    c.stdout.resume(); // our commands print nothing; never let a full pipe block nft
    c.stderr.setEncoding('utf8');
    c.stderr.on('data', (d: string) => {
      this.stderr += d;
      this.check();
    });
    const gone = (why: string) => {
      if (this.child !== c) return;
      this.child = undefined;
      this.fail(new EdgeplaneError('NftSessionLost', `nft -i: ${why}${this.stderr ? `: ${this.stderr.trim().slice(0, 300)}` : ''}`));
    };
    c.on('exit', (code, sig) => gone(`exited (${sig ?? code})`));
    c.on('error', (e) => gone(e.message));
    c.stdin.on('error', () => undefined); // EPIPE: reported by 'exit'
    // An idle session must never keep the agent (or a test) alive.
    c.unref();
    for (const s of [c.stdin, c.stdout, c.stderr] as Array<{ unref?: () => void }>) s.unref?.();
    return c;
  }

  private exec(script: string): Promise<void> {
    const lines = script.split('\n').filter((l) => l.trim());
    if (lines.length === 0) return Promise.resolve();
    const c = (this.child ??= this.start());
    this.stderr = '';
    const token = `edgeplane-sync-${process.pid}-${++this.seq}`;
    return new Promise<void>((resolve, reject) => {
      // ref'd while waiting, so a pending apply keeps the process alive until answered
      const timer = setTimeout(() => {
        this.close();
      }, this.timeoutMs);
      this.waiter = {
        token,
        done: (err) => {
          clearTimeout(timer);
          if (err) reject(err);
          else resolve();
        },
      };
      c.stdin.write(`${lines.join('; ')}\nlist table ip ${token}\n`);
    });
  }

  private check(): void {
    const w = this.waiter;
    if (!w) return;
    const i = this.stderr.indexOf(w.token);
    if (i < 0) return;
    const before = this.stderr.slice(0, i);
    // the sentinel's own message is "Error: …\nlist table ip <token>\n   ^^^^"
    const own = before.lastIndexOf('Error:');
    const out = (own >= 0 ? before.slice(0, own) : before)
      .split('\n')
      .filter((l) => !/^[\s^~]*$/.test(l))
      .join('\n');
    this.stderr = '';
    this.waiter = undefined;
    // nft echoes the failing line, which holds the whole transaction: keep it short
    const msg = out.split('\n').slice(0, 6).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
    w.done(out ? new EdgeplaneError('NftApplyFailed', `nft -i: ${msg.join('\n')}`) : undefined);
  }

  private fail(err: Error): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.done(err);
  }
}
