import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource, type EntityManager, EntitySchema } from 'typeorm';

/**
 * Where a projection stands: its version and the store position of the last event it is done with
 * (exclusive start of the next read). One row per projection, written in the transaction of the
 * rows it covers.
 */
export interface CheckpointRow {
  name: string;
  version: number;
  position: string;
  updatedAt: string;
}

export const ProjectionCheckpoints = new EntitySchema<CheckpointRow>({
  name: 'projection_checkpoints',
  columns: {
    name: { type: 'varchar', length: 64, primary: true },
    version: { type: 'integer' },
    position: { type: 'varchar', length: 24 },
    updatedAt: { type: 'varchar', length: 32, name: 'updated_at' },
  },
});

/** The public events a bus-fed read model has applied, kept for a while against redeliveries. */
export interface ProcessedRow {
  projection: string;
  eventId: string;
  processedAt: string;
}

export const ProjectionProcessed = new EntitySchema<ProcessedRow>({
  name: 'projection_processed',
  columns: {
    projection: { type: 'varchar', length: 64, primary: true },
    eventId: { type: 'varchar', length: 36, primary: true, name: 'event_id' },
    processedAt: { type: 'varchar', length: 32, name: 'processed_at' },
  },
  indices: [{ name: 'projection_processed_age', columns: ['processedAt'] }],
});

/**
 * The projections' database: better-sqlite3 beside the SQLite store in the embedded default,
 * PostgreSQL when `DATABASE_URL` is set. Tables are created from the entity schemas at start-up
 * (`synchronize`): a read model is disposable, a changed shape comes with a new projection version.
 */
export async function openProjectionDatabase(url: string, tables: readonly EntitySchema[]): Promise<DataSource> {
  const entities = [ProjectionCheckpoints, ProjectionProcessed, ...tables];
  const dataSource = url.startsWith('sqlite:')
    ? new DataSource({ type: 'better-sqlite3', database: sqlitePath(url.slice('sqlite:'.length)), entities, enableWAL: true, timeout: 10_000, synchronize: false })
    : new DataSource({ type: 'postgres', url, entities, synchronize: false });
  await dataSource.initialize();
  await synchronizeOnce(dataSource);
  return dataSource;
}

/** Replicas starting together on one PostgreSQL would race creating the same tables: one at a time. */
async function synchronizeOnce(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') return dataSource.synchronize();
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock(hashtext('wijkteam.projections.schema'))");
    await dataSource.synchronize();
  } finally {
    await lock.query("SELECT pg_advisory_unlock(hashtext('wijkteam.projections.schema'))").catch(() => undefined);
    await lock.release();
  }
}

function sqlitePath(file: string): string {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return file;
}

export async function loadCheckpoint(manager: EntityManager, name: string): Promise<CheckpointRow | null> {
  return manager.findOneBy(ProjectionCheckpoints, { name });
}

/**
 * Moves the checkpoint from `expected` to `next`, or answers false when another runner (a second
 * replica on the same PostgreSQL) moved it first: the caller rolls back and reads from where that
 * one got to. This compare-and-set is what makes two runners over one read model safe.
 */
export async function advanceCheckpoint(manager: EntityManager, name: string, expected: bigint, next: bigint): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(ProjectionCheckpoints)
    .set({ position: next.toString(), updatedAt: new Date().toISOString() })
    .where('name = :name AND position = :expected', { name, expected: expected.toString() })
    .execute();
  return result.affected === 1;
}

/** Empties the projection's tables (and what it had processed from the bus) and starts its checkpoint over at `version`. */
export async function resetProjection(manager: EntityManager, name: string, version: number, tables: readonly EntitySchema[]): Promise<void> {
  for (const table of tables) await manager.createQueryBuilder().delete().from(table).execute();
  await manager.delete(ProjectionProcessed, { projection: name });
  await manager.save(ProjectionCheckpoints, { name, version, position: '0', updatedAt: new Date().toISOString() });
}
