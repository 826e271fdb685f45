import { loadConfig } from './config';
import { messagingDatabasePath } from './messaging';

const config = (env: Record<string, string>) => loadConfig({ AUTH_MODE: 'development', NODE_ENV: 'test', ...env });

describe('messaging database location', () => {
  it('sits beside a SQLite event store, so checkpoints never point into another store', () => {
    expect(messagingDatabasePath(config({ EVENT_STORE_URL: 'sqlite:/var/lib/wijkteam/events.db' }))).toBe('/var/lib/wijkteam/messaging.db');
    expect(messagingDatabasePath(config({ EVENT_STORE_URL: 'sqlite::memory:' }))).toBe(':memory:');
  });

  it('uses ./data with EventStoreDB, and an explicit setting wins', () => {
    expect(messagingDatabasePath(config({ EVENT_STORE_URL: 'esdb://localhost:2113?tls=false' }))).toBe('data/messaging.db');
    expect(messagingDatabasePath(config({ MESSAGING_DB_PATH: '/srv/m.db' }))).toBe('/srv/m.db');
  });
});
