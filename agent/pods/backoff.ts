// Restart and image-pull back-off, as kubelet's flowcontrol.Backoff: the
// first failure is retried at once; later ones wait `delay` from the last
// retry, doubling up to the maximum. An entry not touched for 2 × max
// (10 min with kubelet's 300 s cap, i.e. the container ran that long) is
// forgotten, so the next failure starts again at the base delay.

export interface BackoffConfig {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffConfig = { baseMs: 10_000, maxMs: 300_000 };

export interface BackoffEntry {
  /** Current delay. */
  delayMs: number;
  /** When the last retry happened (ms since epoch). */
  lastMs: number;
}

function expired(e: BackoffEntry, now: number, cfg: BackoffConfig): boolean {
  return now - e.lastMs > 2 * cfg.maxMs;
}

/** True while a retry must wait; `until` is when it may happen. */
export function inBackoff(e: BackoffEntry | undefined, now: number, cfg: BackoffConfig): { until: number } | undefined {
  if (!e || expired(e, now, cfg)) return undefined;
  const until = e.lastMs + e.delayMs;
  return now < until ? { until } : undefined;
}

/** The entry after a retry at `now` (kubelet's Backoff.Next). */
export function nextBackoff(e: BackoffEntry | undefined, now: number, cfg: BackoffConfig): BackoffEntry {
  if (!e || expired(e, now, cfg)) return { delayMs: cfg.baseMs, lastMs: now };
  return { delayMs: Math.min(e.delayMs * 2, cfg.maxMs), lastMs: now };
}
