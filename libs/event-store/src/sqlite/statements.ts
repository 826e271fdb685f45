import type Database from 'better-sqlite3';
import type { StoredId } from '../port-arguments';
import { recordedEventOf } from '../recorded-event';
import type { StoredEvent } from '../stored-events';
import type { RecordedEvent } from '../types';

const COLUMNS = 'position, stream_name, revision, id, type, data, metadata, recorded_at';

/** A row as `raw()` statements return it (arrays are cheaper than objects on a long replay). */
type EventRow = [bigint, string, bigint, string, string, string, string, bigint];
type StoredRow = [bigint, string, bigint, string, string, string, string];

/**
 * Every statement the store runs, prepared once per connection. The connection uses safe integers,
 * so positions and revisions come back as bigint, exactly.
 */
export function prepareStatements(db: Database.Database) {
  const lastRevision = db.prepare<[string], bigint>(
    'SELECT revision FROM events WHERE stream_name = ? ORDER BY revision DESC LIMIT 1',
  );
  // DO NOTHING on a known id (changes = 0) instead of an exception: the caller then decides between
  // "retry of an earlier append" and DuplicateEventId. A (stream, revision) clash still throws.
  const insert = db.prepare<[string, bigint, string, string, string, string, number]>(
    `INSERT INTO events (stream_name, revision, id, type, data, metadata, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const findId = db.prepare<[string], { stream_name: string; revision: bigint; position: bigint }>(
    'SELECT stream_name, revision, position FROM events WHERE id = ?',
  );
  const streamForwards = db.prepare<[string, bigint, number], EventRow>(
    `SELECT ${COLUMNS} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?`,
  );
  const streamBackwards = db.prepare<[string, bigint, number], EventRow>(
    `SELECT ${COLUMNS} FROM events WHERE stream_name = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
  );
  const allAfter = db.prepare<[bigint, number], EventRow>(
    `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
  );
  const allBetween = db.prepare<[bigint, bigint, number], EventRow>(
    `SELECT ${COLUMNS} FROM events WHERE position > ? AND position < ? ORDER BY position LIMIT ?`,
  );
  // Without recorded_at: what the seals hash does not include the store's commit time.
  const storedAfter = db.prepare<[bigint, number], StoredRow>(
    'SELECT position, stream_name, revision, id, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  const head = db.prepare<[], bigint | null>('SELECT max(position) FROM events');
  const ping = db.prepare<[], bigint>('SELECT 1');
  for (const statement of [lastRevision, head, ping]) statement.pluck();
  for (const statement of [streamForwards, streamBackwards, allAfter, allBetween, storedAfter]) statement.raw();

  return {
    lastRevision: (stream: string): bigint | undefined => lastRevision.get(stream),
    /** Appends one event; undefined when its id is already stored (nothing was written). */
    insert(stream: string, revision: bigint, id: string, type: string, data: string, metadata: string, recordedAt: number) {
      const info = insert.run(stream, revision, id, type, data, metadata, recordedAt);
      return info.changes === 0 ? undefined : (info.lastInsertRowid as bigint);
    },
    findId(id: string): StoredId | undefined {
      const row = findId.get(id);
      return row && { streamName: row.stream_name, revision: row.revision, position: row.position };
    },
    streamPage: (stream: string, from: bigint, limit: number, backwards: boolean): RecordedEvent[] =>
      (backwards ? streamBackwards : streamForwards).all(stream, from, limit).map(toRecordedEvent),
    /** Events after `position` (exclusive) in global order. */
    allPage: (position: bigint, limit: number): RecordedEvent[] => allAfter.all(position, limit).map(toRecordedEvent),
    /** Events strictly between two positions (e.g. those before an unreadable one), at most `limit`. */
    allBetween: (after: bigint, before: bigint, limit: number): RecordedEvent[] => allBetween.all(after, before, limit).map(toRecordedEvent),
    /** The same, data and metadata as stored (not parsed). */
    storedPage: (position: bigint, limit: number): StoredEvent[] =>
      storedAfter.all(position, limit).map(([at, streamName, revision, id, type, data, metadata]) => ({ position: at, streamName, revision, id, type, data, metadata })),
    head: (): bigint => head.get() ?? 0n,
    ping: (): void => void ping.get(),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

function toRecordedEvent(row: EventRow): RecordedEvent {
  const [position, streamName, revision, id, type, data, metadata, recordedAt] = row;
  return recordedEventOf(position, streamName, revision, id, type, data, metadata, new Date(Number(recordedAt)));
}
