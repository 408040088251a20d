// Runs one external program and returns its outcome without throwing on a
// non-zero exit: adapters decide what an exit code means for their program.
//
// Plain child_process.spawn, not execa: every ctr, ip, nft and CNI call of the
// agent goes through here, and at idle the agent's own CPU is mostly spent
// starting those processes; execa's per-call machinery (and ≈8 MiB of module
// graph) buys nothing for argv-in, strings-out calls (docs/runtime.md).
import { spawn } from 'node:child_process';
import { EdgeplaneError } from '../../shared/errors.js';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** After a timeout's SIGTERM, SIGKILL if the program is still there (execa's forceKillAfterDelay). */
const FORCE_KILL_MS = 5000;

export async function run(
  file: string,
  args: string[],
  opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunResult> {
  const child = spawn(file, args, {
    // Without 'ignore', a child waiting on our stdin (ctr exec attaches stdin) would hang.
    stdio: [opts.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    // extra variables on top of ours (CNI_*), as execa's extendEnv did
    env: opts.env ? { ...process.env, ...opts.env } : process.env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  if (opts.input !== undefined) {
    // a program that exits without reading its input closes the pipe: not our error
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(opts.input);
  }
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  let forceTimer: NodeJS.Timeout | undefined;
  if (opts.timeoutMs !== undefined) {
    timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      forceTimer = setTimeout(() => child.kill('SIGKILL'), FORCE_KILL_MS);
    }, opts.timeoutMs);
  }
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    // 'close', not 'exit': stdout and stderr are complete
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  clearTimeout(forceTimer);
  const r = { exitCode: outcome.code ?? -1, stdout, stderr };
  if (timedOut) {
    throw new EdgeplaneError('ExecTimeout', `${file} timed out after ${opts.timeoutMs} ms`, { cause: r });
  }
  if (outcome.error) {
    throw new EdgeplaneError('RuntimeExecFailed', `cannot run ${file}: ${outcome.error.message}`, { cause: outcome.error });
  }
  if (outcome.code === null) {
    throw new EdgeplaneError('RuntimeExecFailed', `cannot run ${file}: killed by ${outcome.signal}`, { cause: r });
  }
  return r;
}

/** Like run, but a non-zero exit becomes an EdgeplaneError with the given code. */
export async function runOk(code: string, file: string, args: string[], opts: { input?: string } = {}): Promise<string> {
  const r = await run(file, args, opts);
  if (r.exitCode !== 0) {
    throw new EdgeplaneError(code, `${file} ${args.slice(0, 6).join(' ')}: ${r.stderr.trim() || `exit ${r.exitCode}`}`, {
      cause: r,
    });
  }
  return r.stdout;
}
