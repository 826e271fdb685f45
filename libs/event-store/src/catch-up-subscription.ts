import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { UnreadableEvent } from './errors';
import type { EventFilter, RecordedEvent, Subscription } from './types';
import { matchesFilter } from './validation';
import type { WakeUp } from './wake-up';

export interface SubscriptionSource {
  /** One page of events after `position` (exclusive), in global order; throws (or rejects with) the port's errors. */
  readAfter(position: bigint): RecordedEvent[] | Promise<RecordedEvent[]>;
  /** The events strictly between two positions (fewer than a page: those before an unreadable one). */
  readBetween(after: bigint, before: bigint): RecordedEvent[] | Promise<RecordedEvent[]>;
  readonly pageSize: number;
  readonly wakeUp: WakeUp;
}

/**
 * Catch-up and live are one loop: read the page after the checkpoint, yield it, and when a page comes
 * back short, wait for a wake-up and read again. The stores that use it (SQLite, PostgreSQL) make
 * positions visible in commit order (one writer at a time), so `position > checkpoint` can neither
 * skip nor repeat an event, whoever appended it. No cursor is held between pages, so the connection stays free and memory flat.
 * An unreadable record (UnreadableEvent) fails the iteration only after every event before it was
 * yielded, and only when it matches the filter: a subscriber that resumes after its position misses
 * nothing, and one that would have filtered it out never hears of it.
 */
export class CatchUpSubscription implements Subscription {
  private readonly stopped = new AbortController();
  private iterator: AsyncGenerator<RecordedEvent> | undefined;
  private isEnded = false;

  constructor(
    private readonly source: SubscriptionSource,
    /** Exclusive start position (or its read under way), or why it could not be determined (raised on first iteration). */
    private readonly start: bigint | Promise<bigint> | Error,
    private readonly filter: EventFilter | undefined,
    private readonly signal: AbortSignal | undefined,
    private readonly onEnd: (subscription: CatchUpSubscription) => void,
  ) {
    // A start that fails is raised by the iteration, if there is one; never an unhandled rejection.
    if (start instanceof Promise) start.catch(() => undefined);
    if (signal?.aborted) this.stop();
    else signal?.addEventListener('abort', this.stop, { once: true });
  }

  /** True once closed, aborted or finished; the store stops tracking it then. */
  get ended(): boolean {
    return this.isEnded;
  }

  close(): Promise<void> {
    this.stop();
    return Promise.resolve();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    this.iterator ??= this.run();
    return this.iterator;
  }

  private readonly stop = (): void => {
    this.stopped.abort();
    this.end();
  };

  private end(): void {
    if (this.isEnded) return;
    this.isEnded = true;
    this.signal?.removeEventListener('abort', this.stop);
    this.onEnd(this);
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    const { stopped } = this;
    try {
      // Closed or aborted before the first read (e.g. on a closed store): end, don't fail.
      if (stopped.signal.aborted) return;
      if (this.start instanceof Error) throw this.start;
      // Awaited only when it is a read under way: a known start reads its first page at once.
      let checkpoint = this.start instanceof Promise ? await this.start : this.start;
      while (!stopped.signal.aborted) {
        const page = await this.readPage(checkpoint);
        for (const event of page) {
          if (event instanceof UnreadableEvent) {
            if (matchesFilter(event, this.filter)) throw event;
            checkpoint = event.position;
            continue;
          }
          checkpoint = event.position;
          if (!matchesFilter(event, this.filter)) continue;
          yield event;
          // The consumer may have closed us while it handled that event.
          if (stopped.signal.aborted) return;
        }
        if (page.length < this.source.pageSize && !(page.at(-1) instanceof UnreadableEvent)) await this.source.wakeUp.wait(stopped.signal);
        // A full page means we are catching up: let timers and I/O run between pages.
        else await yieldToEventLoop();
      }
    } catch (error) {
      // A read that failed because the subscription (or its store) was closed meanwhile: it ended,
      // as asked. Failing instead would reject a next() its consumer may not be awaiting any more.
      if (stopped.signal.aborted && !(error instanceof UnreadableEvent)) return;
      throw error;
    } finally {
      this.end();
    }
  }

  /** The next page; when a record in it is unreadable, the events before it and then that record. */
  private async readPage(after: bigint): Promise<Array<RecordedEvent | UnreadableEvent>> {
    try {
      return await this.source.readAfter(after);
    } catch (error) {
      if (!(error instanceof UnreadableEvent)) throw error;
      return [...(await this.source.readBetween(after, error.position)), error];
    }
  }
}
