import Database from 'better-sqlite3';
import type { EventToAppend } from '@wijkteam/event-store';
import type { Fold } from './fixtures';

/**
 * The baseline: the practical limit. Raw better-sqlite3 running the same statements as the SQLite
 * adapter (libs/event-store/src/sqlite: same table, same unique indexes, same per-append
 * transaction with the last-revision check, same paged replay query) at the same durability (WAL,
 * synchronous=FULL), with nothing else: no validation, no typed results, no async iteration.
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
);`;

export const RAW_DURABILITY = 'WAL, synchronous=FULL';

type Expected = bigint | 'no_stream';

export class RawSqlite {
  private readonly append: (stream: string, events: readonly EventToAppend[], expected: Expected) => bigint;

  constructor(private readonly db: Database.Database) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.defaultSafeIntegers(true);
    db.exec(DDL);
    const lastRevision = db.prepare<[string], bigint>('SELECT revision FROM events WHERE stream_name = ? ORDER BY revision DESC LIMIT 1').pluck();
    const insert = db.prepare(
      'INSERT INTO events (stream_name, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.append = db
      .transaction((stream: string, events: readonly EventToAppend[], expected: Expected): bigint => {
        const last = lastRevision.get(stream);
        if ((expected === 'no_stream' && last !== undefined) || (expected !== 'no_stream' && last !== expected)) {
          throw new Error('wrong expected version');
        }
        let revision = last ?? -1n;
        const recordedAt = Date.now();
        for (const event of events) {
          revision += 1n;
          insert.run(stream, revision, event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), recordedAt);
        }
        return revision;
      })
      .immediate;
  }

  static open(file: string): RawSqlite {
    return new RawSqlite(new Database(file));
  }

  /** Appends with an optimistic concurrency check; returns the stream's new last revision. */
  appendToStream(stream: string, events: readonly EventToAppend[], expected: Expected): bigint {
    return this.append(stream, events, expected);
  }

  close(): void {
    this.db.close();
  }
}

type Row = [bigint, string, bigint, string, string, string, string, bigint];

/**
 * Replays a store file written by the SQLite adapter with the adapter's own page query, parsing
 * data and metadata as the adapter does, into `fold`.
 */
export function rawReplay(file: string, fold: Fold, pageSize = 500): void {
  const db = new Database(file, { readonly: true });
  try {
    db.defaultSafeIntegers(true);
    const page = db
      .prepare<[bigint, number], Row>(
        'SELECT position, stream_name, revision, id, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
      )
      .raw();
    let after = 0n;
    for (;;) {
      const rows = page.all(after, pageSize);
      for (const row of rows) {
        const data = JSON.parse(row[5]) as { hours?: unknown };
        JSON.parse(row[6]);
        fold.add(row[4], data);
      }
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1][0];
    }
  } finally {
    db.close();
  }
}
