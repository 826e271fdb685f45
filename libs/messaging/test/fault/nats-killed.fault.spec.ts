import { MessagingHealth, SqliteCheckpointStore } from '../../src';
import { startConsumerApp } from '../support/apps';
import { countMessages, relayFor, transportFor } from '../support/bus';
import { useBusFixture } from '../support/bus-fixture';
import { EffectLog } from '../support/effects';
import { appendMany, waitFor } from '../support/fixtures';

describe('fault: NATS killed while the relay publishes, then restarted on the same storage', () => {
  const bus = useBusFixture('relay');

  it('delivers every event, with no duplicate effect', async () => {
    const { nats, nc, store, db } = bus;
    const effects = new EffectLog(db);
    const ids = await appendMany(store, 600);
    const relay = relayFor('consent', nc, store, new SqliteCheckpointStore(db), { windowSize: 32 });
    bus.app = await startConsumerApp(transportFor('reporting', nats.url, db), effects);
    bus.relay = relay;
    relay.start();
    const health = new MessagingHealth(nc);

    // Kill it mid-flight: some windows acknowledged, others not yet published.
    await waitFor(() => relay.metrics().published >= 100, 10_000, 'publishing under way');
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
