// How edgectl fails: one readable line on stderr, prefixed `error: `, exit 1.
// Stack traces only with EDGECTL_DEBUG=1, because users of a CLI need the what,
// not the where.

/** An error whose message is already fit to show the user as it is. */
export class CliError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
  }
}

/**
 * Errors that were reported on stderr one by one (e.g. per object in apply) and
 * only need to turn into a non-zero exit.
 */
export class AlreadyReported extends Error {
  constructor(count: number) {
    super(`${count} error(s) reported`);
    this.name = 'AlreadyReported';
  }
}

export function debugEnabled(): boolean {
  return process.env.EDGECTL_DEBUG === '1';
}

/** Collapses any message to one line: a multi-line message would break `2>&1 | grep`-style use. */
export function oneLine(message: string): string {
  return message.trim().replace(/\s*\n\s*/g, '; ');
}

export function errorLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return `error: ${oneLine(message)}`;
}

/** Print one error line (and the stack when debugging). */
export function reportError(err: unknown): void {
  process.stderr.write(errorLine(err) + '\n');
  if (debugEnabled() && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
}
