// Level-triggered, per-key serialized work: kick(key) asks for one more run of
// sync(key); kicks that arrive while a run is in flight coalesce into a single
// follow-up run. A run always reads the latest state, so dropped kicks lose nothing.

export class KeyedSync {
  private running = new Set<string>();
  private dirty = new Set<string>();
  private idle: Array<() => void> = [];

  constructor(
    private readonly sync: (key: string) => Promise<void>,
    private readonly onError: (key: string, err: unknown) => void,
  ) {}

  kick(key: string): void {
    if (this.running.has(key)) {
      this.dirty.add(key);
      return;
    }
    this.running.add(key);
    void this.loop(key);
  }

  private async loop(key: string): Promise<void> {
    do {
      this.dirty.delete(key);
      try {
        await this.sync(key);
      } catch (err) {
        this.onError(key, err);
      }
    } while (this.dirty.has(key));
    this.running.delete(key);
    if (this.running.size === 0) for (const w of this.idle.splice(0)) w();
  }

  /** resolves when no run is in flight (for shutdown) */
  async drain(): Promise<void> {
    if (this.running.size === 0) return;
    await new Promise<void>((r) => this.idle.push(r));
  }
}
