import { eventStoreContract } from '@wijkteam/testing';
import { EventStoreDbEventStore } from '../src/eventstoredb/esdb-event-store';

/**
 * The shared contract suite against a real EventStoreDB. There is no server on the CI machines, so
 * it runs only when EVENTSTORE_CONNECTION_STRING is set, e.g. with `docker compose up eventstore`:
 *   EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false npx jest test/eventstoredb
 * A server can't be wiped between tests: the suite must use fresh stream ids and measure
 * readAll/subscriptions from headPosition(), not from 'start'.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  eventStoreContract('EventStoreDB', async () => {
    const store = EventStoreDbEventStore.connect(connectionString);
    return { store, teardown: () => store.close() };
    // EventStoreDB checks event ids per stream (idempotent retries), not store-wide: README.md.
  }, { storeWideEventIds: false });
} else {
  console.log(
    'EventStoreDB contract suite skipped: set EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false to run it',
  );
  // Reported by Jest as skipped, never as passed.
  describe.skip('EventStore contract: EventStoreDB (needs EVENTSTORE_CONNECTION_STRING)', () => {
    it.skip('runs the shared contract suite against a live server', () => undefined);
  });
}
