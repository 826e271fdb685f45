import { loadConfig } from './config';
import { messagingDatabasePath } from './messaging';
import { developmentIssuerKeyFile } from './runtime.module';

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

describe('development issuer key location', () => {
  it('sits in the data directory in development mode only, and nowhere for an in-memory store', () => {
    expect(developmentIssuerKeyFile(config({ EVENT_STORE_URL: 'sqlite:/var/lib/wijkteam/events.db' }))).toBe('/var/lib/wijkteam/dev-issuer-key.json');
    expect(developmentIssuerKeyFile(config({ EVENT_STORE_URL: 'esdb://localhost:2113?tls=false' }))).toBe('data/dev-issuer-key.json');
    expect(developmentIssuerKeyFile(config({ EVENT_STORE_URL: 'sqlite::memory:' }))).toBeUndefined();
    const oidc = loadConfig({ AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://login.example.nl', OIDC_JWKS_URL: 'https://login.example.nl/jwks', NODE_ENV: 'test' });
    expect(developmentIssuerKeyFile(oidc)).toBeUndefined();
  });
});
