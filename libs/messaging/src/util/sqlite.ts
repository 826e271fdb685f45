import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Opens a better-sqlite3 connection the way the event store does (WAL, synchronous FULL, a busy
 * timeout), so our tables can live in the store's own file next to its connection without either
 * side failing on the other's write lock.
 */
export function openSqlite(path: string, busyTimeoutMs = 5000): Database.Database {
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path, { timeout: busyTimeoutMs });
  if (!db.memory) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

export type SqliteDatabase = Database.Database;
