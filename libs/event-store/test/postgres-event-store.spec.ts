import { freshPostgresSchema, queryPostgres, TEST_POSTGRES_URL, whyPostgresUnreachable } from '@wijkteam/testing';
import { createEventStore, isEventStoreUrl } from '../src/create-event-store';
import { EventStoreUnavailable, UnreadableEvent, WrongExpectedVersion } from '../src/errors';
import { PostgresEventStore } from '../src/postgres/postgres-event-store';
import { readAllStored } from '../src/stored-events';
import type { RecordedEvent } from '../src/types';
import { anEvent, collect, within } from './support/fixtures';

const SCHEMA = 'event_store_replicas';
const unreachable = whyPostgresUnreachable();

// What the contract suite cannot see: several replicas on one schema, the table itself, NOTIFY,
// group commit and an unreachable server.
(unreachable ? describe.skip : describe)(`PostgresEventStore${unreachable ? ` (PostgreSQL not reachable: ${unreachable})` : ''}`, () => {
  const stores: PostgresEventStore[] = [];
  const open = (options: Parameters<typeof PostgresEventStore.open>[1] = {}) => {
    const store = PostgresEventStore.open(`${TEST_POSTGRES_URL}?schema=${SCHEMA}`, options);
    stores.push(store);
    return store;
  };
  const sql = <Row>(text: string, values: unknown[] = []) => queryPostgres<Row>(text, values);

  beforeEach(async () => {
    await freshPostgresSchema(SCHEMA);
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  it('numbers positions 1, 2, 3 … without gaps while two replicas append concurrently, each stream keeping its revisions', async () => {
    const [a, b] = [open(), open()];
    const appends = Array.from({ length: 120 }, (_, n) =>
      (n % 2 === 0 ? a : b).appendToStream(`probe-${n % 7}`, [anEvent({ n }), anEvent({ n })]),
    );
    await Promise.all(appends);
    const all = await collect(a.readAll());
    expect(all.map((event) => event.position)).toEqual(Array.from({ length: 240 }, (_, n) => BigInt(n + 1)));
    for (let stream = 0; stream < 7; stream++) {
      const revisions = all.filter((event) => event.streamName === `probe-${stream}`).map((event) => event.revision);
      expect(revisions).toEqual(revisions.map((_, n) => BigInt(n)));
    }
    expect(await b.headPosition()).toBe(240n);
  });

  it("wakes a replica's subscription by NOTIFY when another replica appends, not by its poll", async () => {
    const [writer, reader] = [open(), open({ pollIntervalMs: 60_000 })];
    const subscription = reader.subscribeToAll({ fromPosition: 'start' });
    const iterator = subscription[Symbol.asyncIterator]();
    const first = within(iterator.next(), 5_000, 'first event');
    // The listener connects in the background; appends before it listens are found by the first read.
    const event = anEvent();
    await writer.appendToStream('probe-a', [event]);
    expect((await first).value.id).toBe(event.id);
    const later = anEvent();
    const next = within(iterator.next(), 5_000, 'notified event');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await writer.appendToStream('probe-b', [later]);
    expect((await next).value.id).toBe(later.id);
    await subscription.close();
  });

  it('commits concurrent appends in a few transactions, a conflict failing only its own append', async () => {
    const store = open();
    await store.appendToStream('probe-taken', [anEvent()]);
    const before = store.groupCommitCount;
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        store
          .appendToStream(n === 25 ? 'probe-taken' : `probe-${n}`, [anEvent()], { expectedRevision: 'no_stream' })
          .then((ok) => ({ ok }), (error: unknown) => ({ error })),
      ),
    );
    expect(outcomes.filter((outcome) => 'ok' in outcome)).toHaveLength(49);
    expect((outcomes[25] as { error: unknown }).error).toBeInstanceOf(WrongExpectedVersion);
    expect(store.groupCommitCount - before).toBeLessThanOrEqual(2);
    expect(await store.headPosition()).toBe(50n);
  });

  it('is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const store = open();
    await store.appendToStream('probe-a', [anEvent({ score: 3 })]);
    for (const statement of [`UPDATE ${SCHEMA}.events SET data = '{"score":1}'`, `DELETE FROM ${SCHEMA}.events`, `TRUNCATE ${SCHEMA}.events`]) {
      await expect(sql(statement)).rejects.toThrow('events are append-only');
    }
    expect((await collect(store.readStream('probe-a')))[0].data).toEqual({ score: 3 });
  });

  it('hands out rows as stored for the seals, and fails a subscription on an unreadable row only after the events before it', async () => {
    const store = open();
    const event = anEvent({ a: 1, b: 'ü' });
    await store.appendToStream('probe-a', [event]);
    const [[stored]] = await collect2(readAllStored(store));
    expect(stored).toEqual({ position: 1n, streamName: 'probe-a', revision: 0n, id: event.id, type: event.type, data: '{"a":1,"b":"ü"}', metadata: JSON.stringify(event.metadata) });
    await sql(`INSERT INTO ${SCHEMA}.events VALUES (2, 'probe-b', 0, 'hand-written', 'ProbeRecorded', 'not json', '{}', now())`);
    const seen: RecordedEvent[] = [];
    const failure = await (async () => {
      for await (const next of store.subscribeToAll()) seen.push(next);
    })().catch((error: unknown) => error);
    expect(seen.map((next) => next.id)).toEqual([event.id]);
    expect(failure).toBeInstanceOf(UnreadableEvent);
    expect(failure).toMatchObject({ position: 2n, reason: 'data_not_json_object' });
  });

  it('answers EventStoreUnavailable without the URL or its password when the server cannot be reached', async () => {
    const store = PostgresEventStore.open('postgres://wijkteam:s3cret-pass@127.0.0.1:1/test', { connectTimeoutMs: 500 });
    stores.push(store);
    const attempts: (() => Promise<unknown>)[] = [() => store.appendToStream('probe-a', [anEvent()]), () => store.headPosition(), () => collect(store.readAll())];
    for (const attempt of attempts) {
      const error = await attempt().then(() => undefined, (caught: unknown) => caught as Error);
      expect(error).toBeInstanceOf(EventStoreUnavailable);
      expect(error?.message).not.toMatch(/s3cret|wijkteam@|127\.0\.0\.1/);
    }
  });

  it('is what createEventStore opens for a postgres:// URL, with ?schema= as its schema', async () => {
    expect(isEventStoreUrl(`${TEST_POSTGRES_URL}?schema=${SCHEMA}`)).toBe(true);
    expect(isEventStoreUrl('postgres://host/db?schema=Not-An-Identifier')).toBe(false);
    const store = createEventStore(`${TEST_POSTGRES_URL}?schema=${SCHEMA}`);
    stores.push(store as PostgresEventStore);
    expect(store).toBeInstanceOf(PostgresEventStore);
    await store.appendToStream('probe-a', [anEvent()]);
    expect(await sql<{ n: string }>(`SELECT count(*) AS n FROM ${SCHEMA}.events`)).toEqual([{ n: '1' }]);
  });
});

async function collect2<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}
