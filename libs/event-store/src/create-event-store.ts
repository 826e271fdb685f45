import { PostgresEventStore } from './postgres/postgres-event-store';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
import type { EventStore } from './types';

/**
 * Opens the store named by EVENT_STORE_URL:
 * - `esdb://…` or `kurrentdb://…`: EventStoreDB (production)
 * - `postgres://…` or `postgresql://…` (optionally `?schema=name`): PostgreSQL, shared by replicas
 * - `sqlite:<path>` or `sqlite::memory:`: SQLite file (embedded default, single host)
 */
export function createEventStore(url: string, sqliteOptions: SqliteEventStoreOptions = {}): EventStore {
  if (/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//.test(url)) {
    // Loaded only when used: the EventStoreDB client (gRPC) costs some 20 MB of memory, which an
    // embedded (SQLite) process should not carry.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EventStoreDbEventStore } = require('./eventstoredb/esdb-event-store') as typeof import('./eventstoredb/esdb-event-store');
    return EventStoreDbEventStore.connect(url);
  }
  if (PostgresEventStore.acceptsUrl(url)) return PostgresEventStore.open(url);
  if (url.startsWith('sqlite:')) {
    return SqliteEventStore.open(url.slice('sqlite:'.length), sqliteOptions);
  }
  throw new Error('EVENT_STORE_URL must start with sqlite:, postgres:// or esdb://');
}

/** True when `url` names a store createEventStore can open; config validation uses it. */
export function isEventStoreUrl(url: string): boolean {
  return /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\/\S+$/.test(url) || /^sqlite:\S+$/.test(url) || PostgresEventStore.acceptsUrl(url);
}
