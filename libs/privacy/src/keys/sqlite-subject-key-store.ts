import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { PrivacyError, KeyStoreUnavailable, SubjectErased } from '../errors';
import type { MasterKey } from './master-key';
import { unwrapStoredKey, wrapSubjectKey } from './stored-key';
import type { SubjectKey, SubjectKeyStore } from './subject-key-store';

/**
 * Its own table (and normally its own file): the key store is the one place that is NOT
 * append-only. A destroyed key keeps a tombstone row (ids and time, no material) so that the codec
 * can tell "erased" from "never issued here" and no new key is issued for an erased subject.
 * secure_delete overwrites freed bytes, and a TRUNCATE checkpoint after destruction clears the WAL,
 * so the wrapped key does not linger in the files.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS subject_keys (
  key_id       TEXT    PRIMARY KEY,
  subject_id   TEXT    NOT NULL UNIQUE,
  kek_id       TEXT,
  wrapped      BLOB,
  created_at   INTEGER NOT NULL,
  destroyed_at INTEGER,
  CHECK ((wrapped IS NULL) = (destroyed_at IS NOT NULL))
);`;

interface KeyRow {
  key_id: string;
  subject_id: string;
  kek_id: string | null;
  wrapped: Buffer | null;
  destroyed_at: number | null;
}


export class SqliteSubjectKeyStore implements SubjectKeyStore {
  private readonly bySubject: Database.Statement<[string], KeyRow>;
  private readonly byId: Database.Statement<[string], KeyRow>;
  private readonly insert: Database.Statement<[string, string, string, Buffer, number]>;
  private readonly destroy: Database.Statement<[number, string]>;
  private readonly tombstone: Database.Statement<[string, string, number, number]>;

  /** `path` may be ':memory:' (tests). The master key comes from configuration (MasterKey.fromBase64). */
  static open(path: string, masterKey: MasterKey): SqliteSubjectKeyStore {
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
      db = new Database(path, { timeout: 5000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      db.exec(DDL);
      return new SqliteSubjectKeyStore(db, masterKey);
    } catch (error) {
      db?.close();
      throw new KeyStoreUnavailable('unreachable', { cause: error });
    }
  }

  private constructor(
    private readonly db: Database.Database,
    private readonly masterKey: MasterKey,
  ) {
    this.bySubject = db.prepare('SELECT key_id, subject_id, kek_id, wrapped, destroyed_at FROM subject_keys WHERE subject_id = ?');
    this.byId = db.prepare('SELECT key_id, subject_id, kek_id, wrapped, destroyed_at FROM subject_keys WHERE key_id = ?');
    this.insert = db.prepare(
      'INSERT INTO subject_keys (key_id, subject_id, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (subject_id) DO NOTHING',
    );
    this.destroy = db.prepare(
      'UPDATE subject_keys SET wrapped = NULL, kek_id = NULL, destroyed_at = ? WHERE subject_id = ? AND destroyed_at IS NULL',
    );
    this.tombstone = db.prepare(
      'INSERT INTO subject_keys (key_id, subject_id, created_at, destroyed_at) VALUES (?, ?, ?, ?) ON CONFLICT (subject_id) DO NOTHING',
    );
  }

  async keyForSubject(subjectId: string): Promise<SubjectKey> {
    return this.guard(() => {
      let row = this.bySubject.get(subjectId);
      if (!row) {
        const keyId = uuidv7();
        const material = randomBytes(32);
        // ON CONFLICT DO NOTHING + re-read: another process may have created it a moment ago.
        this.insert.run(keyId, subjectId, this.masterKey.id, wrapSubjectKey(this.masterKey, keyId, subjectId, material), Date.now());
        row = this.bySubject.get(subjectId);
        if (!row) throw new KeyStoreUnavailable();
      }
      const key = this.unwrap(row);
      if (key === 'destroyed') throw new SubjectErased();
      return key;
    });
  }

  async keyById(keyId: string): Promise<SubjectKey | 'destroyed' | undefined> {
    return this.guard(() => {
      const row = this.byId.get(keyId);
      return row ? this.unwrap(row) : undefined;
    });
  }

  async destroyKeysOf(subjectId: string, at: Date): Promise<string[]> {
    return this.guard(() => {
      this.db.transaction(() => {
        this.destroy.run(at.getTime(), subjectId);
        this.tombstone.run(uuidv7(), subjectId, at.getTime(), at.getTime());
      }).immediate();
      // Push the zeroed pages into the main file and empty the WAL, where the old page still sat.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      return [this.bySubject.get(subjectId)?.key_id].filter((id): id is string => typeof id === 'string');
    });
  }

  async ping(): Promise<void> {
    this.guard(() => this.db.prepare('SELECT 1').get());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private unwrap(row: KeyRow): SubjectKey | 'destroyed' {
    return unwrapStoredKey(row, this.masterKey);
  }

  /** Any SQLite failure (closed, locked, disk) is a 503 with a fixed message; our own errors pass. */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof PrivacyError) throw error;
      throw new KeyStoreUnavailable('unreachable', { cause: error });
    }
  }
}
