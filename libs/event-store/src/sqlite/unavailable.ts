import { EventStoreError, EventStoreUnavailable } from '../errors';
import { isBusy } from './schema';

/**
 * Maps whatever SQLite threw to the port's errors. The reason is built from SQLite's error code only,
 * never from its message or our parameters, so no stream name or payload can reach a log through it.
 */
export function toStoreError(error: unknown): Error {
  if (error instanceof EventStoreError) return error;
  if (isBusy(error)) return new EventStoreUnavailable('database is busy (lock not acquired within busyTimeoutMs)', { cause: error });
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return new EventStoreUnavailable(`sqlite error ${code}`, { cause: error });
  return new EventStoreUnavailable('unexpected database failure', { cause: error });
}
