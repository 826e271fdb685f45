import { join } from 'node:path';
import type { INestMicroservice } from '@nestjs/common';
import type { SqliteEventStore } from '@wijkteam/event-store';
import { AckPolicy, headers, type NatsConnection } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import { ensureStream, readPublicMessage, toPublicMessage, MessagingConfigError, MessagingHealth, MessagingMetrics, openSqlite, type Relay, SqliteCheckpointStore, type SqliteDatabase } from '../src';
import { headersOf } from '../src/jetstream/message-headers';
import { startConsumerApp } from './support/apps';
import { countMessages, natsConnect, relayFor, transportFor } from './support/bus';
import { EffectLog } from './support/effects';
import { appendMany, openStore, TestReferralReceived, tempDir, waitFor } from './support/fixtures';
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
    // CloudEvents binary mode: attributes as headers, the body is the public data and nothing else.
    expect(first?.headers?.get('ce-id')).toBe(ids[0]);
    expect(first?.headers?.get('ce-type')).toBe('nl.wijkteam.jeugd.consent.ConsentGranted.v1');
    const { envelope, data } = readPublicMessage(first?.subject ?? '', (name) => first?.headers?.get(name) || undefined, first?.data ?? new Uint8Array());
    expect(envelope).toMatchObject({ id: ids[0], service: 'consent', type: 'ConsentGranted', version: 1, actor: { userId: 'user-1' } });
    expect(data).toEqual({ ref: ids[0], n: 0 });
    // The transport reads the header block itself, in one pass: the same as nats.js's MsgHdrs.
    const second = await consumer.next({ expires: 2_000 });
    const read = headersOf(second as NonNullable<typeof second>); // before nats.js decoded them
    expect(Object.keys(read)).toHaveLength(14); // no causation id on these events
    expect(Object.fromEntries([...(second?.headers ?? [])].map(([name, values]) => [name, values[0]]))).toEqual(read);
    expect(relay.metrics()).toMatchObject({ service: 'consent', active: true, published: 20, duplicates: 0 });
  });

  it('feeds @ConsumeEvents handlers from durable consumers, exactly once in effect, with metrics and health', async () => {
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

  it('does not publish an event its gateway refuses: a dead letter with ids and the field, and the relay goes on', async () => {
    const [refused] = await appendMany(store, 1, 'ConsentGranted', { poison: 'Bram Smit' });
    const healthy = await appendMany(store, 3);
    relay = relayFor('consent', nc, store, new SqliteCheckpointStore(db));
    relay.start();
    await waitFor(async () => (await relay?.lag()) === 0, 10_000, 'relay caught up');
    expect(await countMessages(nc, 'jeugd.consent.>')).toBe(3);
    const letters = await peek(nc, 'jeugd.dlq.>', 1);
    expect(letters.map((m) => m.subject)).toEqual(['jeugd.dlq.relay-consent']);
    expect(JSON.parse(letters[0].text)).toMatchObject({ eventId: refused, error: { code: 'gateway_refused' }, original: { refused: { eventId: refused, type: 'ConsentGranted', schemaVersion: 1, field: 'poison' } } });
    expect(letters[0].text).not.toContain('Bram');
    expect(healthy).toHaveLength(3);
  });

  it('dead-letters a message that does not decode as asked, at once and with its code; skips other types on a wildcard', async () => {
    const effects = new EffectLog(db);
    app = await startConsumerApp(transportFor('reporting', nats.url, db), effects);
    const js = nc.jetstream();
    const good = toPublicMessage(TestReferralReceived, { ...envelope(), data: { ref: envelope().id } });
    const send = (subject: string, h: Record<string, string>, body: unknown) => {
      const nh = headers();
      for (const [name, value] of Object.entries({ ...h, 'Nats-Msg-Id': h['ce-id'] })) nh.set(name, value);
      return js.publish(subject, new TextEncoder().encode(JSON.stringify(body)), { headers: nh });
    };
    await send('jeugd.intake.ReferralReceived', { ...good.headers, 'ce-id': uuidv7(), 'ce-type': 'nl.wijkteam.jeugd.intake.ReferralReceived.v2' }, { ref: envelope().id }); // newer than asked
    await send('jeugd.intake.ReferralReceived', { ...good.headers, 'ce-id': uuidv7() }, { ref: 'Bram Smit' }); // breaks the schema
    await send('jeugd.intake.ReferralReceived', { 'ce-id': uuidv7() }, { ref: envelope().id }); // not a CloudEvent
    await send('jeugd.intake.ReferralDeclined', { ...good.headers, 'ce-id': uuidv7(), 'ce-type': 'nl.wijkteam.jeugd.intake.ReferralDeclined.v1' }, {}); // not asked for
    await send('jeugd.intake.ReferralReceived', good.headers, JSON.parse(new TextDecoder().decode(good.body)));
    await waitFor(() => effects.count('reporting__intake_any') === 1, 10_000, 'the good one handled');
    const letters = (await peek(nc, 'jeugd.dlq.>', 3)).map((m) => JSON.parse(m.text) as { deliveries: number; error: { code: string } });
    expect(letters.map((l) => l.error.code).sort()).toEqual(['event_data_invalid', 'event_version_not_supported', 'invalid_cloud_event']);
    expect(letters.every((l) => l.deliveries === 1)).toBe(true);
    expect(effects.count()).toBe(1);
    expect(await countMessages(nc, 'jeugd.dlq.>')).toBe(3); // the ReferralDeclined was skipped, not dead-lettered
  });
});

function envelope() {
  const id = '0193a5b2-7c1e-7000-8000-0000000000e1';
  return { id, type: 'ReferralReceived', version: 1, source: 'intake', time: '2026-11-23T09:00:00.000Z', subject: id, correlationId: 'corr-1', actor: { userId: 'user-1', role: 'coach', organisation: 'wijkteam-test' } } as const;
}

/** The first `count` messages stored under `subject`, read by a throw-away consumer. */
async function peek(nc: NatsConnection, subject: string, count: number): Promise<Array<{ subject: string; text: string }>> {
  const jsm = await nc.jetstreamManager();
  const name = `peek_${Math.random().toString(36).slice(2)}`;
  await jsm.consumers.add('JEUGD', { durable_name: name, ack_policy: AckPolicy.None, filter_subject: subject });
  const consumer = await nc.jetstream().consumers.get('JEUGD', name);
  const found: Array<{ subject: string; text: string }> = [];
  await waitFor(async () => {
    const message = await consumer.next({ expires: 1_000 });
    if (message) found.push({ subject: message.subject, text: new TextDecoder().decode(message.data) });
    return found.length >= count;
  }, 15_000, `${count} message(s) on ${subject}`);
  return found;
}
