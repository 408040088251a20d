// Runs the real edgectl binary (dist/bin/edgectl.js) as a child process, the
// way a user does, for the end-to-end tests.

import { spawn, type ChildProcess } from 'node:child_process';
import { EDGECTL_BIN } from '../helpers/server.js';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** passed as --kubeconfig unless null */
  kubeconfig?: string | null;
  stdin?: string;
  cwd?: string;
  /** replaces the environment's KUBECONFIG/HOME etc. when given */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

function argsFor(args: string[], opts: RunOptions): string[] {
  return [EDGECTL_BIN, ...(opts.kubeconfig ? ['--kubeconfig', opts.kubeconfig] : []), ...args];
}

function spawnIt(args: string[], opts: RunOptions): ChildProcess {
  return spawn(process.execPath, argsFor(args, opts), {
    cwd: opts.cwd,
    env: opts.env ?? { ...process.env, EDGECTL_DEBUG: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function edgectl(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const proc = spawnIt(args, opts);
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d) => (stdout += d));
  proc.stderr!.on('data', (d) => (stderr += d));
  proc.stdin!.end(opts.stdin ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`edgectl ${args.join(' ')} did not finish within ${opts.timeoutMs ?? 30000}ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 30000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      // let the pipes drain
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
  });
}

/** A long-running edgectl (get -w) whose output can be awaited. */
export interface Running {
  stdout(): string;
  stderr(): string;
  /** resolves when stdout matches, rejects after timeoutMs */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function startEdgectl(args: string[], opts: RunOptions = {}): Running {
  const proc = spawnIt(args, opts);
  let out = '';
  let err = '';
  let done = false;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of waiters) w();
  };
  proc.stdout!.on('data', (d) => {
    out += d;
    notify();
  });
  proc.stderr!.on('data', (d) => (err += d));
  proc.stdin!.end();
  const exited = new Promise<void>((r) =>
    proc.on('exit', () => {
      done = true;
      notify();
      r();
    }),
  );
  return {
    stdout: () => out,
    stderr: () => err,
    waitFor(re, timeoutMs = 15000) {
      return new Promise((resolve, reject) => {
        const finish = (error?: Error) => {
          waiters.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (re.test(out)) finish();
          else if (done) finish(new Error(`edgectl exited (${proc.exitCode}) before printing ${re}\nstdout: ${out}\nstderr: ${err}`));
        };
        const timer = setTimeout(
          () => finish(new Error(`edgectl ${args.join(' ')}: no output matching ${re} within ${timeoutMs}ms\nstdout: ${out}\nstderr: ${err}`)),
          timeoutMs,
        );
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
