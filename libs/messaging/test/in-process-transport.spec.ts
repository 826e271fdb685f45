import { join } from 'node:path';
import type { INestMicroservice } from '@nestjs/common';
import type { SqliteEventStore } from '@wijkteam/event-store';
import { InProcessTransport, MessageRefused, openSqlite, SqliteCheckpointStore, SqliteDeadLetters, Inbox, type SqliteDatabase } from '../src';
import { startConsumerApp } from './support/apps';
import { type Behaviour, EffectLog, PoisonedEvent } from './support/effects';
import { v7 as uuidv7 } from 'uuid';
import { appendMany, allGateways, openStore, streamName, tempDir, waitFor } from './support/fixtures';

describe('in-process transport', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let db: SqliteDatabase;
  let effects: EffectLog;
  let app: INestMicroservice | undefined;

  const granted = 'reporting__consent_ConsentGranted';
  const intake = 'reporting__intake_any';

  function transport(retry = { maxDeliver: 3, backoffMs: [10] }): InProcessTransport {
    return new InProcessTransport({
      service: 'reporting',
      store,
      gateways: allGateways,
      checkpoints: new SqliteCheckpointStore(db),
      inbox: new Inbox(db),
      deadLetters: new SqliteDeadLetters(db),
      retry,
      batchSize: 50,
    });
  }

  beforeEach(() => {
    dir = tempDir();
    store = openStore(dir.path);
    // Checkpoints, inbox and effects in the store's own file, on a connection of their own.
    db = openSqlite(join(dir.path, 'events.db'));
    effects = new EffectLog(db);
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await store.close();
    db.close();
    dir.remove();
  });

  it('delivers each public event once to the handler whose pattern matches, private events not at all', async () => {
    await appendMany(store, 30, 'ConsentGranted');
    await appendMany(store, 5, 'ConsentWithdrawn'); // public, but no handler
    await appendMany(store, 5, 'ConsentDraftSaved'); // private: not in the catalogue
    app = await startConsumerApp(transport(), effects);
    await appendMany(store, 10, 'ConsentGranted'); // live, after catch-up
    await appendMany(store, 4, 'ReferralReceived'); // wildcard pattern jeugd.intake.*

    await waitFor(() => effects.count(granted) === 40 && effects.count(intake) === 4, 10_000, 'all effects');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(effects.count()).toBe(44);
    expect(effects.duplicates()).toEqual([]);
  });

  it('resumes from its checkpoint after a restart, and the inbox absorbs a replay', async () => {
    await appendMany(store, 20);
    app = await startConsumerApp(transport(), effects);
    await waitFor(() => effects.count(granted) === 20, 10_000, 'first 20');
    await app.close();

    await appendMany(store, 15);
    const behaviour: Behaviour = { seen: [] };
    app = await startConsumerApp(transport(), effects, behaviour);
    await waitFor(() => effects.count(granted) === 35, 10_000, 'next 15');
    // Only the new events were delivered: the checkpoint was kept.
    expect(behaviour.seen?.filter((s) => s.consumer === granted)).toHaveLength(15);
    await app.close();

    // Lose the checkpoint: everything is delivered again, nothing is applied again.
    await new SqliteCheckpointStore(db).reset(`consumer:${granted}`);
    const replay: Behaviour = { seen: [] };
    app = await startConsumerApp(transport(), effects, replay);
    await waitFor(() => (replay.seen?.filter((s) => s.consumer === granted).length ?? 0) === 35, 10_000, 'replay');
    expect(effects.count(granted)).toBe(35);
    expect(effects.duplicates()).toEqual([]);
  });

  it('retries a failing handler, dead-letters it after the last try, and goes on with the next events', async () => {
    const [poisoned] = await appendMany(store, 1, 'ConsentGranted', { poison: true });
    await appendMany(store, 10);
    const behaviour: Behaviour = {
      seen: [],
      before: (event) => {
        if (event.data.poison) throw new PoisonedEvent();
      },
    };
    app = await startConsumerApp(transport({ maxDeliver: 3, backoffMs: [20, 40] }), effects, behaviour);
    await waitFor(() => effects.count(granted) === 10, 10_000, 'healthy events');

    const letters = new SqliteDeadLetters(db).list(granted);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      eventId: poisoned,
      deliveries: 3,
      subject: 'jeugd.consent.ConsentGranted',
      error: { name: 'PoisonedEvent', code: 'poisoned_event', message: 'poisoned_event' },
      original: { headers: { 'ce-id': poisoned, 'ce-type': 'nl.wijkteam.jeugd.consent.ConsentGranted.v1' }, data: { ref: poisoned, poison: true } },
    });
    expect(behaviour.seen?.filter((s) => s.id === poisoned).map((s) => s.attempt)).toEqual([1, 2, 3]);
  });

  it('dead-letters a message its handler refuses (MessageRefused) at the first attempt, with its code, and goes on', async () => {
    const [refused] = await appendMany(store, 1, 'ConsentGranted', { poison: true });
    await appendMany(store, 3);
    const behaviour: Behaviour = {
      seen: [],
      before: (event) => {
        if (event.data.poison) throw new MessageRefused('not_recorded', 'the publisher has no record of this');
      },
    };
    app = await startConsumerApp(transport({ maxDeliver: 3, backoffMs: [20] }), effects, behaviour);
    await waitFor(() => effects.count(granted) === 3, 10_000, 'healthy events');
    const [letter] = new SqliteDeadLetters(db).list(granted);
    expect(letter).toMatchObject({ eventId: refused, deliveries: 1, error: { name: 'MessageRefused', code: 'not_recorded' } });
    expect(behaviour.seen?.filter((s) => s.id === refused).map((s) => s.attempt)).toEqual([1]);
  });

  it('dead-letters an event its gateway refuses, with ids and the field only, and goes on', async () => {
    const [refused] = await appendMany(store, 1, 'ConsentGranted', { poison: 'Bram Smit' }); // not a flag: breaks the schema
    const healthy = await appendMany(store, 3);
    app = await startConsumerApp(transport(), effects);
    await waitFor(() => effects.count(granted) === 3, 10_000, 'healthy effects');
    expect(effects.eventIds(granted)).toEqual(new Set(healthy));
    const [letter] = new SqliteDeadLetters(db).list(granted);
    expect(letter).toMatchObject({ eventId: refused, error: { code: 'gateway_refused' }, original: { refused: { eventId: refused, type: 'ConsentGranted', schemaVersion: 1, field: 'poison' } } });
    expect(JSON.stringify(letter)).not.toContain('Bram');
  });

  it('dead-letters a stored record that is not an event (with its position and reason) on the group that wants it, counts it, and goes on; a restart does not stop on it again', async () => {
    const before = await appendMany(store, 4);
    // Written past the store's API (the append path would refuse it): data that is not JSON.
    const poisonId = uuidv7();
    db.prepare('INSERT INTO events (stream_name, revision, id, type, data, metadata, recorded_at) VALUES (?, 0, ?, ?, ?, ?, ?)').run(
      streamName('consent', 'consent'), poisonId, 'ConsentGranted', 'client=Jan de Vries', '{}', Date.now(),
    );
    const position = String((db.prepare('SELECT position FROM events WHERE id = ?').get(poisonId) as { position: number | bigint }).position);
    const after = await appendMany(store, 6);
    const referrals = await appendMany(store, 2, 'ReferralReceived');
    const t = transport();
    app = await startConsumerApp(t, effects);
    await waitFor(() => effects.count(granted) === 10 && effects.count(intake) === 2, 10_000, 'events on both sides of the record');
    expect(effects.eventIds(granted)).toEqual(new Set([...before, ...after]));
    expect(effects.eventIds(intake)).toEqual(new Set(referrals));
    // Only the group on its subject dead-letters it; the other just passes it.
    expect(new SqliteDeadLetters(db).list()).toEqual([
      expect.objectContaining({
        consumer: granted, subject: 'jeugd.consent.ConsentGranted', eventId: poisonId, position, deliveries: 1,
        error: { name: 'UnreadableEvent', code: 'unreadable_event', message: 'data_not_json_object' },
        original: { unreadable: { eventId: poisonId, type: 'ConsentGranted', reason: 'data_not_json_object' } },
      }),
    ]);
    expect(JSON.stringify(new SqliteDeadLetters(db).list())).not.toContain('Jan');
    expect(Object.fromEntries((await t.consumerPending()).map((c) => [c.consumer, c.deadLettered]))).toEqual({ [granted]: 1, [intake]: 0 });
    // Live and after a restart: past it, nothing is dead-lettered twice, new events arrive.
    await app.close();
    const later = await appendMany(store, 3);
    app = await startConsumerApp(transport(), effects);
    await waitFor(() => effects.count(granted) === 13, 10_000, 'events after the restart');
    expect(effects.eventIds(granted)).toEqual(new Set([...before, ...after, ...later]));
    expect(new SqliteDeadLetters(db).list()).toHaveLength(1);
    expect(effects.duplicates()).toEqual([]);
  });

  it('reports pending per handler group as head minus checkpoint', async () => {
    await appendMany(store, 5);
    const t = transport();
    app = await startConsumerApp(t, effects);
    await waitFor(async () => (await t.consumerPending()).every((c) => c.pending === 0), 10_000, 'caught up');
    expect((await t.consumerPending()).map((c) => c.consumer).sort()).toEqual([granted, intake]);
  });
});
