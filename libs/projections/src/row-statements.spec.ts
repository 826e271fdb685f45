import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshPostgresSchema, queryPostgres, whyPostgresUnreachable } from '@wijkteam/testing';
import { type DataSource, EntitySchema } from 'typeorm';
import { openProjectionDatabase } from './projection-database';
import { deleteRows, findRow, findRows, insertRow, runStatement, saveRow, updateRows } from './row-statements';

interface PlaceRow {
  placeId: string;
  team: string;
  visits: number;
  closedOn?: string | null;
}

const Places = new EntitySchema<PlaceRow>({
  name: 'spec_rows_places',
  columns: {
    placeId: { type: 'varchar', length: 36, primary: true, name: 'place_id' },
    team: { type: 'varchar', length: 64 },
    visits: { type: 'integer' },
    closedOn: { type: 'varchar', length: 10, nullable: true, name: 'closed_on' },
  },
});

const SCHEMA = 'row_statements_spec';
const postgresSkip = whyPostgresUnreachable();
if (postgresSkip) console.warn(`row statements on PostgreSQL skipped: ${postgresSkip}`);
const databases: [string, () => Promise<string>][] = [
  ['SQLite', async () => `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'row-statements-')), 'p.db')}`],
  ...(postgresSkip ? [] : ([['PostgreSQL', () => freshPostgresSchema(SCHEMA)]] as [string, () => Promise<string>][])),
];

describe.each(databases)('row statements on %s', (_kind, newUrl) => {
  let url: string;
  let db: DataSource;

  beforeEach(async () => {
    url = await newUrl();
    db = await openProjectionDatabase(url, [Places]);
  });

  afterEach(async () => {
    await db.destroy();
    if (url.startsWith('sqlite:')) rmSync(path.dirname(url.slice('sqlite:'.length)), { recursive: true, force: true });
    else await queryPostgres(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  });

  it('given rows saved, replaced, inserted and deleted in a transaction, when read, then they read as TypeORM reads them', async () => {
    await db.transaction(async (tx) => {
      await saveRow(tx, Places, { placeId: 'p1', team: 'noord', visits: 1 });
      await saveRow(tx, Places, { placeId: 'p1', team: 'zuid', visits: 2 });
      await insertRow(tx, Places, { placeId: 'p2', team: 'zuid', visits: 5 });
      await insertRow(tx, Places, { placeId: 'p3', team: 'oost', visits: 0 });
      expect(await findRow(tx, Places, { placeId: 'p1' })).toEqual({ placeId: 'p1', team: 'zuid', visits: 2, closedOn: null });
      expect(await findRow(tx, Places, { placeId: 'nowhere' })).toBeUndefined();
      expect((await findRows(tx, Places, { team: 'zuid' })).map((row) => row.placeId).sort()).toEqual(['p1', 'p2']);
      await deleteRows(tx, Places, { team: 'oost' });
    });
    expect(await db.manager.find(Places, { order: { placeId: 'ASC' } })).toEqual([
      { placeId: 'p1', team: 'zuid', visits: 2, closedOn: null },
      { placeId: 'p2', team: 'zuid', visits: 5, closedOn: null },
    ]);
  });

  it('given rows with and without a NULL column, when updated where that column is null, then only the matching rows with NULL change', async () => {
    await db.transaction(async (tx) => {
      await insertRow(tx, Places, { placeId: 'open', team: 'noord', visits: 1, closedOn: null });
      await insertRow(tx, Places, { placeId: 'closed', team: 'noord', visits: 1, closedOn: '2025-01-31' });
      await insertRow(tx, Places, { placeId: 'elsewhere', team: 'zuid', visits: 1, closedOn: null });
      await updateRows(tx, Places, { team: 'noord', closedOn: null }, { closedOn: '2025-03-01', visits: 2 });
    });
    expect(await db.manager.find(Places, { order: { placeId: 'ASC' } })).toEqual([
      { placeId: 'closed', team: 'noord', visits: 1, closedOn: '2025-01-31' },
      { placeId: 'elsewhere', team: 'zuid', visits: 1, closedOn: null },
      { placeId: 'open', team: 'noord', visits: 2, closedOn: '2025-03-01' },
    ]);
  });

  it('given a statement with placeholders, when run, then its rows come back and its writes commit or roll back with the transaction', async () => {
    await db.transaction(async (tx) => {
      await runStatement(tx, 'INSERT INTO spec_rows_places (place_id, team, visits) VALUES (?, ?, ?), (?, ?, ?)', ['a', 'noord', 1, 'b', 'noord', 2]);
      expect(await runStatement(tx, 'SELECT place_id FROM spec_rows_places WHERE team = ? AND visits > ? ORDER BY place_id', ['noord', 0])).toEqual([{ place_id: 'a' }, { place_id: 'b' }]);
    });
    await expect(
      db.transaction(async (tx) => {
        await saveRow(tx, Places, { placeId: 'c', team: 'noord', visits: 3 });
        await insertRow(tx, Places, { placeId: 'a', team: 'noord', visits: 9 });
      }),
      // Matched on the message: better-sqlite3's error class belongs to the first test file that loaded it under Jest.
    ).rejects.toHaveProperty('message', expect.stringMatching(/unique|duplicate key/i));
    expect((await db.manager.find(Places)).map((row) => row.placeId).sort()).toEqual(['a', 'b']);
  });
});
