import { join } from 'node:path';
import type { INestMicroservice } from '@nestjs/common';
import type { SqliteEventStore } from '@wijkteam/event-store';
import type { NatsConnection } from 'nats';
import { MessagingHealth, openSqlite, type Relay, SqliteCheckpointStore, type SqliteDatabase } from '../../src';
import { startConsumerApp } from '../support/apps';
import { countMessages, natsConnect, relayFor, transportFor } from '../support/bus';
import { EffectLog } from '../support/effects';
import { appendMany, openStore, tempDir, waitFor } from '../support/fixtures';
import { NatsServer } from '@wijkteam/testing';

describe('fault: NATS killed while the relay publishes, then restarted on the same storage', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let db: SqliteDatabase;
  let relay: Relay | undefined;
  let app: INestMicroservice | undefined;

  beforeAll(async () => {
    nats = await NatsServer.start();
    nc = await natsConnect(nats.url, 'relay');
    dir = tempDir();
    store = openStore(dir.path);
    db = openSqlite(join(dir.path, 'events.db'));
  });
  afterAll(async () => {
    await app?.close();
    await relay?.stop();
    await nc?.close();
    await store?.close();
    db?.close();
    dir?.remove();
    await nats?.dispose();
  });

  it('delivers every event, with no duplicate effect', async () => {
    const effects = new EffectLog(db);
    const ids = await appendMany(store, 600);
    relay = relayFor('consent', nc, store, new SqliteCheckpointStore(db), { windowSize: 32 });
    app = await startConsumerApp(transportFor('reporting', nats.url, db), effects);
    relay.start();
    const health = new MessagingHealth(nc);

    // Kill it mid-flight: some windows acknowledged, others not yet published.
    await waitFor(() => relay!.metrics().published >= 100, 10_000, 'publishing under way');
    await nats.stop('SIGKILL');
    await waitFor(() => !health.isReady(), 5_000, 'readiness to drop');
    ids.push(...(await appendMany(store, 200))); // appended while NATS is down
    await new Promise((resolve) => setTimeout(resolve, 500));
    await nats.restart();
    await waitFor(() => health.isReady(), 10_000, 'readiness to return');

    await waitFor(() => effects.count() === ids.length, 30_000, `${ids.length} effects`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(effects.count()).toBe(ids.length);
    expect(effects.duplicates()).toEqual([]);
    expect(effects.eventIds('reporting__consent_ConsentGranted')).toEqual(new Set(ids));
    // JetStream deduplicated whatever the relay republished after the outage.
    expect(await countMessages(nc)).toBe(ids.length);
    if (process.env.DEBUG_MESSAGING) console.log(relay.metrics());
  });
});
