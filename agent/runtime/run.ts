// Runs one external program and returns its outcome without throwing on a
// non-zero exit: adapters decide what an exit code means for their program.
import { execa } from 'execa';
import { EdgeplaneError } from '../../shared/errors.js';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function run(
  file: string,
  args: string[],
  opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunResult> {
  const r = await execa(file, args, {
    reject: false,
    // Without this, a child waiting on our stdin (ctr exec attaches stdin) would hang.
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
    env: opts.env,
    stripFinalNewline: false,
    ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs } : {}),
  });
  if (r.timedOut) {
    throw new EdgeplaneError('ExecTimeout', `${file} timed out after ${opts.timeoutMs} ms`, { cause: r });
  }
  if (r.failed && r.exitCode === undefined) {
    throw new EdgeplaneError('RuntimeExecFailed', `cannot run ${file}: ${r.shortMessage}`, { cause: r.cause ?? r });
  }
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
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
