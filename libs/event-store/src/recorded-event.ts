import { UnreadableEvent, type UnreadableReason } from './errors';
import type { EventMetadata, JsonObject, RecordedEvent } from './types';

/**
 * A stored row as the port's RecordedEvent, for the stores that keep data and metadata as JSON text
 * (SQLite, PostgreSQL). A row whose data or metadata is not a JSON object was not written through
 * the port: it is an UnreadableEvent (thrown), with its position, never its content.
 */
export function recordedEventOf(
  position: bigint,
  streamName: string,
  revision: bigint,
  id: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: Date,
): RecordedEvent {
  const unreadable = (reason: UnreadableReason) => new UnreadableEvent(position, id, type, streamName, reason);
  return {
    id,
    type,
    data: jsonObject(data, unreadable, 'data_not_json_object') as JsonObject,
    metadata: jsonObject(metadata, unreadable, 'metadata_not_json_object') as EventMetadata,
    streamName,
    revision,
    position,
    recordedAt,
  };
}

/** Whatever the append path wrote is a JSON object; anything else was put there some other way. */
function jsonObject(text: string, unreadable: (reason: UnreadableReason) => UnreadableEvent, reason: UnreadableReason): object {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw unreadable(reason);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw unreadable(reason);
  return value;
}
