import { DuplicateEventId } from './errors';
import type { AppendResult, ExpectedRevision } from './types';

/**
 * The checks of the port's arguments and the rules every adapter that assigns its own revisions
 * applies (SQLite, PostgreSQL): the same refusals, in the same words, whichever store runs.
 */

export function satisfies(expected: ExpectedRevision, last: bigint | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return last === undefined;
  if (expected === 'stream_exists') return last !== undefined;
  return last === expected;
}

export function checkExpectedRevision(expected: unknown): ExpectedRevision {
  if (expected === undefined) return 'any';
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'bigint' && expected >= 0n) return expected;
  throw new RangeError("expectedRevision must be 'any', 'no_stream', 'stream_exists' or a bigint >= 0");
}

export function checkNonNegative(value: unknown, name: string): bigint {
  if (typeof value === 'bigint' && value >= 0n) return value;
  throw new RangeError(`${name} must be 'start', 'end' or a bigint >= 0`);
}

export function checkMaxCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return Number.POSITIVE_INFINITY;
  if (Number.isInteger(maxCount) && maxCount >= 0) return maxCount;
  throw new RangeError('maxCount must be an integer >= 0');
}

/** Where the event found under an id lives; used to recognise a retried append. */
export interface StoredId {
  streamName: string;
  revision: bigint;
  position: bigint;
}

/**
 * EventStoreDB's idempotency: if every id of the batch is already stored in this stream, in this
 * order at consecutive revisions, the batch is a retry of an append that succeeded (the caller
 * never saw the answer), and the original result is returned whatever expectedRevision says now.
 * `stored` holds, for each id of the batch in order, where it is stored (undefined: nowhere).
 * Undefined when no id is stored; DuplicateEventId when only some are, or elsewhere.
 */
export function originalAppendOf(stream: string, ids: readonly string[], stored: readonly (StoredId | undefined)[]): AppendResult | undefined {
  const known = stored.findIndex((found) => found !== undefined);
  if (known < 0) return undefined;
  const first = stored[0];
  const isRetry = stored.every(
    (found, index) => first && found && found.streamName === stream && found.revision === first.revision + BigInt(index),
  );
  if (!isRetry) throw new DuplicateEventId(ids[known]);
  const last = stored[stored.length - 1] as StoredId;
  return { nextExpectedRevision: last.revision, position: last.position };
}
