import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  isCommandError,
} from '@eventstore/db-client';
import { DuplicateEventId, EventStoreUnavailable, InvalidEvent, WrongExpectedVersion } from '../errors';
import type { ExpectedRevision } from '../types';

// gRPC status codes the client sometimes leaves unconverted (e.g. from its capability probe).
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

function grpcCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Maps a client error onto the port's errors. The client's messages can carry the stream name
 * (WrongExpectedVersion, StreamDeleted, AccessDenied), so mapped errors get fixed messages and
 * only transport failures keep their cause (it names host and port, not streams). Errors that are
 * not the client's (bugs, decoding refusals) pass through unchanged.
 *
 * @param expected what the caller asked for on an append; reported back as given.
 */
export function mapEsdbError(error: unknown, expected?: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedVersion(expected ?? error.expectedVersion, error.actualVersion);
  }
  if (error instanceof UnavailableError) return new EventStoreUnavailable('unavailable', { cause: error });
  if (error instanceof DeadlineExceededError || error instanceof TimeoutError)
    return new EventStoreUnavailable('deadline exceeded', { cause: error });
  if (error instanceof NotLeaderError) return new EventStoreUnavailable('node is not the leader', { cause: error });
  if (error instanceof CancelledError) return new EventStoreUnavailable('cancelled by the server', { cause: error });
  if (error instanceof AccessDeniedError) return new EventStoreUnavailable('access denied');
  if (error instanceof MaxAppendSizeExceededError)
    return new InvalidEvent(0, 'events', `exceed the store's maximum append size of ${error.maxAppendSize} bytes`);
  if (error instanceof Error && isCommandError(error)) return new EventStoreUnavailable(`store error (${error.type})`);
  const code = grpcCode(error);
  if (code === GRPC_UNAVAILABLE) return new EventStoreUnavailable('unavailable', { cause: error });
  if (code === GRPC_DEADLINE_EXCEEDED) return new EventStoreUnavailable('deadline exceeded', { cause: error });
  return error;
}


/**
 * An append's error. With 'any' (or 'stream_exists' on an existing stream) the server has no
 * revision to disagree with: it answers "wrong expected version" only when the batch's first id is
 * a recently committed event of this stream and a later one is not (its "corrupted idempotency":
 * part retry, part new). The port calls that DuplicateEventId, naming the first id.
 */
export function mapAppendError(error: unknown, expected: ExpectedRevision, firstEventId: string): unknown {
  if (error instanceof WrongExpectedVersionError) {
    const noRevisionToMiss = expected === 'any' || (expected === 'stream_exists' && error.actualVersion !== 'no_stream');
    if (noRevisionToMiss) return new DuplicateEventId(firstEventId);
  }
  return mapEsdbError(error, expected);
}
