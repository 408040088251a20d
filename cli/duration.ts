// Durations as kubectl reads and prints them.

// kubectl's AGE format, the same code as the server's table printers use
import { humanDuration, translateTimestampSince } from '../shared/duration.js';
import { CliError } from './errors.js';

const UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * `--request-timeout` as kubectl accepts it: a bare integer is seconds, otherwise a
 * Go duration (`1h2m3.5s`, `500ms`); `0` means no timeout. Returns milliseconds.
 */
export function parseRequestTimeout(value: string): number {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const ms = parseGoDuration(v);
  if (ms === undefined || ms < 0) {
    throw new CliError(`invalid --request-timeout "${value}": must be a number of seconds or a duration like 30s, 1m, 500ms`);
  }
  return ms;
}

/** Go's time.ParseDuration, in milliseconds; undefined when malformed. */
export function parseGoDuration(v: string): number | undefined {
  if (v === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v)) !== null) {
    total += Number(m[1]) * UNITS_MS[m[2]];
    matched = re.lastIndex;
  }
  return matched === v.length && matched > 0 ? total : undefined;
}

/** Age of a timestamp as kubectl prints it (`45s`, `5m10s`), `<unknown>` when absent. */
export function ageSince(timestamp: string | undefined | null, now: number = Date.now()): string {
  return translateTimestampSince(timestamp, new Date(now));
}

export { humanDuration };

/** A timeout as the user would have typed it: `500ms`, `30s`, `1m30s`. */
export function formatTimeout(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return s % 60 === 0 ? `${s / 60}m` : `${Math.trunc(s / 60)}m${s % 60}s`;
}
