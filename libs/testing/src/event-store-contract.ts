import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import type {
  AppendOptions,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  RecordedEvent,
  Subscription,
} from '@wijkteam/event-store';

export interface EventStoreUnderTest {
  store: EventStore;
  teardown(): Promise<void>;
}

// Only the port is used here, so every adapter runs the same suite. Adapters may share one server with
// other tests running at the same time: every test writes to streams of its own and reads $all from a
// head position it took, filtered by its own category, so it never depends on anyone else's events.
// Errors are recognised by name, code and fields (the port's error values) rather than by class
// identity, so this file needs nothing of the port at run time.

const letters = (length: number): string => [...randomBytes(length)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');
// Letters only: a random run of digits could look like a BSN or a date and be refused as personal data.
const uniqueCategory = (): string => `ct${letters(10)}`;
const streamIn = (category: string): string => `${category}-${letters(12)}`;
const newStream = (): string => streamIn('contract');

function anEvent(data: JsonObject = {}, type = 'ProbeRecorded'): EventToAppend {
  const metadata = {
    occurredAt: new Date().toISOString(),
    actor: { userId: 'user-contract', role: 'coach', organisation: 'wijkteam-noord' },
    correlationId: uuidv7(),
    schemaVersion: 1,
  };
  return { id: uuidv7(), type, data, metadata };
}
const events = (count: number, type?: string): EventToAppend[] => Array.from({ length: count }, (_, n) => anEvent({ n }, type));

async function collect(source: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const event of source) out.push(event);
  return out;
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const CODES = {
  WrongExpectedVersion: 'wrong_expected_version',
  DuplicateEventId: 'duplicate_event_id',
  InvalidStreamName: 'invalid_stream_name',
  InvalidEvent: 'invalid_event',
  EventStoreUnavailable: 'event_store_unavailable',
} as const;
/** What the port's error called `name` looks like, with these fields. */
const portError = (name: keyof typeof CODES, fields: Record<string, unknown> = {}) => ({ name, code: CODES[name], ...fields });

/** The rejection of `promise`, after checking that its message leaks none of `secrets`. */
async function rejection(promise: Promise<unknown>, ...secrets: string[]): Promise<Error> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(caught instanceof Error)) throw new Error('expected a rejection with an Error');
  for (const secret of secrets) expect(caught.message).not.toContain(secret);
  return caught;
}

/** Proves that no event of `batch` was stored: their ids can still start a fresh stream. */
async function expectNotStored(store: EventStore, batch: readonly EventToAppend[]): Promise<void> {
  const again = batch.map((event) => ({ ...anEvent(), id: event.id }));
  await expect(store.appendToStream(newStream(), again, { expectedRevision: 'no_stream' })).resolves.toMatchObject({
    nextExpectedRevision: BigInt(again.length - 1),
  });
}

/**
 * What differs between stores by design (documented in libs/event-store/README.md):
 * storeWideEventIds — the store refuses an event id that is already stored anywhere (SQLite has a
 * unique index on ids; EventStoreDB only checks ids within a stream's idempotent-retry window).
 */
export interface ContractOptions {
  storeWideEventIds?: boolean;
}

export function eventStoreContract(adapterName: string, setup: () => Promise<EventStoreUnderTest>, options: ContractOptions = {}): void {
  const storeWide = options.storeWideEventIds ?? true;
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    let teardown: (() => Promise<void>) | undefined;
    const append = (stream: string, batch: readonly EventToAppend[], options?: AppendOptions) =>
      store.appendToStream(stream, batch, options);
    const read = (stream: string, options?: Parameters<EventStore['readStream']>[1]) => collect(store.readStream(stream, options));
    const lastRevision = async (stream: string) => (await read(stream, { direction: 'backwards', maxCount: 1 }))[0]?.revision;

    beforeAll(async () => ({ store, teardown } = await setup()));
    afterAll(async () => teardown?.());

    describe('append and read back', () => {
      it('stores a batch with revisions from 0 and increasing positions, and reads it back exactly', async () => {
        const stream = newStream();
        const batch = events(3);
        const before = Date.now();
        const result = await append(stream, batch, { expectedRevision: 'no_stream' });
        const stored = await read(stream);
        expect(stored.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }))).toEqual(batch);
        expect(stored.map((event) => [event.streamName, event.revision])).toEqual([[stream, 0n], [stream, 1n], [stream, 2n]]);
        expect(stored[0].position < stored[1].position && stored[1].position < stored[2].position).toBe(true);
        expect(result).toEqual({ nextExpectedRevision: 2n, position: stored[2].position });
        for (const { recordedAt } of stored) expect(Math.abs(recordedAt.getTime() - before)).toBeLessThan(60_000);
      });

      it('continues the revisions of an existing stream and stores ids lower-case', async () => {
        const stream = newStream();
        await append(stream, events(2));
        const upper = { ...anEvent(), id: uuidv7().toUpperCase() };
        await expect(append(stream, [upper], { expectedRevision: 1n })).resolves.toMatchObject({ nextExpectedRevision: 2n });
        expect((await read(stream)).map((event) => [event.revision, event.id])).toEqual([
          [0n, expect.any(String)],
          [1n, expect.any(String)],
          [2n, upper.id.toLowerCase()],
        ]);
      });

      it('reads nothing from a stream that does not exist', async () => {
        expect(await read(newStream())).toEqual([]);
        expect(await read(newStream(), { direction: 'backwards' })).toEqual([]);
      });
    });

    describe('expected revision', () => {
      it.each<[string, ExpectedRevision, boolean, number]>([
        ['no_stream', 'no_stream', true, 0],
        ['stream_exists on a missing stream', 'stream_exists', false, 0],
        ['any', 'any', true, 0],
        ['0n on a missing stream', 0n, false, 0],
        ['no_stream on an existing stream', 'no_stream', false, 1],
        ['stream_exists', 'stream_exists', true, 1],
        ['any', 'any', true, 2],
        ['the exact last revision', 1n, true, 2],
        ['a stale revision', 0n, false, 2],
        ['a revision ahead of the stream', 5n, false, 2],
      ])('%s (%#) succeeds or conflicts, appending nothing on conflict', async (_label, expectedRevision, succeeds, existing) => {
        const stream = newStream();
        if (existing > 0) await append(stream, events(existing));
        const attempt = append(stream, [anEvent({ secret: 'Jansen' })], { expectedRevision });
        if (succeeds) {
          await expect(attempt).resolves.toMatchObject({ nextExpectedRevision: BigInt(existing) });
          return;
        }
        const error = await rejection(attempt, stream, 'Jansen');
        const actual = existing > 0 ? BigInt(existing - 1) : 'no_stream';
        expect(error).toMatchObject(portError('WrongExpectedVersion', { expected: expectedRevision, actual }));
        expect(await read(stream)).toHaveLength(existing);
      });

      it("defaults to 'any'", async () => {
        const stream = newStream();
        await append(stream, events(1));
        await expect(append(stream, events(1))).resolves.toMatchObject({ nextExpectedRevision: 1n });
      });
    });

    describe('idempotent appends (a retry after an unanswered append)', () => {
      it.each([
        ['its original expectedRevision, now stale', (original: AppendOptions['expectedRevision']) => original],
        ["'any'", () => 'any' as const],
      ])('returns the original result for the same batch with %s, appending nothing', async (_label, retryWith) => {
        for (const original of ['no_stream', 1n] as const) {
          const stream = newStream();
          if (original === 1n) await append(stream, events(2));
          const batch = events(3);
          const first = await append(stream, batch, { expectedRevision: original });
          await expect(append(stream, batch, { expectedRevision: retryWith(original) })).resolves.toEqual(first);
          expect((await read(stream)).map((event) => event.id)).toHaveLength(original === 1n ? 5 : 3);
        }
      });

      it('returns the original result for an earlier batch after the stream moved on', async () => {
        const stream = newStream();
        const batch = events(2);
        const first = await append(stream, batch, { expectedRevision: 'no_stream' });
        await append(stream, events(2), { expectedRevision: 1n });
        await expect(append(stream, batch, { expectedRevision: 'no_stream' })).resolves.toEqual(first);
        expect(await read(stream)).toHaveLength(4);
      });

      it.each([
        ['a stored id followed by a new one', (stored: EventToAppend) => [stored, anEvent()]],
        ...(storeWide ? [['a new id followed by a stored one', (stored: EventToAppend) => [anEvent(), stored]] as const] : []),
      ] as [string, (stored: EventToAppend) => EventToAppend[]][])('refuses a batch with %s as DuplicateEventId, appending nothing', async (_label, batchWith) => {
        const stream = newStream();
        const [stored] = events(1);
        await append(stream, [stored]);
        const batch = batchWith(stored);
        const error = await rejection(append(stream, batch), stream);
        expect(error).toMatchObject(portError('DuplicateEventId', { eventId: stored.id }));
        expect(await read(stream)).toHaveLength(1);
        await expectNotStored(store, batch.filter((event) => event !== stored));
      });

      (storeWide ? it : it.skip)('refuses an id already stored in another stream as DuplicateEventId', async () => {
        const [stored] = events(1);
        await append(newStream(), [stored]);
        const stream = newStream();
        const error = await rejection(append(stream, [stored], { expectedRevision: 'no_stream' }), stream);
        expect(error).toMatchObject(portError('DuplicateEventId', { eventId: stored.id }));
        expect(await read(stream)).toEqual([]);
      });
    });

    describe('readStream', () => {
      const stream = newStream();
      const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
        (await read(stream, options)).map((event) => Number(event.revision));
      beforeAll(async () => void (await append(stream, events(7))));

      it.each([
        ['forwards', {}, [0, 1, 2, 3, 4, 5, 6]],
        ['backwards', { direction: 'backwards' }, [6, 5, 4, 3, 2, 1, 0]],
        ['forwards from a revision (inclusive)', { fromRevision: 3n }, [3, 4, 5, 6]],
        ['backwards from a revision (inclusive)', { direction: 'backwards', fromRevision: 3n }, [3, 2, 1, 0]],
        ['forwards from start, explicitly', { fromRevision: 'start' }, [0, 1, 2, 3, 4, 5, 6]],
        ['backwards from end, explicitly', { direction: 'backwards', fromRevision: 'end', maxCount: 3 }, [6, 5, 4]],
        ['forwards with maxCount', { maxCount: 2 }, [0, 1]],
        ['backwards with maxCount', { direction: 'backwards', maxCount: 2 }, [6, 5]],
        ['from a revision with maxCount', { fromRevision: 2n, maxCount: 3 }, [2, 3, 4]],
        ['forwards from past the end', { fromRevision: 7n }, []],
      ] as const)('%s', async (_label, options, expected) => {
        expect(await revisions(options)).toEqual(expected);
      });
    });

    describe('readAll', () => {
      const category = uniqueCategory();
      const [first, second] = [streamIn(category), streamIn(category)];
      const everything = { streamPrefixes: [`${category}-`] };
      let from: bigint;
      let appended: RecordedEvent[];
      beforeAll(async () => {
        from = await store.headPosition();
        await append(first, events(2, 'ProbeRecorded'));
        await append(second, events(2, 'ProbeNoted'));
        await append(first, events(1, 'ProbeNoted'));
        appended = [...(await read(first)), ...(await read(second))].sort((a, b) => (a.position < b.position ? -1 : 1));
      });
      const readAll = async (options: Parameters<EventStore['readAll']>[0]) => (await collect(store.readAll(options))).map((e) => e.id);

      it('reads the global order after an exclusive position, the same events readStream returns', async () => {
        const all = await collect(store.readAll({ fromPosition: from, filter: everything }));
        expect(all).toEqual(appended);
        expect(await readAll({ fromPosition: appended[0].position, filter: everything })).toEqual(appended.slice(1).map((e) => e.id));
        expect(await readAll({ fromPosition: appended[4].position, filter: everything })).toEqual([]);
      });

      it('filters by stream prefix, by event type and by both', async () => {
        const ids = (keep: (event: RecordedEvent) => boolean) => appended.filter(keep).map((event) => event.id);
        expect(await readAll({ fromPosition: from, filter: { streamPrefixes: [second] } })).toEqual(ids((e) => e.streamName === second));
        expect(await readAll({ fromPosition: from, filter: { ...everything, eventTypes: ['ProbeNoted'] } })).toEqual(
          ids((e) => e.type === 'ProbeNoted'),
        );
        expect(await readAll({ fromPosition: from, filter: { streamPrefixes: [first], eventTypes: ['ProbeNoted'] } })).toEqual(
          ids((e) => e.streamName === first && e.type === 'ProbeNoted'),
        );
      });

      it('counts maxCount in events returned after filtering', async () => {
        expect(await readAll({ fromPosition: from, filter: { streamPrefixes: [second] }, maxCount: 1 })).toEqual([appended[2].id]);
        expect(await readAll({ fromPosition: from, filter: everything, maxCount: 3 })).toEqual(appended.slice(0, 3).map((e) => e.id));
      });

      it('reports a head position at or after the last append', async () => {
        const { position } = await append(newStream(), events(1));
        expect(await store.headPosition()).toBeGreaterThanOrEqual(position);
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    describe('subscribeToAll', () => {
      const next = (iterator: AsyncIterator<RecordedEvent>, what = 'next event') => within(iterator.next(), 10_000, what);

      it('catches up, then goes live, without gaps or repeats while 20 writers append concurrently', async () => {
        const category = uniqueCategory();
        const shared = streamIn(category);
        const from = await store.headPosition();
        const earlier = events(10);
        for (const batch of [earlier.slice(0, 5), earlier.slice(5)]) await append(streamIn(category), batch);
        const subscription = store.subscribeToAll({ fromPosition: from, filter: { streamPrefixes: [`${category}-`] } });
        const iterator = subscription[Symbol.asyncIterator]();
        const writer = async (): Promise<string[]> => {
          const stream = streamIn(category);
          const written: string[] = [];
          for (let batch = 0; batch < 5; batch++) {
            const pair = events(2);
            await append(stream, pair, { expectedRevision: batch === 0 ? 'no_stream' : BigInt(batch * 2 - 1) });
            written.push(...pair.map((event) => event.id));
          }
          for (let attempt = 0; ; attempt++) {
            const event = anEvent();
            const last = await lastRevision(shared);
            try {
              await append(shared, [event], { expectedRevision: last ?? 'no_stream' });
              return [...written, event.id];
            } catch (error) {
              if ((error as { code?: string }).code !== 'wrong_expected_version' || attempt > 200) throw error;
            }
          }
        };
        const total = earlier.length + 20 * 11;
        const received = (async () => {
          const seen: RecordedEvent[] = [];
          while (seen.length < total) seen.push((await next(iterator, `event ${seen.length + 1} of ${total}`)).value);
          return seen;
        })();
        const written = (await Promise.all(Array.from({ length: 20 }, writer))).flat();
        const seen = await received;
        // Anything delivered before this sentinel would be a repeat.
        const sentinel = anEvent();
        await append(streamIn(category), [sentinel]);
        expect((await next(iterator, 'sentinel')).value.id).toBe(sentinel.id);
        await subscription.close();

        const ids = seen.map((event) => event.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual([...earlier.map((event) => event.id), ...written].sort());
        seen.forEach((event, index) => index > 0 && expect(event.position).toBeGreaterThan(seen[index - 1].position));
        const perStream = new Map<string, bigint[]>();
        for (const event of seen) perStream.set(event.streamName, [...(perStream.get(event.streamName) ?? []), event.revision]);
        for (const revisions of perStream.values()) expect(revisions).toEqual(revisions.map((_, index) => BigInt(index)));
        expect(perStream.get(shared)).toHaveLength(20);
      });

      it('starts after an exclusive position and applies the filter live too', async () => {
        const category = uniqueCategory();
        const stream = streamIn(category);
        const batch = [anEvent({}, 'ProbeNoted'), anEvent({}, 'ProbeRecorded'), anEvent({}, 'ProbeNoted')];
        const { position } = await append(stream, batch.slice(0, 1));
        await append(stream, batch.slice(1));
        const filter = { streamPrefixes: [`${category}-`], eventTypes: ['ProbeNoted'] };
        const subscription = store.subscribeToAll({ fromPosition: position, filter });
        const iterator = subscription[Symbol.asyncIterator]();
        expect((await next(iterator)).value.id).toBe(batch[2].id);
        const live = [anEvent({}, 'ProbeRecorded'), anEvent({}, 'ProbeNoted')];
        await append(stream, live);
        expect((await next(iterator)).value.id).toBe(live[1].id);
        await subscription.close();
      });

      it("from 'end' delivers only events appended after subscribing, in order", async () => {
        const category = uniqueCategory();
        const stream = streamIn(category);
        await append(stream, events(2));
        const subscription = store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: [`${category}-`] } });
        const iterator = subscription[Symbol.asyncIterator]();
        const first = next(iterator);
        let delivered = false;
        void first.then(() => (delivered = true), () => (delivered = true));
        const markers: string[] = [];
        // An adapter may need a moment to establish the subscription: keep appending until it delivers.
        for (let round = 0; round < 100 && !delivered; round++) {
          const [marker] = events(1);
          await append(stream, [marker]);
          markers.push(marker.id);
          await sleep(50);
        }
        const firstId = (await first).value.id;
        expect(markers).toContain(firstId);
        for (const id of markers.slice(markers.indexOf(firstId) + 1)) expect((await next(iterator)).value.id).toBe(id);
        await subscription.close();
      });

      it('ends promptly on close(), also while waiting for events and with events still unread', async () => {
        const stream = streamIn(uniqueCategory());
        const from = await store.headPosition();
        await append(stream, events(3));
        const filter = { streamPrefixes: [stream] };
        const reading = store.subscribeToAll({ fromPosition: from, filter });
        const readingIterator = reading[Symbol.asyncIterator]();
        await next(readingIterator);
        await reading.close();
        expect(await next(readingIterator, 'end after close')).toEqual({ done: true, value: undefined });

        const waiting = store.subscribeToAll({ fromPosition: 'end', filter });
        const pending = waiting[Symbol.asyncIterator]().next();
        await sleep(50);
        await waiting.close();
        expect(await within(pending, 2_000, 'end of a waiting subscription')).toEqual({ done: true, value: undefined });
      });

      it('ends promptly when its signal aborts, and at once when already aborted', async () => {
        const filter = { streamPrefixes: [streamIn(uniqueCategory())] };
        const controller = new AbortController();
        const subscription: Subscription = store.subscribeToAll({ fromPosition: 'end', filter, signal: controller.signal });
        const consumed = collect(subscription);
        await sleep(50);
        controller.abort();
        expect(await within(consumed, 2_000, 'end after abort')).toEqual([]);
        const aborted = store.subscribeToAll({ fromPosition: 'start', signal: AbortSignal.abort() });
        expect(await within(collect(aborted), 2_000, 'end when already aborted')).toEqual([]);
      });
    });

    describe('payloads', () => {
      it('round-trips a ~500 KB event exactly', async () => {
        const stream = newStream();
        const big = anEvent({ text: 'wijkteam '.repeat(50_000), rows: Array.from({ length: 1000 }, (_, n) => ({ n, ok: n % 2 === 0 })) });
        // Positions are opaque (EventStoreDB's are byte offsets): read from a head taken before.
        const head = await store.headPosition();
        await append(stream, [big]);
        const [stored] = await read(stream);
        expect({ data: stored.data, metadata: stored.metadata }).toEqual({ data: big.data, metadata: big.metadata });
        const [fromAll] = await collect(store.readAll({ fromPosition: head, maxCount: 1, filter: { streamPrefixes: [stream] } }));
        expect(fromAll.data).toEqual(big.data);
      });

      it('round-trips unicode and JSON edge values exactly, in data and metadata', async () => {
        const stream = newStream();
        const text =
          'Ĳsselmonde: één coördinator, geïnformeerd, café, Curaçao, naïef — 👩🏽‍⚕️👨‍👩‍👧‍👦 ✓ ' +
          'שלום עולם · مرحبا بالعالم · 中文 · \u0000 \t "\\" \u2028';
        const nested = { empty: {}, list: [], nothing: null, yes: true, big: 2 ** 53 - 1, neg: -42, pi: 3.14159 };
        const data = { text, [text]: 'key', nested };
        const event = { ...anEvent(data), metadata: { ...anEvent().metadata, purpose: `zorg voor één gezin ${text}` } };
        await append(stream, [event]);
        const [stored] = await read(stream);
        expect(stored.data).toEqual(data);
        expect(stored.metadata).toEqual(event.metadata);
        expect((stored.data as { text: string }).text).toBe(text);
      });
    });

    describe('refuses bad input with a typed error and appends nothing', () => {
      it.each([
        ['', 'empty'],
        ['x'.repeat(201), 'too_long'],
        ['referral-äbc', 'illegal_characters'],
        ['referral-a b', 'illegal_characters'],
        ['referral', 'missing_category_or_id'],
        ['-abc', 'missing_category_or_id'],
        ['client-123456782', 'personal_identifier'],
        ['client-2012-05-14', 'personal_identifier'],
        ['client-14-05-2012', 'personal_identifier'],
      ])('stream name %j: InvalidStreamName %s, without echoing it', async (stream, problem) => {
        const batch = events(2);
        const error = await rejection(append(stream, batch), ...(stream ? [stream] : []));
        expect(error).toMatchObject(portError('InvalidStreamName', { problem }));
        await expectNotStored(store, batch);
      });

      const metadata = anEvent().metadata;
      it.each<[string, (fresh: EventToAppend, good: EventToAppend) => unknown, string]>([
        ['a non-UUID id', (e) => ({ ...e, id: 'nope' }), 'id'],
        ['a lower-case type', (e) => ({ ...e, type: 'probeRecorded' }), 'type'],
        ['array data', (e) => ({ ...e, data: [] }), 'data'],
        ['metadata without actor', (e) => ({ ...e, metadata: { ...metadata, actor: undefined } }), 'metadata.actor'],
        ['an actor without role', (e) => ({ ...e, metadata: { ...metadata, actor: { ...metadata.actor, role: '' } } }), 'metadata.actor.role'],
        ['a bad occurredAt', (e) => ({ ...e, metadata: { ...metadata, occurredAt: 'yesterday' } }), 'metadata.occurredAt'],
        ['schemaVersion 0', (e) => ({ ...e, metadata: { ...metadata, schemaVersion: 0 } }), 'metadata.schemaVersion'],
        ['a missing correlation id', (e) => ({ ...e, metadata: { ...metadata, correlationId: '' } }), 'metadata.correlationId'],
        ['an id repeated within the batch', (e, good) => ({ ...e, id: good.id }), 'id'],
        ['a batch over 1 MiB', (e) => ({ ...e, data: { big: 'x'.repeat(1024 * 1024) } }), 'data'],
      ])('an event with %s: InvalidEvent naming the field, the batch refused whole', async (_label, spoil, field) => {
        const stream = newStream();
        const good = anEvent({ secret: 'Jansen' });
        const batch = [good, spoil(anEvent(), good) as EventToAppend];
        const error = await rejection(append(stream, batch), stream, 'Jansen');
        expect(error).toMatchObject(portError('InvalidEvent', { index: 1, field }));
        expect(await read(stream)).toEqual([]);
        await expectNotStored(store, [good]);
      });

      it('an empty batch: InvalidEvent', async () => {
        const stream = newStream();
        expect(await rejection(append(stream, []))).toMatchObject(portError('InvalidEvent', { field: 'events' }));
        expect(await read(stream)).toEqual([]);
      });
    });

    describe('a closed store', () => {
      it('ends its subscriptions and answers EventStoreUnavailable', async () => {
        const own = await setup();
        try {
          const subscription = own.store.subscribeToAll({ fromPosition: 'end' });
          const pending = subscription[Symbol.asyncIterator]().next();
          await sleep(50);
          await own.store.close();
          const outcome = await within(pending.then((result) => result, (error: unknown) => error), 2_000, 'end on store close');
          // Ending cleanly or failing with the port's error are both fine; hanging is not.
          if (outcome instanceof Error) expect(outcome).toMatchObject(portError('EventStoreUnavailable'));
          else expect(outcome).toEqual({ done: true, value: undefined });
          expect(await rejection(own.store.appendToStream(newStream(), events(1)))).toMatchObject(portError('EventStoreUnavailable'));
        } finally {
          await own.teardown();
        }
      });
    });
  });
}
