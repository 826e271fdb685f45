import { EventStoreDbEventStore } from './eventstoredb/esdb-event-store';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
import type { EventStore } from './types';

/**
 * Opens the store named by EVENT_STORE_URL:
 * - `esdb://…` or `kurrentdb://…`: EventStoreDB (production)
 * - `sqlite:<path>` or `sqlite::memory:`: SQLite file (embedded default, single host)
 */
export function createEventStore(url: string, sqliteOptions: SqliteEventStoreOptions = {}): EventStore {
  if (/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//.test(url)) {
    return EventStoreDbEventStore.connect(url);
  }
  if (url.startsWith('sqlite:')) {
    return SqliteEventStore.open(url.slice('sqlite:'.length), sqliteOptions);
  }
  throw new Error('EVENT_STORE_URL must start with sqlite: or esdb://');
}

/** True when `url` names a store createEventStore can open; config validation uses it. */
export function isEventStoreUrl(url: string): boolean {
  return /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\/\S+$/.test(url) || /^sqlite:\S+$/.test(url);
}
