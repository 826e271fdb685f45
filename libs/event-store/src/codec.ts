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
 * fields of an event per data subject (libs/audit). Adapters know nothing of it: `withCodec` wraps
 * any EventStore.
 */
export interface EventCodec {
  encode(stream: string, event: EventToAppend): EventToAppend | Promise<EventToAppend>;
  decode(event: RecordedEvent): RecordedEvent | Promise<RecordedEvent>;
}

async function* decodeAll(source: AsyncIterable<RecordedEvent>, codec: EventCodec): AsyncIterable<RecordedEvent> {
  for await (const event of source) yield await codec.decode(event);
}

export function withCodec(store: EventStore, codec: EventCodec): EventStore {
  return {
    async appendToStream(stream: string, events: readonly EventToAppend[], options?: AppendOptions): Promise<AppendResult> {
      const encoded = await Promise.all(events.map((event) => codec.encode(stream, event)));
      return store.appendToStream(stream, encoded, options);
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
