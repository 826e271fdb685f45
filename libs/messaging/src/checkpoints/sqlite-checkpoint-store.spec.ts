import Database from 'better-sqlite3';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store';

describe('SqliteCheckpointStore', () => {
  it('saves, overwrites and resets 64-bit positions exactly', async () => {
    const db = new Database(':memory:');
    const store = new SqliteCheckpointStore(db);
    expect(await store.load('relay:consent')).toBeUndefined();
    await store.save('relay:consent', 42n);
    await store.save('relay:consent', 2n ** 62n + 1n);
    expect(await store.load('relay:consent')).toBe(2n ** 62n + 1n);
    await store.reset('relay:consent');
    expect(await store.load('relay:consent')).toBeUndefined();
    // A second instance on the same database sees the same table.
    await store.save('consumer:x', 7n);
    expect(await new SqliteCheckpointStore(db).load('consumer:x')).toBe(7n);
    db.close();
  });
});
