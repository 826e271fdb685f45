import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Filter,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EventFilter, EventMetadata, JsonObject, RecordedEvent } from '../types';
import { encodePosition } from './esdb-positions';

/** System records ($-prefixed stream or type: stats, metadata, projection links) are not ours. */
export function isSystemRecord(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Server-side filter for subscribeToAll. ESDB filters on stream name OR event type, never both,
 * and matches types by prefix or regex, so: stream prefixes win when both are given (the type
 * check then happens client-side), event types become an anchored regex so 'CaseOpened' does not
 * also match 'CaseOpenedV2'. The client always re-checks with matchesFilter, so the server filter
 * only has to be a superset. With no filter, system events are excluded at the server.
 */
export function toEsdbFilter(filter: EventFilter | undefined): Filter {
  if (filter?.streamPrefixes && filter.streamPrefixes.length > 0) {
    return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
  }
  if (filter?.eventTypes && filter.eventTypes.length > 0) {
    return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$` });
  }
  return excludeSystemEvents();
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * Decodes a resolved event into the port's shape; undefined for system records and for link
 * events whose target is gone. An event that is not a JSON object with JSON metadata was not
 * written through this port: refuse it loudly (by position and id, never payload or stream).
 */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || isSystemRecord(event.streamId, event.type)) return undefined;
  const position = encodePosition(event.position);
  if (!event.isJson || !isJsonObject(event.data) || !isJsonObject(event.metadata)) {
    throw new Error(`EventStoreDB event ${event.id} at position ${position} is not a JSON event with JSON metadata`);
  }
  return {
    id: event.id.toLowerCase(),
    type: event.type,
    data: event.data,
    metadata: event.metadata as EventMetadata,
    streamName: event.streamId,
    revision: event.revision,
    position,
    recordedAt: event.created,
  };
}
