import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import type { EventFilter, RecordedEvent, Subscription } from '../types';
import { matchesFilter } from '../validation';
import { mapEsdbError } from './esdb-errors';
import { toRecordedEvent } from './esdb-events';

/**
 * The client's catch-up subscription to $all as the port's Subscription: an async iterable that
 * ends (without error) on close() or abort, and throws EventStoreUnavailable when the connection
 * drops; the consumer resubscribes from its checkpoint.
 *
 * The server subscription is opened at construction, not at first iteration, so that 'end' means
 * "from when subscribeToAll was called". Whoever subscribes must iterate to the end or close().
 */
export class EsdbSubscription implements Subscription {
  private closed = false;
  private readonly source: AllStreamSubscription | undefined;
  private readonly failure: Error | undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly abort = (): void => void this.close();

  constructor(
    /** Opens the server subscription; an Error when the options were refused (thrown on iteration). */
    open: (() => AllStreamSubscription) | Error,
    /** Exclusive checkpoint; also guards against a repeat at the catch-up → live switch. */
    private readonly after: bigint | undefined,
    private readonly filter: EventFilter | undefined,
    signal: AbortSignal | undefined,
    /** Tells the store this subscription no longer needs closing. */
    private readonly onEnd: (subscription: EsdbSubscription) => void = () => undefined,
  ) {
    if (signal?.aborted) {
      this.closed = true;
      return;
    }
    this.signal = signal;
    signal?.addEventListener('abort', this.abort, { once: true });
    if (open instanceof Error) {
      this.failure = open;
      return;
    }
    this.source = open();
    // An error before anyone iterates (e.g. server down) must not crash the process as an
    // unhandled 'error' event; the stream keeps it and the iterator rethrows it.
    this.source.on('error', () => undefined);
  }

  /** True once closed, aborted or ended; the store stops tracking it then. */
  get ended(): boolean {
    return this.closed;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RecordedEvent> {
    let last = this.after ?? -1n;
    try {
      if (this.failure) throw this.failure;
      const source = this.source;
      if (!source || this.closed) return;
      for await (const resolved of source as AsyncIterable<AllStreamResolvedEvent>) {
        if (this.closed) return;
        const event = toRecordedEvent(resolved);
        if (!event || event.position <= last) continue;
        last = event.position;
        if (matchesFilter(event, this.filter)) yield event;
      }
    } catch (error) {
      // Closing destroys the stream, which surfaces as an abort/premature-close error: an orderly end.
      if (this.closed) return;
      throw mapEsdbError(error);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signal?.removeEventListener('abort', this.abort);
    this.onEnd(this);
    const source = this.source;
    if (!source) return;
    // Destroy first so a pending next() ends at once; then cancel the gRPC call (unsubscribe
    // waits for the call to exist and rejects if it never did).
    source.destroy();
    await source.unsubscribe().catch(() => undefined);
  }
}
