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
} from './types';

/**
 * A codec transforms events on their way into and out of the store, e.g. encrypting the personal
 * fields of an event per data subject (libs/privacy). Adapters know nothing of it: `withCodec` wraps
 * any EventStore.
 */
export interface EventCodec {
  encode(stream: string, event: EventToAppend): EventToAppend | Promise<EventToAppend>;
  decode(event: RecordedEvent): RecordedEvent | Promise<RecordedEvent>;
}

/**
 * The source's events, decoded, in order. Hand-written rather than an async generator: a generator
 * costs several promise hops per event (its own `next()`, the `for await`, the `await` of a decode
 * that is usually synchronous, the `yield`), which a long replay pays millions of times; here an
 * event costs one `then` on the source's promise, and a synchronous decode no promise of its own.
 * Like a generator: `return()` (a `break`, an early exit) closes the source, a decode failure closes
 * the source and rejects, and after either the iterator is done.
 */
function decodeAll(source: AsyncIterable<RecordedEvent>, codec: EventCodec): AsyncIterable<RecordedEvent> {
  return { [Symbol.asyncIterator]: () => new DecodingIterator(source[Symbol.asyncIterator](), codec) };
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

class DecodingIterator implements AsyncIterator<RecordedEvent, undefined> {
  private finished = false;

  constructor(
    private readonly source: AsyncIterator<RecordedEvent>,
    private readonly codec: EventCodec,
  ) {}

  next(): Promise<IteratorResult<RecordedEvent, undefined>> {
    if (this.finished) return Promise.resolve(DONE);
    return this.source.next().then(this.decoded, this.failed);
  }

  return(): Promise<IteratorResult<RecordedEvent, undefined>> {
    return this.close().then(() => DONE);
  }

  private readonly decoded = (result: IteratorResult<RecordedEvent>): IteratorResult<RecordedEvent, undefined> | Promise<IteratorResult<RecordedEvent, undefined>> => {
    if (this.finished) return DONE;
    if (result.done) {
      this.finished = true;
      return DONE;
    }
    let decoded: RecordedEvent | Promise<RecordedEvent>;
    try {
      decoded = this.codec.decode(result.value);
    } catch (error) {
      return this.abandon(error);
    }
    if (isPromiseLike(decoded)) return Promise.resolve(decoded).then((event) => ({ value: event, done: false as const }), (error: unknown) => this.abandon(error));
    return { value: decoded, done: false };
  };

  /** The source failed: it is finished already (as a `for await` would, do not close it). */
  private readonly failed = (error: unknown): never => {
    this.finished = true;
    throw error;
  };

  /** A decode failed: close the source, then reject with the decode's error. */
  private abandon(error: unknown): Promise<never> {
    return this.close().then(
      () => Promise.reject(error),
      () => Promise.reject(error),
    );
  }

  private async close(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.source.return?.();
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

export function withCodec(store: EventStore, codec: EventCodec): EventStore {
  return {
    async appendToStream(stream: string, events: readonly EventToAppend[], options?: AppendOptions): Promise<AppendResult> {
      // Usually every encode is synchronous (keys cached): then no promise per event.
      const encoded = events.map((event) => codec.encode(stream, event));
      return store.appendToStream(stream, encoded.some(isPromiseLike) ? await Promise.all(encoded) : (encoded as EventToAppend[]), options);
    },
    readStream: (stream: string, options?: ReadStreamOptions) => decodeAll(store.readStream(stream, options), codec),
    readAll: (options?: ReadAllOptions) => decodeAll(store.readAll(options), codec),
    subscribeToAll(options?: SubscribeToAllOptions): Subscription {
      const inner = store.subscribeToAll(options);
      const decoded = decodeAll(inner, codec);
      return { close: () => inner.close(), [Symbol.asyncIterator]: () => decoded[Symbol.asyncIterator]() };
    },
    headPosition: () => store.headPosition(),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
