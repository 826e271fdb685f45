import type { ExpectedRevision } from './types';

/**
 * Errors are values with codes the HTTP edge maps in one place. Messages never carry a stream name
 * or payload: a stream id could hold a personal identifier and error messages end up in logs.
 */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** Optimistic concurrency conflict: HTTP 409 (or 412 when the caller sent If-Match). */
export class WrongExpectedVersion extends EventStoreError {
  readonly code = 'wrong_expected_version';
  constructor(
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`wrong expected version: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersion';
  }
}

export type StreamNameProblem =
  | 'empty'
  | 'too_long'
  | 'illegal_characters'
  | 'missing_category_or_id'
  | 'personal_identifier';

/** The stream name is not `{category}-{id}` or carries a personal identifier. Nothing was appended. */
export class InvalidStreamName extends EventStoreError {
  readonly code = 'invalid_stream_name';
  constructor(readonly problem: StreamNameProblem) {
    super(`invalid stream name: ${problem}`);
    this.name = 'InvalidStreamName';
  }
}

/** An event in the batch is malformed; `field` names what is wrong. Nothing was appended. */
export class InvalidEvent extends EventStoreError {
  readonly code = 'invalid_event';
  constructor(
    readonly index: number,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`invalid event at index ${index}: ${field} ${problem}`);
    this.name = 'InvalidEvent';
  }
}

/**
 * Some but not all event ids of the batch are already stored, or stored in another stream: this is
 * not a retry of an earlier append. Nothing was appended.
 */
export class DuplicateEventId extends EventStoreError {
  readonly code = 'duplicate_event_id';
  constructor(readonly eventId: string) {
    super(`event id already stored elsewhere: ${eventId}`);
    this.name = 'DuplicateEventId';
  }
}

/** The store cannot be reached or failed: HTTP 503. */
export class EventStoreUnavailable extends EventStoreError {
  readonly code = 'event_store_unavailable';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`event store unavailable: ${reason}`, options);
    this.name = 'EventStoreUnavailable';
  }
}

/** Why a stored record cannot be read as an event (codes only: the record's content is never shown). */
export type UnreadableReason = 'data_not_json_object' | 'metadata_not_json_object';

/**
 * A stored record that is not an event this code can read (e.g. written by hand or by a legacy tool):
 * its data or metadata is not a JSON object. Carries the columns that are readable without parsing,
 * so a subscriber can skip it knowingly (the relay dead-letters it); never its content.
 */
export class UnreadableEvent extends EventStoreError {
  readonly code = 'unreadable_event';
  constructor(
    readonly position: bigint,
    readonly eventId: string,
    readonly type: string,
    readonly streamName: string,
    readonly reason: UnreadableReason,
  ) {
    super(`event at position ${position} is unreadable: ${reason}`);
    this.name = 'UnreadableEvent';
  }
}
