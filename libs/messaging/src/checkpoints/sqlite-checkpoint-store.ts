import type Database from 'better-sqlite3';
import { CheckpointStore } from './checkpoint-store';

/** Checkpoints in table `checkpoints(name primary key, position)` of a better-sqlite3 database. */
export class SqliteCheckpointStore extends CheckpointStore {
  private readonly selectOne: Database.Statement<[string], { position: bigint }>;
  private readonly upsert: Database.Statement<[string, bigint]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    super();
    db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID');
    // Positions are 64-bit: read them as bigint so nothing is rounded past 2^53.
    this.selectOne = db.prepare<[string], { position: bigint }>('SELECT position FROM checkpoints WHERE name = ?').safeIntegers(true);
    this.upsert = db.prepare<[string, bigint]>(
      'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    this.remove = db.prepare<[string]>('DELETE FROM checkpoints WHERE name = ?');
  }

  async load(name: string): Promise<bigint | undefined> {
    return this.selectOne.get(name)?.position;
  }

  async save(name: string, position: bigint): Promise<void> {
    this.upsert.run(name, position);
  }

  async reset(name: string): Promise<void> {
    this.remove.run(name);
  }
}
