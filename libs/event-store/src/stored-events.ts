import type { EventStore, RecordedEvent } from './types';

/**
 * An event as the store holds it at rest: data and metadata as their stored JSON text, not parsed.
 * For whoever must look at the bytes themselves (the seals of issue 16 hash them), cheaper than
 * RecordedEvent by a JSON.parse of each (and, to hash, a JSON.stringify back).
 */
export interface StoredEvent {
  position: bigint;
  streamName: string;
  revision: bigint;
  id: string;
  type: string;
  data: string;
  metadata: string;
}

export interface ReadStoredOptions {
  /** As in ReadAllOptions: a bigint is exclusive. Default 'start'. */
  fromPosition?: 'start' | bigint;
}

/** A store that can hand out its rows as stored (the SQLite adapter). */
export interface StoredEventSource {
  /** The whole global order forwards, a page (the store's page size) at a time; memory stays flat. */
  readAllStored(options?: ReadStoredOptions): AsyncIterable<StoredEvent[]>;
}

const FALLBACK_PAGE = 500;

const isStoredEventSource = (store: EventStore): store is EventStore & StoredEventSource =>
  typeof (store as Partial<StoredEventSource>).readAllStored === 'function';

/**
 * The store's rows as stored, in pages. A store without its own way (EventStoreDB: the client hands
 * out parsed JSON) gets readAll with data and metadata serialised back, as validateAndSerialise
 * wrote them: the same text for whatever was appended through this port.
 */
export function readAllStored(store: EventStore, options: ReadStoredOptions = {}): AsyncIterable<StoredEvent[]> {
  if (isStoredEventSource(store)) return store.readAllStored(options);
  return pagesOf(store.readAll({ fromPosition: options.fromPosition ?? 'start' }));
}

async function* pagesOf(events: AsyncIterable<RecordedEvent>): AsyncGenerator<StoredEvent[]> {
  let page: StoredEvent[] = [];
  for await (const event of events) {
    page.push(storedFormOf(event));
    if (page.length === FALLBACK_PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

export function storedFormOf(event: RecordedEvent): StoredEvent {
  const { position, streamName, revision, id, type } = event;
  return { position, streamName, revision, id, type, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) };
}
