import { AckPolicy } from 'nats';
import { type DeadLetter, type JetStreamTransport, SqliteCheckpointStore } from '../../src';
import { startConsumerApp } from '../support/apps';
import { relayFor, transportFor } from '../support/bus';
import { useBusFixture } from '../support/bus-fixture';
import { type Behaviour, EffectLog, PoisonedEvent } from '../support/effects';
import { appendMany, waitFor } from '../support/fixtures';

describe('fault: a handler that always throws on one message', () => {
  const consumer = 'reporting__consent_ConsentGranted';
  const bus = useBusFixture('test');

  it('dead-letters it on jeugd.dlq.<consumer> after the configured tries while the next messages flow', async () => {
    const { nats, nc, store, db } = bus;
    const effects = new EffectLog(db);
    const behaviour: Behaviour = {
      seen: [],
      before: (event) => {
        if (event.data.poison) throw new PoisonedEvent();
      },
    };
    // One message at a time, and still the poison does not hold the others up: nak with delay.
    const transport: JetStreamTransport = transportFor('reporting', nats.url, db, { concurrency: 1, retry: { maxDeliver: 3, backoffMs: [1_000, 1_500] } });
    bus.app = await startConsumerApp(transport, effects, behaviour);
    const [poisoned] = await appendMany(store, 1, 'ConsentGranted', { poison: true });
    const healthy = await appendMany(store, 20);
    const relay = relayFor('consent', nc, store, new SqliteCheckpointStore(db));
    bus.relay = relay;
    relay.start();

    await waitFor(() => effects.count(consumer) === 20, 10_000, 'healthy messages');
    const healthyDoneAt = Date.now();
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.add('JEUGD', { durable_name: 'dlq_reader', filter_subject: `jeugd.dlq.${consumer}`, ack_policy: AckPolicy.Explicit });
    const reader = await nc.jetstream().consumers.get('JEUGD', 'dlq_reader');
    const message = await reader.next({ expires: 10_000 });
    const deadLetteredAt = Date.now();
    expect(message?.subject).toBe(`jeugd.dlq.${consumer}`);
    const letter = message?.json<DeadLetter>();
    expect(letter).toMatchObject({
      consumer,
      subject: 'jeugd.consent.ConsentGranted',
      eventId: poisoned,
      deliveries: 3,
      error: { name: 'PoisonedEvent', code: 'poisoned_event', message: 'poisoned_event' },
      original: { headers: { 'ce-id': poisoned, 'ce-type': 'nl.wijkteam.jeugd.consent.ConsentGranted.v1' }, data: { ref: poisoned, poison: true, n: 0 } },
    });
    expect(Object.keys(letter?.error ?? {}).sort()).toEqual(['code', 'message', 'name']);
    expect(healthyDoneAt).toBeLessThan(deadLetteredAt);
    expect(behaviour.seen?.filter((s) => s.id === poisoned).map((s) => s.attempt)).toEqual([1, 2, 3]);
    expect(effects.eventIds(consumer)).toEqual(new Set(healthy));

    // Terminated, not left pending: the consumer is clean, and later messages still flow.
    await waitFor(async () => (await transport.consumerPending()).every((c) => c.ackPending === 0 && c.pending === 0), 10_000, 'consumer drained');
    const later = await appendMany(store, 5);
    await waitFor(() => later.every((id) => effects.eventIds(consumer).has(id)), 10_000, 'later messages');
  });
});
