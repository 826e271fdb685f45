import { join } from 'node:path';
import type { INestMicroservice } from '@nestjs/common';
import type { SqliteEventStore } from '@wijkteam/event-store';
import { AckPolicy, type NatsConnection } from 'nats';
import { decodePublishedEvent, ensureStream, MessagingConfigError, MessagingHealth, MessagingMetrics, openSqlite, type Relay, SqliteCheckpointStore, type SqliteDatabase } from '../src';
import { startConsumerApp } from './support/apps';
import { countMessages, natsConnect, relayFor, transportFor } from './support/bus';
import { EffectLog } from './support/effects';
import { appendMany, openStore, tempDir, waitFor } from './support/fixtures';
import { NatsServer } from '@wijkteam/testing';

describe('JetStream relay and transport', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let db: SqliteDatabase;
  let relay: Relay | undefined;
  let app: INestMicroservice | undefined;

  beforeAll(async () => {
    nats = await NatsServer.start();
    nc = await natsConnect(nats.url);
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.dispose();
  });
  beforeEach(() => {
    dir = tempDir();
    store = openStore(dir.path);
    db = openSqlite(join(dir.path, 'events.db'));
  });
  afterEach(async () => {
    await app?.close();
    await relay?.stop();
    app = relay = undefined;
    await store.close();
    db.close();
    dir.remove();
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete('JEUGD').catch(() => undefined);
  });

  it('sets the stream up idempotently and brings an existing one to the configured limits', async () => {
    const jsm = await nc.jetstreamManager();
    const first = await ensureStream(jsm, { maxAgeMs: 3_600_000 });
    const again = await ensureStream(jsm, { maxAgeMs: 3_600_000 });
    expect(again.created).toEqual(first.created);
    expect(first.config).toMatchObject({ subjects: ['jeugd.>'], storage: 'file', duplicate_window: 120_000_000_000 });
    const updated = await ensureStream(jsm, { maxAgeMs: 7_200_000, duplicateWindowMs: 300_000 });
    expect(updated.config).toMatchObject({ max_age: 7_200_000_000_000, duplicate_window: 300_000_000_000 });
    await expect(ensureStream(jsm, { duplicateWindowMs: 60_000 })).rejects.toThrow(MessagingConfigError);
  });

  it('publishes public events with the event id as Nats-Msg-Id, then advances its checkpoint', async () => {
    const ids = await appendMany(store, 20, 'ConsentGranted');
    await appendMany(store, 5, 'ConsentDraftSaved'); // private
    await appendMany(store, 3, 'ReferralReceived'); // another service's
    const checkpoints = new SqliteCheckpointStore(db);
    relay = relayFor('consent', nc, store, checkpoints);
    relay.start();
    await waitFor(async () => (await relay?.lag()) === 0, 10_000, 'relay caught up');

    expect(await countMessages(nc)).toBe(20);
    expect(await checkpoints.load('relay:consent')).toBe(await store.headPosition());
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.add('JEUGD', { durable_name: 'peek', ack_policy: AckPolicy.None, filter_subject: 'jeugd.>' });
    const consumer = await nc.jetstream().consumers.get('JEUGD', 'peek');
    const first = await consumer.next({ expires: 2_000 });
    expect(first?.subject).toBe('jeugd.consent.ConsentGranted');
    expect(first?.headers?.get('Nats-Msg-Id')).toBe(ids[0]);
    const body = decodePublishedEvent(first?.data ?? new Uint8Array());
    expect(body).toMatchObject({ id: ids[0], type: 'ConsentGranted', position: '1', revision: '0', data: { n: 0 } });
    expect(body.streamName).toMatch(/^consent-/);
    expect(relay.metrics()).toMatchObject({ service: 'consent', active: true, published: 20, duplicates: 0 });
  });

  it('feeds @EventPattern handlers from durable consumers, exactly once in effect, with metrics and health', async () => {
    const effects = new EffectLog(db);
    relay = relayFor('consent', nc, store, new SqliteCheckpointStore(db));
    relay.start();
    const transport = transportFor('reporting', nats.url, db);
    app = await startConsumerApp(transport, effects);
    await appendMany(store, 50);
    await waitFor(() => effects.count() === 50, 15_000, '50 effects');

    const metrics = new MessagingMetrics(transport, relay);
    await waitFor(async () => (await metrics.snapshot()).consumers.every((c) => c.pending === 0 && c.ackPending === 0), 10_000, 'acks');
    const snapshot = await metrics.snapshot();
    expect(snapshot.relay).toMatchObject({ lag: 0, active: true });
    expect(snapshot.consumers.map((c) => c.consumer).sort()).toEqual(['reporting__consent_ConsentGranted', 'reporting__intake_any']);
    expect(effects.duplicates()).toEqual([]);

    const health = new MessagingHealth(nc);
    expect(health.check()).toEqual({ ready: true, nats: 'connected' });
    expect(new MessagingHealth().isReady()).toBe(true);
  });
});
