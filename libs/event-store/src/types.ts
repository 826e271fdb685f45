/**
 * The event store port. Semantics follow EventStoreDB so that the SQLite (embedded), PostgreSQL and
 * EventStoreDB adapters are interchangeable; all pass the one contract suite in libs/testing.
 */

/** Who did it. Never a name or BSN: an opaque user id, a role and an organisation code. */
export interface Actor {
  userId: string;
  role: string;
  organisation: string;
}

/** Envelope metadata carried by every event (docs/architecture.md, "The event path"). */
export interface EventMetadata {
  occurredAt: string;
  actor: Actor;
  /** The party this action was done for, e.g. a coach acting for the case director. */
  onBehalfOf?: string;
  purpose?: string;
  correlationId: string;
  causationId?: string;
  schemaVersion: number;
  /** Extra envelope fields (e.g. the encryption key id added by a codec). JSON values only. */
  [extension: string]: unknown;
}

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event to append. `id` is a UUIDv7 chosen by the caller: it makes retries idempotent. */
export interface EventToAppend<Type extends string = string, Data extends JsonObject = JsonObject> {
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

/** An event as read back from the store. */
export interface RecordedEvent<Type extends string = string, Data extends JsonObject = JsonObject>
  extends EventToAppend<Type, Data> {
  streamName: string;
  /** 0-based revision within the stream. */
  revision: bigint;
  /** Global, strictly increasing position in the store's total order ($all). */
  position: bigint;
  /** When the store committed the event (store clock, not the domain clock). */
  recordedAt: Date;
}

/**
 * Optimistic concurrency:
 * - 'no_stream': the stream must not exist yet
 * - 'stream_exists': the stream must have at least one event
 * - 'any': no check
 * - bigint: the revision of the stream's last event must be exactly this
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream; pass it as expectedRevision next time. */
  nextExpectedRevision: bigint;
  /** Global position of the last appended event. */
  position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction;
  /** Inclusive. Default: 'start' forwards, 'end' backwards. */
  fromRevision?: 'start' | 'end' | bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /**
   * Checkpoint semantics: a bigint position is EXCLUSIVE (read what comes after it), so a stored
   * checkpoint (the position of the last event handled) can be passed as is. Default 'start'.
   */
  fromPosition?: 'start' | bigint;
  maxCount?: number;
  filter?: EventFilter;
}

export interface EventFilter {
  /** Keep events whose stream name starts with one of these (e.g. 'consent-'). */
  streamPrefixes?: string[];
  /** Keep events of these types. */
  eventTypes?: string[];
}

export interface SubscribeToAllOptions {
  /** As in ReadAllOptions: a bigint is exclusive. 'end' means only events appended from now on. */
  fromPosition?: 'start' | 'end' | bigint;
  filter?: EventFilter;
  /** Aborting ends the iteration. `subscription.close()` does the same. */
  signal?: AbortSignal;
}

/**
 * A catch-up subscription: yields every stored event after fromPosition in global order, then goes
 * live. Never skips or repeats an event, even while other writers append concurrently.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  appendToStream(stream: string, events: readonly EventToAppend[], options?: AppendOptions): Promise<AppendResult>;
  /** Streams events; memory stays flat however long the stream is. Unknown stream: yields nothing. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** Reads the global order forwards. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /** Position of the newest event in the store (0n when empty); used for lag metrics. */
  headPosition(): Promise<bigint>;
  /** Resolves when the store answers; readiness probes call it. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Nest injection token for the service's EventStore (provided by libs/runtime's EventStoreModule). */
export const EVENT_STORE = 'EVENT_STORE';
