import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '@wijkteam/testing';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';

// A fresh file per setup, in a directory that does not exist yet (the store must create it).
eventStoreContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-contract-'));
  const store = SqliteEventStore.open(join(dir, 'nested', 'events.sqlite'));
  return {
    store,
    async teardown() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

// A small page size so that every read in the suite crosses page boundaries.
eventStoreContract('SQLite :memory: (page size 2)', async () => {
  const store = SqliteEventStore.open(':memory:', { pageSize: 2 });
  return { store, teardown: () => store.close() };
});
