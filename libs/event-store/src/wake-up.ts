/**
 * Tells waiting subscriptions that there may be new events. Appends through this store call
 * `notify()` right after commit; appends by other connections (other processes) are only visible in
 * the database (PostgreSQL also tells its listeners, who call `notify()` too), so while anyone waits
 * a timer wakes them every `pollIntervalMs` to look. A wake-up is a
 * hint, never data: the subscription re-reads `position > checkpoint`, so a spurious or missed hint
 * can delay an event by one interval but never lose or repeat it.
 */
export class WakeUp {
  private readonly waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pollIntervalMs: number,
    /** Runs first at every wake-up, before any waiter: e.g. to forget what was read before it. */
    private readonly onNotify: () => void = () => undefined,
  ) {}

  notify(): void {
    this.onNotify();
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves on the next notify, poll tick or abort, whichever comes first. */
  wait(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.waiters.delete(wake);
        signal.removeEventListener('abort', wake);
        if (this.waiters.size === 0) this.stopTimer();
        resolve();
      };
      this.waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
      // Kept referenced on purpose: a live subscription keeps the process alive, like a socket would.
      this.timer ??= setInterval(() => this.notify(), this.pollIntervalMs);
    });
  }

  close(): void {
    this.notify();
    this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
