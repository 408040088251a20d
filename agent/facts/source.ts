// Node facts for the status report, cached: the static half once (from a
// worker thread that exits right after, see worker.ts), the changing half
// every `intervalMs` on the main thread with non-blocking reads only
// (metrics.ts). The status publisher reads the cache and never waits.
//
// Idle cost (docs/runtime.md): the previous design kept a worker thread alive
// to re-run systeminformation every 30 s: ≈20 MiB for its V8 isolate and ≈78
// spawned processes a minute; this one keeps no thread and spawns nothing.

import { Worker } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
import { combine, UNKNOWN_STATIC, type Collected, type StaticFacts } from './collect.js';
import { collectDynamic, type DynamicFacts } from './metrics.js';

export interface FactsSource extends EventEmitter {
  /** resolves with the first collection */
  ready(): Promise<Collected>;
  latest(): Collected | undefined;
  close(): Promise<void>;
}

export interface NodeFactsOptions {
  intervalMs?: number;
  /** default: systeminformation in a one-shot worker thread */
  collectStatic?: () => Promise<StaticFacts>;
  collectDynamic?: () => Promise<DynamicFacts>;
  /** longest wait for the static worker before it is terminated (default 60 s) */
  staticTimeoutMs?: number;
}

/** Runs worker.ts once and terminates it, whatever the outcome. */
export async function staticFactsInWorker(timeoutMs = 60_000, track?: (w: Worker) => void): Promise<StaticFacts> {
  const worker = new Worker(new URL('./worker.js', import.meta.url));
  track?.(worker);
  try {
    return await new Promise<StaticFacts>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`static facts: no answer within ${timeoutMs} ms`)), timeoutMs);
      const done = () => clearTimeout(timer);
      worker.once('message', (m: { ok: boolean; value?: StaticFacts; error?: string }) => {
        done();
        if (m.ok && m.value) resolve(m.value);
        else reject(new Error(`static facts: ${m.error ?? 'no value'}`));
      });
      worker.once('error', (err) => {
        done();
        reject(err);
      });
      worker.once('exit', (code) => {
        done();
        reject(new Error(`static facts: worker exited (${code})`));
      });
      worker.postMessage('collect');
    });
  } finally {
    await worker.terminate();
  }
}

export class NodeFactsSource extends EventEmitter implements FactsSource {
  private cached?: Collected;
  private static?: StaticFacts;
  private readonly timer: NodeJS.Timeout;
  private readonly first: Promise<Collected>;
  private running?: Promise<Collected>;
  private worker?: Worker;
  private closed = false;
  private readonly collectStatic: () => Promise<StaticFacts>;
  private readonly collectDynamic: () => Promise<DynamicFacts>;

  constructor(o: NodeFactsOptions = {}) {
    super();
    this.collectStatic = o.collectStatic ?? (() => staticFactsInWorker(o.staticTimeoutMs, (w) => (this.worker = w)));
    this.collectDynamic = o.collectDynamic ?? collectDynamic;
    this.first = this.refresh();
    // the first collection's failure is reported through ready(); avoid an unhandled rejection
    this.first.catch(() => undefined);
    this.timer = setInterval(() => void this.refresh().catch((err: Error) => this.listenerCount('error') && this.emit('error', err)), o.intervalMs ?? 30_000);
    this.timer.unref();
  }

  /** One collection; concurrent callers share it. */
  refresh(): Promise<Collected> {
    this.running ??= this.collect().finally(() => (this.running = undefined));
    return this.running;
  }

  private async collect(): Promise<Collected> {
    if (!this.static) {
      try {
        this.static = await this.collectStatic();
      } catch (err) {
        // report with what is known and try again at the next interval
        if (!this.closed && this.listenerCount('error')) this.emit('error', err);
      } finally {
        this.worker = undefined;
      }
    }
    const c = combine(this.static ?? UNKNOWN_STATIC, await this.collectDynamic());
    if (this.closed) return c;
    this.cached = c;
    this.emit('update', c);
    return c;
  }

  ready(): Promise<Collected> {
    return this.first;
  }

  latest(): Collected | undefined {
    return this.cached;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.worker?.terminate();
  }
}
