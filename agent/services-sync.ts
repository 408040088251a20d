// The agent's side of `edgeplane/cluster/services`: keeps the last document on
// disk (services.json, written only when its content changes: flash wear) so
// service routing and DNS keep working after a reboot without the server, and
// hands every new document to its consumers (nftables proxy + routes, DNS).
// A consumer that fails is retried with the latest document after a delay:
// level-triggered, the newest state wins.

import { join } from 'node:path';
import { writeFileAtomic } from '../shared/fs/atomic-write.js';
import { readFileIfExists } from '../shared/fs/read-if-exists.js';
import { parseClusterServices, type ClusterServices } from '../shared/mqtt/cluster-services.js';

export type ServicesConsumer = (cs: ClusterServices) => Promise<unknown> | void;

/** retry a failed consumer after 5 s, doubling to 60 s while it keeps failing; a new document is applied at once */
const RETRY_MS = 5_000;
const RETRY_MAX_MS = 60_000;

/** the document without its revision: a server restart with the same services changes nothing */
function content(cs: ClusterServices): string {
  return JSON.stringify({ ...cs, revision: 0 });
}

export class ServicesSync {
  private latest?: ClusterServices;
  private body?: string;
  private running?: Promise<void>;
  private saving?: Promise<void>;
  private saveAgain = false;
  private again = false;
  private retry?: NodeJS.Timeout;
  private retryMs: number;
  /** the last failure logged: a consumer failing the same way every retry is logged once */
  private lastError = '';
  private closed = false;

  constructor(
    private readonly dataDir: string,
    private readonly consumers: ServicesConsumer[],
    private readonly log: (m: string) => void = () => undefined,
    private readonly retry0 = RETRY_MS,
  ) {
    this.retryMs = retry0;
  }

  private get path(): string {
    return join(this.dataDir, 'services.json');
  }

  /** the copy on disk, applied at once (edge autonomy) */
  async load(): Promise<ClusterServices | undefined> {
    const text = await readFileIfExists(this.path);
    const cs = text ? parseClusterServices(text) : undefined;
    // A document from the server may have arrived while the file was read (or
    // be mid-write): it is newer, and must not be replaced by the saved copy.
    if (this.latest) return this.latest;
    if (cs) {
      this.latest = cs;
      this.body = content(cs);
      this.kick();
    }
    return cs;
  }

  /** a document from the server (raw payload or parsed JSON); malformed ones are dropped */
  async accept(v: unknown): Promise<void> {
    const cs = typeof v === 'string' || Buffer.isBuffer(v) ? parseClusterServices(v) : parseClusterServices(JSON.stringify(v));
    if (!cs) return;
    const body = content(cs);
    this.latest = cs;
    if (body === this.body) return;
    this.body = body;
    // Apply first, save second: the fsync'd write is for the next boot only, and on
    // a busy or slow (SD card) disk it took a large share of the change → rule
    // latency (docs/benchmarks.md, "Network programming"). A crash in between
    // boots with the previous document until the server's retained copy arrives.
    this.kick();
    await this.save();
  }

  /** Writes the latest document; saves are serialized (one temp file) and coalesced (only the newest is written). */
  private save(): Promise<void> {
    if (this.saving) {
      this.saveAgain = true;
      return this.saving;
    }
    this.saving = (async () => {
      do {
        this.saveAgain = false;
        const cs = this.latest!;
        await writeFileAtomic(this.path, JSON.stringify(cs), 0o600).catch((err: Error) => this.log(`cannot save service data: ${err.message}`));
      } while (this.saveAgain);
    })().finally(() => {
      this.saving = undefined;
    });
    return this.saving;
  }

  get current(): ClusterServices | undefined {
    return this.latest;
  }

  /** resolves when the latest document has been applied (or failed) */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
  }

  private kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.apply().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async apply(): Promise<void> {
    const cs = this.latest;
    if (!cs) return;
    const errors: string[] = [];
    for (const c of this.consumers) {
      try {
        await c(cs);
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    const msg = errors.join('; ');
    if (msg && msg !== this.lastError) this.log(`service data: ${msg}`);
    this.lastError = msg;
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    if (!msg) {
      this.retryMs = this.retry0;
    } else if (!this.closed) {
      this.retry = setTimeout(() => this.kick(), this.retryMs);
      this.retry.unref?.();
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    }
  }
}
