// The agent's local copy of its desired set (edge autonomy): written atomically
// to <data-dir>/desired.json whenever it changes, read at start so pods can be
// kept running after a reboot without the server. Writes happen only on change
// (flash wear).

import { join } from 'node:path';
import { writeFileAtomic } from '../shared/fs/atomic-write.js';
import { readFileIfExists } from '../shared/fs/read-if-exists.js';
import { parseDesiredSet, type DesiredSet } from '../shared/mqtt/messages.js';

export class DesiredCache {
  private current?: DesiredSet;
  private body?: string;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  private get path(): string {
    return join(this.dataDir, 'desired.json');
  }

  async load(): Promise<DesiredSet | undefined> {
    const text = await readFileIfExists(this.path);
    if (text) {
      this.current = parseDesiredSet(Buffer.from(text));
      this.body = this.current ? contentOf(this.current) : undefined;
    }
    return this.current;
  }

  get(): DesiredSet | undefined {
    return this.current;
  }

  /**
   * Accept a set from the server. Returns true when its content differs from
   * the cached one (then it is persisted). The server is authoritative: a set
   * with a lower revision (e.g. a restored server) still replaces ours.
   */
  async accept(set: DesiredSet): Promise<boolean> {
    const body = contentOf(set);
    if (body === this.body) return false;
    this.current = set;
    this.body = body;
    const text = JSON.stringify(set);
    this.chain = this.chain.then(() => writeFileAtomic(this.path, text, 0o600));
    await this.chain;
    return true;
  }
}

function contentOf(s: DesiredSet): string {
  return JSON.stringify({ pods: s.pods, configMaps: s.configMaps, secrets: s.secrets });
}
