import { Registry } from 'prom-client';
import { AckPolicy, type Consumer } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import { type DeadLetter, type Gateway, type JetStreamTransport, MessagingMetrics, type MessagingServer, registerMessagingMetrics, type Relay, SqliteCheckpointStore } from '../../src';
import { startConsumerApp } from '../support/apps';
import { relayFor, transportFor } from '../support/bus';
import { useBusFixture } from '../support/bus-fixture';
import { EffectLog } from '../support/effects';
import { RecordingLogger } from '../support/recording-logger';
import { appendMany, gateways, streamName, waitFor } from '../support/fixtures';

describe('fault: a stored record the relay cannot read or translate', () => {
  const granted = 'reporting__consent_ConsentGranted';
  const bus = useBusFixture('unreadable');
  const logger = new RecordingLogger();
  let consent: Relay;
  let intake: Relay;
  let transport: JetStreamTransport;
  let effects: EffectLog;
  let deadLetters: Consumer;

  // A gateway that throws (a bug, a legacy shape it never expected) on the events marked `explode`.
  const throwing: Gateway = {
    ...gateways.consent,
    publish: (event, route) => {
      if (event.data.explode) throw new TypeError(`cannot translate ${JSON.stringify(event.data)}`);
      return gateways.consent.publish(event, route);
    },
  };

  const scrape = async (): Promise<string> => {
    const registry = new Registry();
    // The consent service's own figures: its relay beside its (here idle) transport.
    const consentTransport = { service: 'consent', kind: 'jetstream', consumerPending: async () => [] } as unknown as MessagingServer;
    registerMessagingMetrics(registry, () => [new MessagingMetrics(consentTransport, consent)]);
    return registry.metrics();
  };

  beforeAll(async () => {
    const { nats, nc, store, db } = bus;
    effects = new EffectLog(db);
    transport = transportFor('reporting', nats.url, db);
    bus.app = await startConsumerApp(transport, effects);
    const checkpoints = new SqliteCheckpointStore(db);
    consent = relayFor('consent', nc, store, checkpoints, { gateway: throwing, logger });
    // Another service's relay on the same store: the record is not its to publish, and must not stop it.
    intake = relayFor('intake', nc, store, checkpoints);
    bus.relay = consent;
    consent.start();
    intake.start();
    const jsm = await nc.jetstreamManager();
    await waitFor(async () => (await jsm.streams.names().next()).includes('JEUGD'), 10_000, 'stream');
    await jsm.consumers.add('JEUGD', { durable_name: 'relay_dlq_reader', filter_subject: 'jeugd.dlq.relay-consent', ack_policy: AckPolicy.Explicit });
    deadLetters = await nc.jetstream().consumers.get('JEUGD', 'relay_dlq_reader');
  });
  afterAll(async () => {
    await intake?.stop();
  });

  it('dead-letters a record that is not JSON with its position and reason, logs it once, counts it, and publishes what follows', async () => {
    const { store, db } = bus;
    const before = await appendMany(store, 5);
    const referrals = await appendMany(store, 3, 'ReferralReceived');
    await waitFor(() => effects.count(granted) === 5, 15_000, 'events before the record');

    // Written past the store's API (the append path would refuse it): data that is not JSON.
    const poisonId = uuidv7();
    db.prepare('INSERT INTO events (stream_name, revision, id, type, data, metadata, recorded_at) VALUES (?, 0, ?, ?, ?, ?, ?)').run(
      streamName('consent', 'consent'),
      poisonId,
      'ConsentGranted',
      'client=Jan de Vries',
      '{}',
      Date.now(),
    );
    const poisonPosition = (db.prepare('SELECT position FROM events WHERE id = ?').get(poisonId) as { position: number | bigint }).position;
    const after = await appendMany(store, 20);
    const laterReferrals = await appendMany(store, 3, 'ReferralReceived');

    await waitFor(() => after.every((id) => effects.eventIds(granted).has(id)), 15_000, 'events after the record');
    expect(effects.eventIds(granted)).toEqual(new Set([...before, ...after]));
    // The other relay went past it too.
    await waitFor(() => effects.count() === 5 + 20 + 6, 15_000, 'intake events on both sides of the record');
    expect(effects.duplicates()).toEqual([]);
    const applied = new Set((effects.db.prepare('SELECT event_id FROM effects').all() as Array<{ event_id: string }>).map((row) => row.event_id));
    expect([...referrals, ...laterReferrals].filter((id) => !applied.has(id))).toEqual([]);

    const message = await deadLetters.next({ expires: 5_000 });
    message?.ack();
    const letter = message?.json<DeadLetter>();
    expect(letter).toMatchObject({
      consumer: 'relay-consent',
      subject: 'jeugd.consent.ConsentGranted',
      eventId: poisonId,
      position: String(poisonPosition),
      deliveries: 1,
      error: { name: 'UnreadableEvent', code: 'unreadable_event', message: 'data_not_json_object' },
      original: { unreadable: { eventId: poisonId, type: 'ConsentGranted', reason: 'data_not_json_object' } },
    });
    expect(JSON.stringify(letter)).not.toContain('Jan');
    // Only its owner dead-letters it: nothing on the intake relay's subject.
    expect((await (await bus.nc.jetstreamManager()).streams.info('JEUGD', { subjects_filter: 'jeugd.dlq.>' })).state.subjects).toEqual({ 'jeugd.dlq.relay-consent': 1 });

    const logged = logger.at('error');
    expect(logged).toEqual([`stored record ${poisonId} at position ${poisonPosition} (ConsentGranted) not published: unreadable_event data_not_json_object; dead-lettered`]);
    expect(await scrape()).toContain('wijkteam_relay_dead_lettered_total{service="consent"} 1\n');
    expect(consent.metrics().deadLettered).toBe(1);
  });

  it('dead-letters an event its gateway throws on (codes only, not the error text) and publishes what follows', async () => {
    const { store } = bus;
    const [exploding] = await appendMany(store, 1, 'ConsentGranted', { explode: true });
    const after = await appendMany(store, 10);
    await waitFor(() => after.every((id) => effects.eventIds(granted).has(id)), 15_000, 'events after the one the gateway threw on');
    expect(effects.eventIds(granted).has(exploding)).toBe(false);

    const letter = (await deadLetters.next({ expires: 5_000 }))?.json<DeadLetter>();
    expect(letter).toMatchObject({
      consumer: 'relay-consent',
      eventId: exploding,
      position: expect.stringMatching(/^\d+$/),
      error: { name: 'GatewayRefused', code: 'gateway_refused' },
      original: { refused: { eventId: exploding, type: 'ConsentGranted', schemaVersion: 1, field: '', issue: 'translation_failed' } },
    });
    expect(JSON.stringify(letter)).not.toContain('explode');
    expect(logger.at('error')).toHaveLength(2);
    expect(logger.at('error')[1]).toMatch(new RegExp(`^event ${exploding} at position ${letter?.position} \\(ConsentGranted v1\\) not published: \\(data\\) translation_failed; dead-lettered$`));
    expect(await scrape()).toContain('wijkteam_relay_dead_lettered_total{service="consent"} 2\n');
  });
});
