import { streamOf } from '@wijkteam/contracts';
import type { RecordedEvent } from '@wijkteam/event-store';
import { subjectOf } from '@wijkteam/messaging';
import { loadConfig } from './config';
import { messagingDatabasePath, OWNED_PUBLIC_EVENTS } from './messaging';

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

describe('public events by owner', () => {
  const id = '0193a5b2-7c1e-7000-8000-00000000c001';
  const recorded = (type: string, streamName: string) => ({ type, streamName }) as RecordedEvent;

  it("publish a service's public events from its own streams only", () => {
    expect(subjectOf(OWNED_PUBLIC_EVENTS, recorded('SubjectKeyDestroyed', streamOf('consent', 'erasure')(id)))).toBe('jeugd.consent.SubjectKeyDestroyed');
    expect(subjectOf(OWNED_PUBLIC_EVENTS, recorded('ReferralAccepted', streamOf('intake', 'referral')(id)))).toBe('jeugd.intake.ReferralAccepted');
    // intake's own record of the erasure stays private: it is not consent's decision
    expect(subjectOf(OWNED_PUBLIC_EVENTS, recorded('SubjectKeyDestroyed', streamOf('intake', 'erasure')(id)))).toBeUndefined();
    expect(subjectOf(OWNED_PUBLIC_EVENTS, recorded('ClientFileAccessed', streamOf('intake', 'accessLog')(id)))).toBeUndefined();
    expect(subjectOf(OWNED_PUBLIC_EVENTS, recorded('ReferralAccepted', `referral-${id}`))).toBeUndefined();
  });
});
