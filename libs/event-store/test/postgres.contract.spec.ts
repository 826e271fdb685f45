import { eventStoreContract, freshPostgresSchema, TEST_POSTGRES_URL, whyPostgresUnreachable } from '@wijkteam/testing';
import { PostgresEventStore } from '../src/postgres/postgres-event-store';

// The machine's PostgreSQL (CI included); a schema of its own, emptied first. A small page size so
// that every read in the suite crosses page boundaries.
const unreachable = whyPostgresUnreachable();
if (unreachable) {
  describe.skip(`EventStore contract: PostgreSQL (not reachable: ${unreachable})`, () => it('runs against PostgreSQL', () => undefined));
} else {
  eventStoreContract('PostgreSQL (page size 3)', async () => {
    await freshPostgresSchema('event_store_contract');
    const store = PostgresEventStore.open(`${TEST_POSTGRES_URL}?schema=event_store_contract`, { pageSize: 3, pollIntervalMs: 200 });
    return { store, teardown: () => store.close() };
  });
}
