// Which pending pods are waiting as unschedulable, and when each may be tried
// again (kube-scheduler's unschedulablePods + podBackoffQ: 1 s doubling to 10 s).

export interface UnschedulableEntry {
  attempts: number;
  /** earliest time of the next attempt (ms) */
  backoffUntil: number;
  /** pod generation when it failed: a spec change makes it worth retrying at once */
  generation: number | undefined;
  /** when it first failed in the current streak */
  since: number;
}

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
}

export function backoffMs(attempts: number, o: BackoffOptions = {}): number {
  const initial = o.initialMs ?? 1_000;
  const max = o.maxMs ?? 10_000;
  return Math.min(max, initial * 2 ** Math.max(0, attempts - 1));
}

export class UnschedulablePods {
  private readonly entries = new Map<string, UnschedulableEntry>();

  constructor(private readonly opts: BackoffOptions = {}) {}

  failed(key: string, generation: number | undefined, now: number): UnschedulableEntry {
    const prev = this.entries.get(key);
    const attempts = (prev?.attempts ?? 0) + 1;
    const e = { attempts, backoffUntil: now + backoffMs(attempts, this.opts), generation, since: prev?.since ?? now };
    this.entries.set(key, e);
    return e;
  }

  get(key: string): UnschedulableEntry | undefined {
    return this.entries.get(key);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** every waiting key with the delay until its backoff ends */
  due(now: number): Array<[string, number]> {
    return [...this.entries].map(([k, e]) => [k, Math.max(0, e.backoffUntil - now)]);
  }

  get size(): number {
    return this.entries.size;
  }
}
