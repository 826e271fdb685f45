import { ANY, END, NO_STREAM, START, STREAM_EXISTS, type AppendExpectedRevision, type Position, type ReadPosition } from '@eventstore/db-client';
import { checkExpectedRevision, checkNonNegative } from '../port-arguments';
import type { ExpectedRevision } from '../types';

/**
 * Positions. EventStoreDB orders $all by a pair {commit, prepare} of transaction-log offsets; the
 * port needs one strictly increasing bigint per event. We use the commit position.
 *
 * Why this is safe: every append through the gRPC API is an implicit transaction whose prepare
 * records are self-committed, and the server reports such an event at
 * {commit: its log position, prepare: its log position}. Log positions are byte offsets of
 * distinct records, so commit alone is unique per event and increases along $all. The only
 * events with commit != prepare come from explicit multi-call transactions, which exist only in
 * the legacy TCP API (removed in 24.x) and are never written by this adapter; we refuse to
 * decode them rather than hand out a position two events would share. The bigint stays below
 * 2^63, so checkpoints fit a signed 64-bit column (a paired 128-bit encoding would not).
 * Emmett's EventStoreDB store makes the same choice.
 */
export function encodePosition(position: Position | undefined): bigint {
  if (!position || !isRealPosition(position.commit)) {
    throw new Error('EventStoreDB returned no $all position for an event (server 22.6 or newer is required)');
  }
  if (position.commit !== position.prepare) {
    throw new Error(
      `EventStoreDB event at commit ${position.commit} was written in an explicit transaction; ` +
        'its position cannot be represented as one integer',
    );
  }
  return position.commit;
}

/** The ESDB position of the event the port calls `position`: both halves are the commit position. */
export function decodePosition(position: bigint): Position {
  if (position < 0n || position >= UNSET_POSITION) throw new RangeError('position out of range');
  return { commit: position, prepare: position };
}

/** Servers before 22.6 fill positions on stream reads with 2^64-1 (ulong -1). */
const UNSET_POSITION = 2n ** 63n;
function isRealPosition(value: bigint | undefined): value is bigint {
  return typeof value === 'bigint' && value >= 0n && value < UNSET_POSITION;
}

/** Lexicographic order of $all, as the server compares positions. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/**
 * readAll: ESDB's fromPosition is INCLUSIVE, ours is exclusive. We start the read AT the
 * checkpoint (a real record boundary, so the server accepts it) and the caller drops everything at
 * or before it; starting at checkpoint+1 would point into the middle of a record.
 */
export function readAllStart(fromPosition: 'start' | bigint | undefined): ReadPosition {
  return fromPosition === undefined || fromPosition === 'start' ? START : decodePosition(checkNonNegative(fromPosition, 'fromPosition'));
}

/** subscribeToAll: the server already starts AFTER the given position (exclusive), like the port. */
export function subscribeStart(fromPosition: 'start' | 'end' | bigint | undefined): ReadPosition {
  if (fromPosition === undefined || fromPosition === 'start') return START;
  if (fromPosition === 'end') return END;
  return decodePosition(checkNonNegative(fromPosition, 'fromPosition'));
}

// Option checks are the other adapters' (port-arguments.ts), so every store refuses the same input.
export function toEsdbExpectedRevision(expected: ExpectedRevision | undefined): AppendExpectedRevision {
  const checked = checkExpectedRevision(expected);
  if (checked === 'any') return ANY;
  if (checked === 'no_stream') return NO_STREAM;
  if (checked === 'stream_exists') return STREAM_EXISTS;
  return checked;
}

/** The 6.x client only parses esdb:// and esdb+discover://; KurrentDB's scheme means the same. */
export function normaliseConnectionString(url: string): string {
  return url.trim().replace(/^kurrentdb(\+discover)?:\/\//i, (_match, discover: string | undefined) => `esdb${discover ?? ''}://`);
}
