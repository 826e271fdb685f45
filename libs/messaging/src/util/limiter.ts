/**
 * Bounds how many messages one consumer handles at a time, so a slow or poisoned message occupies one
 * slot instead of the whole consumer, and memory stays bounded.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  }

  /** Takes a free slot at once; false when all are taken (then `acquire()` waits for one). */
  tryAcquire(): boolean {
    if (this.active >= this.limit) return false;
    this.active += 1;
    return true;
  }

  async acquire(): Promise<void> {
    if (this.tryAcquire()) return;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // Hand the slot straight to the next waiter: `active` stays the same.
    if (next) return next();
    this.active -= 1;
    if (this.active === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  /** Resolves when nothing is in flight; used on close so no handler is cut off mid-effect. */
  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
