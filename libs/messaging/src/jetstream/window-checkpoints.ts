import { performance } from 'node:perf_hooks';

/** Longest time acknowledged windows go without a checkpoint write while the relay is catching up. */
export const CHECKPOINT_EVERY_MS = 250;

/**
 * The relay's windows in flight and the checkpoint behind them. A window is added as soon as it is
 * sent; the checkpoint only moves in order, each window after its own PubAcks and every earlier
 * window's. Saving is batched: at once when the relay has caught up (a short window), otherwise at
 * most every CHECKPOINT_EVERY_MS, since every save is an fsync; a crash in between only means a
 * larger republish, which JetStream deduplicates.
 */
export class WindowCheckpoints {
  private chain: Promise<void> = Promise.resolve();
  private acked: bigint | undefined;
  private saved: bigint | undefined;
  private savedAt = performance.now();
  private deferred: NodeJS.Timeout | undefined;

  constructor(
    from: bigint | undefined,
    private readonly save: (position: bigint) => Promise<void>,
  ) {
    this.acked = this.saved = from;
  }

  /**
   * Adds a sent window ending at `last`. Resolves when the window before it is done (so the caller
   * keeps at most two in flight) and rejects when that one, or any before it, failed.
   */
  add(sent: Promise<void>, last: bigint, caughtUp: boolean): Promise<void> {
    const prior = this.chain;
    this.chain = (async () => {
      await prior;
      await sent;
      this.acked = last;
      if (caughtUp || performance.now() - this.savedAt >= CHECKPOINT_EVERY_MS) await this.saveAcked();
      else this.saveLater();
    })();
    // Surfaced through the returned promise now, or by the next add / finish.
    this.chain.catch(() => undefined);
    sent.catch(() => undefined);
    return prior;
  }

  /** Waits for every window; rejects if one failed. */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Ends the pass: whatever happened, the last position acknowledged in order is saved. */
  async close(): Promise<void> {
    clearTimeout(this.deferred);
    await this.chain.catch(() => undefined);
    await this.saveAcked();
  }

  private async saveAcked(): Promise<void> {
    if (this.acked === undefined || this.acked === this.saved) return;
    const position = this.acked;
    await this.save(position);
    this.saved = position;
    this.savedAt = performance.now();
  }

  /** A catch-up ending on a full window is saved a little later, through the chain, so saves never overtake. */
  private saveLater(): void {
    this.deferred ??= setTimeout(() => {
      this.deferred = undefined;
      this.chain = this.chain.then(() => this.saveAcked());
      this.chain.catch(() => undefined);
    }, CHECKPOINT_EVERY_MS);
  }
}
