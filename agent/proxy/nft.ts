// The nft adapter: the only place that runs the nft binary. A script goes in on
// stdin (`nft -f -`), so one call is one atomic transaction. With `netns` the
// command runs inside that network namespace (`ip netns exec`), which is how
// tests and benchmarks program a simulated node without touching the host.
// Small flat scripts (incremental syncs) go to a long-lived `nft -i` instead
// (nft-session.ts): same atomicity, without a process start per change.
import { run } from '../runtime/run.js';
import { isFlatScript, NftSession } from './nft-session.js';
import { EdgeplaneError } from '../../shared/errors.js';

export interface Nft {
  /** Applies a script as one transaction; throws EdgeplaneError('NftApplyFailed') and changes nothing on error. */
  apply(script: string): Promise<void>;
  /** `nft list table <family> <name>`; undefined when the table does not exist. */
  listTable(family: string, name: string): Promise<string | undefined>;
  /** Deletes the table; false when it did not exist. */
  deleteTable(family: string, name: string): Promise<boolean>;
  /** Releases a long-lived nft process, if any (the next apply starts a new one). */
  close?(): void;
}

export interface NftCliOptions {
  netns?: string;
  /** nft binary (default `nft` on PATH) */
  bin?: string;
  /** apply flat scripts through a long-lived `nft -i` (default true) */
  session?: boolean;
}

/**
 * Environment for `nft -f` of a full table: glibc's malloc then asks for
 * transparent huge pages (THP in `madvise` mode, the common default). nft
 * allocates ~25 MB while parsing 1,000 services and page faults were a third of
 * its CPU time; with huge pages a full apply takes ~35% less CPU (docs/benchmarks.md).
 * glibc < 2.35 or a kernel without THP ignores it.
 */
export const NFT_FULL_ENV: Record<string, string> = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' };

const MISSING = /No such file or directory|does not exist/i;

export class NftCli implements Nft {
  readonly session: NftSession | undefined;

  constructor(private readonly opts: NftCliOptions = {}) {
    if (opts.session ?? true) this.session = new NftSession(this.argv([]));
  }

  private argv(args: string[]): readonly [string, readonly string[]] {
    const bin = this.opts.bin ?? 'nft';
    return this.opts.netns ? (['ip', ['netns', 'exec', this.opts.netns, bin, ...args]] as const) : ([bin, args] as const);
  }

  private exec(args: string[], input?: string) {
    const [file, argv] = this.argv(args);
    return run(file, [...argv], input !== undefined ? { input, env: NFT_FULL_ENV } : {});
  }

  async apply(script: string): Promise<void> {
    // Full and resync scripts (table blocks, ~100s of KB) are rare: one `nft -f -` each.
    if (this.session && isFlatScript(script)) {
      try {
        return await this.session.apply(script);
      } catch (e) {
        // nft died, hung, or cannot run interactively (a build without -i): run the
        // script once as `nft -f` instead. Safe if the lost line did commit: adds and
        // flush+rewrite are idempotent, and a delete of something gone fails, which
        // makes the proxy's next sync a full one.
        if (!(e instanceof EdgeplaneError && e.code === 'NftSessionLost')) throw e;
      }
    }
    const r = await this.exec(['-f', '-'], script);
    if (r.exitCode !== 0) {
      // nft prints the failing line with a caret; keep the first lines, the rest is noise.
      const msg = r.stderr.trim().split('\n').slice(0, 6).join('\n');
      throw new EdgeplaneError('NftApplyFailed', `nft -f: ${msg || `exit ${r.exitCode}`}`, { cause: r });
    }
  }

  close(): void {
    this.session?.close();
  }

  async listTable(family: string, name: string): Promise<string | undefined> {
    const r = await this.exec(['list', 'table', family, name]);
    if (r.exitCode === 0) return r.stdout;
    if (MISSING.test(r.stderr)) return undefined;
    throw new EdgeplaneError('NftListFailed', `nft list table ${family} ${name}: ${r.stderr.trim()}`, { cause: r });
  }

  async deleteTable(family: string, name: string): Promise<boolean> {
    const r = await this.exec(['delete', 'table', family, name]);
    if (r.exitCode === 0) return true;
    if (MISSING.test(r.stderr)) return false;
    throw new EdgeplaneError('NftDeleteFailed', `nft delete table ${family} ${name}: ${r.stderr.trim()}`, { cause: r });
  }
}
