// The main-thread side of fact collection: a worker thread refreshes facts on
// a slow timer and the latest result is cached; the status publisher reads the
// cache and never waits on systeminformation.

import { Worker } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
import type { Collected } from './collect.js';

export interface FactsSource extends EventEmitter {
  /** resolves with the first collection */
  ready(): Promise<Collected>;
  latest(): Collected | undefined;
  close(): Promise<void>;
}

export class WorkerFactsSource extends EventEmitter implements FactsSource {
  private worker: Worker;
  private cached?: Collected;
  private timer?: NodeJS.Timeout;
  private first: Promise<Collected>;

  constructor(intervalMs = 30_000) {
    super();
    this.worker = new Worker(new URL('./worker.js', import.meta.url));
    this.worker.unref();
    this.worker.on('error', (err) => this.emit('error', err));
    this.first = new Promise((resolve, reject) => {
      this.worker.once('message', (m: { ok: boolean; value?: Collected; error?: string }) =>
        m.ok ? resolve(m.value!) : reject(new Error(m.error)),
      );
    });
    this.worker.on('message', (m: { ok: boolean; value?: Collected }) => {
      if (!m.ok || !m.value) return;
      this.cached = m.value;
      this.emit('update', m.value);
    });
    this.worker.postMessage('collect');
    this.timer = setInterval(() => this.worker.postMessage('collect'), intervalMs);
    this.timer.unref();
  }

  ready(): Promise<Collected> {
    return this.first;
  }

  latest(): Collected | undefined {
    return this.cached;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.worker.terminate();
  }
}
