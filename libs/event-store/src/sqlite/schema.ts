import type Database from 'better-sqlite3';
import { EventStoreUnavailable } from '../errors';

/** Bumped when the table layout changes; a file written by a newer version is refused, not guessed at. */
export const SCHEMA_VERSION = 1;

/**
 * One table: the global order is the rowid (`position`), which SQLite assigns as max(rowid)+1 inside
 * the writer's transaction. Writers are serialised (BEGIN IMMEDIATE), so positions are handed out and
 * become visible in commit order. The triggers make the table append-only at the database level: with
 * no row ever deleted, max(rowid)+1 never hands out a position twice, so no AUTOINCREMENT bookkeeping
 * is needed on the hot path.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  stream_name TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  id          TEXT    NOT NULL UNIQUE,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at INTEGER NOT NULL,
  UNIQUE (stream_name, revision)
);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
`;

export type Synchronous = 'FULL' | 'NORMAL' | 'OFF';

/**
 * Connection settings and schema. Several processes may open a fresh file at the same moment: the
 * schema is created inside BEGIN IMMEDIATE (one wins, the others wait on busy_timeout and then find it),
 * and switching to WAL is retried because SQLite can refuse it with SQLITE_BUSY without waiting.
 */
export function prepareDatabase(db: Database.Database, synchronous: Synchronous, busyTimeoutMs: number): void {
  const deadline = Date.now() + busyTimeoutMs;
  const mode = retryWhileBusy(deadline, () => String(db.pragma('journal_mode = WAL', { simple: true })));
  // An in-memory database reports 'memory' and cannot use WAL; every file must.
  if (!db.memory && mode.toLowerCase() !== 'wal') throw new EventStoreUnavailable('cannot switch the database to WAL');
  db.pragma(`synchronous = ${synchronous}`);
  retryWhileBusy(deadline, () =>
    db
      .transaction(() => {
        const version = Number(db.pragma('user_version', { simple: true }));
        if (version === SCHEMA_VERSION) return;
        if (version !== 0) throw new EventStoreUnavailable(`unsupported schema version ${version}`);
        db.exec(DDL);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })
      .immediate(),
  );
}

function retryWhileBusy<T>(deadline: number, attempt: () => T): T {
  for (;;) {
    try {
      return attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      sleepSync(10);
    }
  }
}

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Opening is synchronous (a static factory), so waiting between attempts must be too. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
