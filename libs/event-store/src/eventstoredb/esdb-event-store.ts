import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  jsonEvent,
  type AllStreamSubscription,
  type AppendResult as EsdbAppendResult,
  type ReadStreamOptions as EsdbReadStreamOptions,
  type StreamingRead,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscribeToAllOptions,
} from '../types';
import { EventStoreUnavailable, WrongExpectedVersion } from '../errors';
import { assertValidStreamName, matchesFilter, validateAndSerialise } from '../validation';
import { mapAppendError, mapEsdbError } from './esdb-errors';
import { isSystemRecord, toEsdbFilter, toRecordedEvent } from './esdb-events';
import { checkMaxCount, checkNonNegative } from '../port-arguments';
import {
  comparePositions,
  encodePosition,
  normaliseConnectionString,
  readAllStart,
  subscribeStart,
  toEsdbExpectedRevision,
} from './esdb-positions';
import { EsdbSubscription } from './esdb-subscription';

/** $all is read in pages so a long replay keeps one page in flight, and filters can skip freely. */
const READ_ALL_PAGE = 500;
/** ping() should fail fast: a readiness probe must not hang for the client's 10 s default. */
const PING_DEADLINE_MS = 3000;

/**
 * The EventStore port on EventStoreDB (production). Thin: each port call is one client call
 * (readAll: one per page), validated with the same functions as the SQLite adapter before any
 * network traffic. Positions: see esdb-positions.ts.
 */
export class EventStoreDbEventStore implements EventStore {
  private closed = false;
  private readonly subscriptions = new Set<EsdbSubscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  /** Lazy: no connection is made until the first call. Accepts esdb:// and kurrentdb:// URLs. */
  static connect(connectionString: string): EventStoreDbEventStore {
    try {
      return new EventStoreDbEventStore(EventStoreDBClient.connectionString(normaliseConnectionString(connectionString)));
    } catch {
      // The parser's message repeats the whole string, credentials included: don't pass it on.
      throw new Error('EVENT_STORE_URL is not a valid EventStoreDB connection string');
    }
  }

  async appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    assertValidStreamName(stream);
    const batch = validateAndSerialise(events);
    const expectedRevision = toEsdbExpectedRevision(options.expectedRevision);
    const expected = options.expectedRevision ?? 'any';
    this.assertOpen();
    const proposed = batch.map(({ event }) =>
      jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata }),
    );
    let result: EsdbAppendResult;
    try {
      result = await this.client.appendToStream(stream, proposed, { expectedRevision });
    } catch (error) {
      throw mapAppendError(error, expected, batch[0].event.id);
    }
    // Only reached with throwOnAppendFailure=false in the connection string.
    if (!result.success) {
      throw new WrongExpectedVersion(expected, result.nextExpectedRevision < 0n ? 'no_stream' : result.nextExpectedRevision);
    }
    // The server reports the position of the batch's last event; older servers may omit it.
    const position = result.position
      ? result.position.commit
      : await this.positionOfRevision(stream, result.nextExpectedRevision);
    return { nextExpectedRevision: result.nextExpectedRevision, position };
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    return this.streamEvents(stream, options);
  }

  private async *streamEvents(stream: string, options: ReadStreamOptions): AsyncGenerator<RecordedEvent> {
    assertValidStreamName(stream);
    const maxCount = checkMaxCount(options.maxCount);
    if (maxCount === 0) return;
    const direction = options.direction === 'backwards' ? BACKWARDS : FORWARDS;
    const from = options.fromRevision ?? (direction === BACKWARDS ? 'end' : 'start');
    const fromRevision = from === 'start' ? START : from === 'end' ? END : checkNonNegative(from, 'fromRevision');
    const read: EsdbReadStreamOptions = { direction, fromRevision, maxCount: Number.isFinite(maxCount) ? maxCount : undefined };
    this.assertOpen();
    try {
      for await (const resolved of cancelOnExit(this.client.readStream(stream, read))) {
        const event = toRecordedEvent(resolved);
        if (event) yield event;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw mapEsdbError(error);
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return this.allEvents(options);
  }

  private async *allEvents(options: ReadAllOptions): AsyncGenerator<RecordedEvent> {
    const limit = checkMaxCount(options.maxCount);
    if (limit === 0) return;
    const from = readAllStart(options.fromPosition);
    this.assertOpen();
    // Everything at or before `seen` has been handled: the checkpoint itself (exclusive), then
    // the last record of each page, which the next (inclusive) page starts with again.
    let seen: Position | undefined = from === START ? undefined : (from as Position);
    let next: ReadPosition = from;
    let yielded = 0;
    for (;;) {
      let received = 0;
      const pageStart: ReadPosition = next;
      try {
        const page = this.client.readAll({ direction: FORWARDS, fromPosition: next, maxCount: READ_ALL_PAGE });
        for await (const resolved of cancelOnExit(page)) {
          received += 1;
          const record = resolved.event;
          if (!record) continue;
          if (seen && comparePositions(record.position, seen) <= 0) continue;
          seen = record.position;
          next = record.position;
          const event = toRecordedEvent(resolved);
          if (!event || !matchesFilter(event, options.filter)) continue;
          yield event;
          yielded += 1;
          if (yielded >= limit) return;
        }
      } catch (error) {
        throw mapEsdbError(error);
      }
      // A short page is the end of $all; a page that moved nothing on would repeat forever.
      if (received < READ_ALL_PAGE || next === pageStart) return;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    let open: (() => AllStreamSubscription) | Error;
    try {
      const fromPosition = subscribeStart(options.fromPosition);
      const filter = toEsdbFilter(options.filter);
      this.assertOpen();
      open = () => this.client.subscribeToAll({ fromPosition, filter });
    } catch (error) {
      // As in the SQLite adapter, bad options surface on first iteration, not at the call.
      open = error as Error;
    }
    const after = typeof options.fromPosition === 'bigint' ? options.fromPosition : undefined;
    const subscription = new EsdbSubscription(open, after, options.filter, options.signal, (ended) =>
      this.subscriptions.delete(ended),
    );
    if (!subscription.ended) this.subscriptions.add(subscription);
    return subscription;
  }

  /** Newest non-system event: system records ($stats…) keep arriving and would make lag never 0. */
  async headPosition(): Promise<bigint> {
    this.assertOpen();
    let from: ReadPosition = END;
    for (;;) {
      let received = 0;
      const pageStart: ReadPosition = from;
      const before = from === END ? undefined : (from as Position);
      try {
        const page = this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: READ_ALL_PAGE });
        for await (const resolved of cancelOnExit(page)) {
          received += 1;
          const record = resolved.event;
          // Whether a backwards page repeats its start record is not ours to rely on: skip it.
          if (!record || (before && comparePositions(record.position, before) >= 0)) continue;
          if (!isSystemRecord(record.streamId, record.type)) return encodePosition(record.position);
          from = record.position;
        }
      } catch (error) {
        throw mapEsdbError(error);
      }
      if (received < READ_ALL_PAGE || from === pageStart) return 0n;
    }
  }

  async ping(): Promise<void> {
    this.assertOpen();
    try {
      const probe = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: PING_DEADLINE_MS });
      for await (const _resolved of probe) break;
    } catch (error) {
      throw mapEsdbError(error);
    }
  }

  /** Ends every open subscription; afterwards each call fails with EventStoreUnavailable. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  // The client would quietly reconnect after dispose(): a closed store must say it is closed.
  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailable('store is closed');
  }

  private async positionOfRevision(stream: string, revision: bigint): Promise<bigint> {
    try {
      for await (const resolved of cancelOnExit(this.client.readStream(stream, { fromRevision: revision, maxCount: 1 }))) {
        if (resolved.event) return encodePosition(resolved.event.position);
      }
    } catch (error) {
      throw mapEsdbError(error);
    }
    throw new Error('EventStoreDB did not return the appended event');
  }
}

/**
 * Iterates a client read and cancels its gRPC call when the consumer stops early (break, maxCount
 * reached, error): the client's stream only stops the call on cancel(), not when destroyed.
 */
async function* cancelOnExit<T>(read: StreamingRead<T>): AsyncGenerator<T> {
  let finished = false;
  try {
    for await (const item of read) yield item;
    finished = true;
  } finally {
    if (!finished) void read.cancel().catch(() => undefined);
  }
}
