import { InvalidEvent, InvalidStreamName } from './errors';
import type { EventToAppend } from './types';

/** Same limits for every adapter, so that a stream valid here is valid in EventStoreDB too. */
export const MAX_STREAM_NAME_LENGTH = 200;
/** EventStoreDB's default maximum append size; the SQLite adapter enforces the same. */
export const MAX_APPEND_BYTES = 1024 * 1024;

// `{category}-{id}`: the category is everything before the first '-', as in EventStoreDB's $by_category.
// A category may have dotted parts: the services name theirs `<owner>.<entity>` (libs/contracts streams.ts).
const STREAM_NAME = /^([a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)*)-([A-Za-z0-9][A-Za-z0-9_.:-]*)$/;
// A BSN has 9 digits (8 for old ones, written with a leading zero); any 9-digit run is refused.
const BSN_SHAPED = /(?<!\d)\d{9}(?!\d)/;
// A date of birth in the id is a personal identifier too.
const DATE_SHAPED = /(?<!\d)(\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4}|\d{8})(?!\d)/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]*(\.v[0-9]+)?$/;
const MAX_EVENT_TYPE_LENGTH = 100;

export function assertValidStreamName(stream: unknown): asserts stream is string {
  if (typeof stream !== 'string' || stream.length === 0) throw new InvalidStreamName('empty');
  if (stream.length > MAX_STREAM_NAME_LENGTH) throw new InvalidStreamName('too_long');
  if (!/^[A-Za-z0-9_.:-]+$/.test(stream)) throw new InvalidStreamName('illegal_characters');
  const match = STREAM_NAME.exec(stream);
  if (!match) throw new InvalidStreamName('missing_category_or_id');
  const id = match[2];
  // UUIDs are the normal ids: strip them first, since a random UUID's hex groups can hold a 9-digit
  // run or 8 digits that look like a date (about 1.5% of UUIDs would otherwise be refused).
  const withoutUuids = id.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '');
  if (BSN_SHAPED.test(withoutUuids) || DATE_SHAPED.test(withoutUuids)) throw new InvalidStreamName('personal_identifier');
}

export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Validates a batch before anything is written and returns the serialised data and metadata, so
 * adapters serialise once. Throws InvalidEvent naming the index and field at fault.
 */
export function validateAndSerialise(
  events: readonly EventToAppend[],
): { event: EventToAppend; data: string; metadata: string }[] {
  if (!Array.isArray(events) || events.length === 0) throw new InvalidEvent(0, 'events', 'must be a non-empty array');
  const ids = new Set<string>();
  let bytes = 0;
  return events.map((event: EventToAppend, index) => {
    if (!isPlainObject(event as unknown)) throw new InvalidEvent(index, 'event', 'must be an object');
    if (typeof event.id !== 'string' || !UUID.test(event.id)) throw new InvalidEvent(index, 'id', 'must be a UUID');
    const id = event.id.toLowerCase();
    if (ids.has(id)) throw new InvalidEvent(index, 'id', 'is repeated within the batch');
    ids.add(id);
    if (typeof event.type !== 'string' || event.type.length > MAX_EVENT_TYPE_LENGTH || !EVENT_TYPE.test(event.type))
      throw new InvalidEvent(index, 'type', 'must be a PascalCase event name');
    if (!isPlainObject(event.data)) throw new InvalidEvent(index, 'data', 'must be a plain object');
    assertValidMetadata(event.metadata, index);
    let data: string;
    let metadata: string;
    try {
      data = JSON.stringify(event.data);
      metadata = JSON.stringify(event.metadata);
    } catch {
      throw new InvalidEvent(index, 'data', 'must be JSON-serialisable');
    }
    bytes += Buffer.byteLength(data) + Buffer.byteLength(metadata);
    if (bytes > MAX_APPEND_BYTES) throw new InvalidEvent(index, 'data', `makes the append larger than ${MAX_APPEND_BYTES} bytes`);
    return { event: { ...event, id }, data, metadata };
  });
}

function assertValidMetadata(metadata: unknown, index: number): void {
  if (!isPlainObject(metadata)) throw new InvalidEvent(index, 'metadata', 'must be an object');
  if (typeof metadata.occurredAt !== 'string' || Number.isNaN(Date.parse(metadata.occurredAt)))
    throw new InvalidEvent(index, 'metadata.occurredAt', 'must be an ISO 8601 timestamp');
  const actor = metadata.actor;
  if (!isPlainObject(actor)) throw new InvalidEvent(index, 'metadata.actor', 'must be an object');
  for (const key of ['userId', 'role', 'organisation'] as const) {
    if (typeof actor[key] !== 'string' || actor[key] === '')
      throw new InvalidEvent(index, `metadata.actor.${key}`, 'must be a non-empty string');
  }
  if (typeof metadata.correlationId !== 'string' || metadata.correlationId === '')
    throw new InvalidEvent(index, 'metadata.correlationId', 'must be a non-empty string');
  if (!Number.isInteger(metadata.schemaVersion) || (metadata.schemaVersion as number) < 1)
    throw new InvalidEvent(index, 'metadata.schemaVersion', 'must be a positive integer');
}

export function matchesFilter(
  event: { streamName: string; type: string },
  filter: { streamPrefixes?: string[]; eventTypes?: string[] } | undefined,
): boolean {
  if (!filter) return true;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => event.streamName.startsWith(p))) return false;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  return true;
}
