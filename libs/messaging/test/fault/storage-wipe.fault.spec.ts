import { join } from 'node:path';
import type { INestMicroservice } from '@nestjs/common';
import type { SqliteEventStore } from '@wijkteam/event-store';
import type { NatsConnection } from 'nats';
import { openSqlite, type Relay, SqliteCheckpointStore, type SqliteDatabase } from '../../src';
import { startConsumerApp } from '../support/apps';
import { countMessages, natsConnect, relayFor, transportFor } from '../support/bus';
import { EffectLog } from '../support/effects';
import { RecordingLogger } from '../support/recording-logger';
import { appendMany, openStore, tempDir, waitFor } from '../support/fixtures';
import { NatsServer } from '@wijkteam/testing';

describe('fault: JetStream storage wiped', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  const dbs: SqliteDatabase[] = [];
  const apps: INestMicroservice[] = [];
  let relay: Relay | undefined;

  beforeAll(async () => {
    nats = await NatsServer.start();
    nc = await natsConnect(nats.url, 'relay');
    dir = tempDir();
    store = openStore(dir.path);
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await relay?.stop();
    await nc?.close();
    await store?.close();
    dbs.forEach((db) => db.close());
    dir?.remove();
    await nats?.dispose();
  });

  function database(name: string): SqliteDatabase {
    const db = openSqlite(join(dir.path, name));
    dbs.push(db);
    return db;
  }

  it('notices the recreated stream by itself, republishes the store into it, and every consumer converges exactly once in effect', async () => {
    const ids = await appendMany(store, 120);
    const logger = new RecordingLogger();
    relay = relayFor('consent', nc, store, new SqliteCheckpointStore(database('events.db')), { streamCheckMs: 500, logger });
    relay.start();
    // Two services consume the same events, each with its own database, inbox and durable consumer.
    const reporting = new EffectLog(database('reporting.db'));
    const planning = new EffectLog(database('case-planning.db'));
    apps.push(await startConsumerApp(transportFor('reporting', nats.url, reporting.db), reporting));
    apps.push(await startConsumerApp(transportFor('case-planning', nats.url, planning.db), planning));
    await waitFor(() => reporting.count() === 120 && planning.count() === 120, 20_000, 'first 120 everywhere');
    expect(relay.metrics().streamResets).toBe(0);

    // The 120 are gone from NATS; the consumers recreate the stream (empty) as they reconnect.
    await nats.wipe();
    ids.push(...(await appendMany(store, 40)));

    await waitFor(async () => (await countMessages(nc)) === 160, 30_000, 'the store republished into the fresh stream');
    await waitFor(() => reporting.count() === 160 && planning.count() === 160, 30_000, 'convergence');
    expect(relay.metrics().streamResets).toBe(1);
    expect(logger.at('warn').filter((line) => line.startsWith('stream JEUGD was recreated'))).toHaveLength(1);
    expect(reporting.duplicates()).toEqual([]);
    expect(planning.duplicates()).toEqual([]);
    expect(reporting.eventIds('reporting__consent_ConsentGranted')).toEqual(new Set(ids));
    expect(planning.eventIds('case-planning__consent_ConsentGranted')).toEqual(new Set(ids));
  });

  it('after a reset the relay goes on as before: one stream, no second reset', async () => {
    const before = await countMessages(nc);
    await appendMany(store, 10);
    await waitFor(async () => (await countMessages(nc)) === before + 10, 20_000, 'new events');
    expect(relay?.metrics().streamResets).toBe(1);
  });
});
