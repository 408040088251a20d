// Human durations exactly as kubectl prints AGE, RESTARTS "(5m ago)" and event
// times: HumanDuration from k8s.io/apimachinery/pkg/util/duration, reached
// through translateTimestampSince in pkg/printers/internalversion/printers.go.

/** A succinct duration with ~2-3 significant figures: `5s`, `2m3s`, `10m`, `3h12m`, `5d`, `2y10d`. */
export function humanDuration(ms: number): string {
  // Up to 2 seconds in the future counts as now (clock skew between machines).
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const days = Math.trunc(hours / 24);
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  const years = Math.trunc(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/** Milliseconds since the epoch of a timestamp, or undefined when unset/unparseable. */
export function timestampMs(ts: string | Date | number | null | undefined): number | undefined {
  if (ts === null || ts === undefined || ts === '') return undefined;
  const ms = ts instanceof Date ? ts.getTime() : typeof ts === 'number' ? ts : Date.parse(ts);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Time elapsed since `ts`, or `<unknown>` for a zero timestamp (translateTimestampSince). */
export function translateTimestampSince(ts: string | Date | number | null | undefined, now: Date): string {
  const ms = timestampMs(ts);
  if (ms === undefined) return '<unknown>';
  return humanDuration(now.getTime() - ms);
}
