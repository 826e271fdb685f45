import Database from 'better-sqlite3';
import { join } from 'node:path';
import { EventStoreUnavailable, UnreadableEvent } from '../src/errors';
import { type StoredEvent, storedFormOf } from '../src/stored-events';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';
import { anEvent, collect, tempDir, within } from './support/fixtures';

// What the contract suite cannot see: the file, its settings, other connections, SQLite's failures.
describe('SqliteEventStore', () => {
  const temp = tempDir('event-store-sqlite');
  const stores: SqliteEventStore[] = [];
  const open = (name: string, options?: Parameters<typeof SqliteEventStore.open>[1]) => {
    const store = SqliteEventStore.open(join(temp.dir, name), options);
    stores.push(store);
    return store;
  };
  afterAll(async () => {
    for (const store of stores) await store.close();
    temp.remove();
  });

  it('numbers positions 1, 2, 3 … and reports 0n when empty', async () => {
    const store = open('numbering.sqlite');
    expect(await store.headPosition()).toBe(0n);
    await store.appendToStream('referral-a', [anEvent(), anEvent()]);
    await store.appendToStream('referral-b', [anEvent()]);
    expect((await collect(store.readAll())).map((event) => event.position)).toEqual([1n, 2n, 3n]);
    expect(await store.headPosition()).toBe(3n);
  });

  it('creates the directory, uses WAL with synchronous=FULL by default, and the configured level otherwise', async () => {
    const store = open('deeper/still/settings.sqlite');
    const normal = open('normal.sqlite', { synchronous: 'NORMAL' });
    const setting = (of: SqliteEventStore) => (of as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true });
    expect([setting(store), setting(normal)]).toEqual([2n, 1n]);
    const raw = new Database(join(temp.dir, 'deeper/still/settings.sqlite'), { readonly: true });
    expect([raw.pragma('journal_mode', { simple: true }), raw.pragma('user_version', { simple: true })]).toEqual(['wal', 1]);
    raw.close();
  });

  it.each([
    [{ synchronous: 'FAST' as 'FULL' }],
    [{ pollIntervalMs: 0 }],
    [{ busyTimeoutMs: -1 }],
    [{ pageSize: 1.5 }],
    [{ groupCommit: 'yes' as unknown as boolean }],
  ])('refuses the setting %j at start-up', (options) => {
    expect(() => SqliteEventStore.open(':memory:', options)).toThrow(RangeError);
  });

  it('refuses a file written by a newer schema version instead of guessing', () => {
    const file = join(temp.dir, 'future.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 2');
    raw.close();
    expect(() => SqliteEventStore.open(file)).toThrow(EventStoreUnavailable);
  });

  it('is append-only in the database itself', async () => {
    const store = open('append-only.sqlite');
    await store.appendToStream('referral-a', [anEvent()]);
    const raw = new Database(join(temp.dir, 'append-only.sqlite'));
    expect(() => raw.prepare("UPDATE events SET type = 'Changed'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    raw.close();
  });

  it('answers EventStoreUnavailable when another process holds the lock beyond busyTimeoutMs, appending nothing', async () => {
    const store = open('busy.sqlite', { busyTimeoutMs: 50 });
    const raw = new Database(join(temp.dir, 'busy.sqlite'));
    raw.exec('BEGIN IMMEDIATE');
    const error = await store.appendToStream('referral-busy', [anEvent({ name: 'Jansen' })]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EventStoreUnavailable);
    expect((error as Error).message).not.toMatch(/referral-busy|Jansen/);
    raw.exec('ROLLBACK');
    raw.close();
    await expect(store.appendToStream('referral-busy', [anEvent()], { expectedRevision: 'no_stream' })).resolves.toMatchObject({
      nextExpectedRevision: 0n,
    });
  });

  it('wakes subscribers at once for its own appends and within a poll interval for other connections', async () => {
    const quiet = open('wake.sqlite', { pollIntervalMs: 60_000 });
    const polling = open('wake.sqlite', { pollIntervalMs: 20 });
    const own = quiet.subscribeToAll({ fromPosition: 'end' })[Symbol.asyncIterator]();
    const other = polling.subscribeToAll({ fromPosition: 'end' })[Symbol.asyncIterator]();
    const [first] = [anEvent()];
    const ownNext = own.next();
    const otherNext = other.next();
    // 'end' is fixed when subscribeToAll returns: the very next append is delivered.
    await quiet.appendToStream('referral-wake', [first]);
    expect((await within(ownNext, 1_000, 'in-process wake-up')).value.id).toBe(first.id);
    expect((await within(otherNext, 1_000, 'poll of another connection')).value.id).toBe(first.id);
    await Promise.all([own.return?.(), other.return?.()]);
  });


  it('reads a page once for every subscription woken by one append, and never hands out a page from before a wake-up', async () => {
    const store = open('shared-pages.sqlite', { pollIntervalMs: 20 });
    const other = open('shared-pages.sqlite', { pollIntervalMs: 60_000 });
    const reads = jest.spyOn((store as unknown as { statements: { allPage: (...args: unknown[]) => unknown } }).statements, 'allPage');
    const subscribers = Array.from({ length: 5 }, () => store.subscribeToAll({ fromPosition: 'end' })[Symbol.asyncIterator]());
    const next = () => Promise.all(subscribers.map((subscriber) => within(subscriber.next(), 1_000, 'wake-up')));

    // Given five subscriptions waiting at the end, when one event is appended here:
    let waiting = next();
    // (each has read the empty page after 0 and waits: one read for the five)
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockClear();
    const first = anEvent();
    await store.appendToStream('referral-shared', [first]);
    const delivered = await waiting;
    // then each gets it, as the very same object, from one read of the page.
    expect(delivered.map((result) => result.value.id)).toEqual(Array(5).fill(first.id));
    expect(new Set(delivered.map((result) => result.value)).size).toBe(1);
    expect(reads).toHaveBeenCalledTimes(1);

    // When another connection appends, the short page read after `first` is not served again: the poll's wake-up forgets it.
    waiting = next();
    const second = anEvent();
    await other.appendToStream('referral-shared', [second]);
    expect((await waiting).map((result) => result.value.id)).toEqual(Array(5).fill(second.id));

    // And an append here right after is seen at once, however recently the page was read.
    waiting = next();
    const third = anEvent();
    await store.appendToStream('referral-shared', [third]);
    expect((await waiting).map((result) => result.value.id)).toEqual(Array(5).fill(third.id));
    await Promise.all(subscribers.map((subscriber) => subscriber.return?.()));
  });
  it('forgets subscriptions once they end, however they end (a long-running process must not leak them)', async () => {
    const store = open('forget.sqlite');
    const tracked = () => (store as unknown as { subscriptions: Set<unknown> }).subscriptions.size;
    store.subscribeToAll({ signal: AbortSignal.abort() });
    const controller = new AbortController();
    store.subscribeToAll({ signal: controller.signal });
    const closed = store.subscribeToAll();
    await store.appendToStream('referral-a', [anEvent()]);
    for await (const _event of store.subscribeToAll()) break;
    expect(tracked()).toBe(2);
    controller.abort();
    await closed.close();
    expect(tracked()).toBe(0);
  });

  it('holds no cursor between pages: the same store can append in the middle of a long read', async () => {
    const store = open('interleave.sqlite', { pageSize: 2 });
    await store.appendToStream('referral-a', [anEvent(), anEvent(), anEvent(), anEvent(), anEvent()]);
    let read = 0;
    for await (const _event of store.readStream('referral-a')) {
      read += 1;
      await store.appendToStream('referral-b', [anEvent()]);
    }
    for await (const _event of store.readAll()) if (read++ === 6) await store.appendToStream('referral-c', [anEvent()]);
    expect(read).toBe(5 + 11);
  });

  it('a subscription yields every event before an unreadable record, then fails with its position and reason only', async () => {
    const file = join(temp.dir, 'unreadable.sqlite');
    const store = open('unreadable.sqlite', { pageSize: 4 });
    await store.appendToStream('referral-a', [anEvent(), anEvent()]);
    // A record the append path would never write (a legacy tool, a hand edit): its data is not JSON.
    const raw = new Database(file);
    raw.prepare("INSERT INTO events (stream_name, revision, id, type, data, metadata, recorded_at) VALUES ('referral-x', 0, 'legacy-1', 'ProbeRecorded', 'name=Jan', '{}', 0)").run();
    raw.close();
    await store.appendToStream('referral-b', [anEvent(), anEvent(), anEvent()]);

    const seen: bigint[] = [];
    let failure: unknown;
    try {
      for await (const event of store.subscribeToAll()) seen.push(event.position);
    } catch (error) {
      failure = error;
    }
    expect(seen).toEqual([1n, 2n]);
    expect(failure).toBeInstanceOf(UnreadableEvent);
    expect(failure).toMatchObject({ code: 'unreadable_event', position: 3n, eventId: 'legacy-1', type: 'ProbeRecorded', reason: 'data_not_json_object' });
    expect((failure as Error).message).not.toContain('Jan');

    // Resuming after it misses nothing; a subscriber filtering its stream out never hears of it.
    const after = store.subscribeToAll({ fromPosition: 3n })[Symbol.asyncIterator]();
    expect([(await after.next()).value.position, (await after.next()).value.position, (await after.next()).value.position]).toEqual([4n, 5n, 6n]);
    await after.return?.();
    const others = store.subscribeToAll({ filter: { streamPrefixes: ['referral-a', 'referral-b'] } })[Symbol.asyncIterator]();
    const positions: bigint[] = [];
    for (let i = 0; i < 5; i += 1) positions.push((await within(others.next(), 1_000, 'filtered subscription')).value.position);
    expect(positions).toEqual([1n, 2n, 4n, 5n, 6n]);
    await others.return?.();
  });

  it('hands out its rows as stored, a page at a time, data and metadata as their stored text (readAllStored)', async () => {
    const store = open('stored.sqlite', { pageSize: 2 });
    await store.appendToStream('referral-a', [anEvent({ b: 1, a: 'é' }), anEvent()]);
    await store.appendToStream('referral-b', [anEvent({ z: [1, 2] })]);
    const pages: StoredEvent[][] = [];
    for await (const page of store.readAllStored()) pages.push(page);
    expect(pages.map((page) => page.map((event) => event.position))).toEqual([[1n, 2n], [3n]]);
    const raw = new Database(join(temp.dir, 'stored.sqlite'), { readonly: true });
    const rows = raw.prepare<[], { data: string; metadata: string }>('SELECT data, metadata FROM events ORDER BY position').all();
    raw.close();
    expect(pages.flat().map(({ data, metadata }) => ({ data, metadata }))).toEqual(rows);
    const parsed = await collect(store.readAll());
    expect(pages.flat()).toEqual(parsed.map((event) => storedFormOf(event)));
    const after: StoredEvent[][] = [];
    for await (const page of store.readAllStored({ fromPosition: 1n })) after.push(page);
    expect(after.flat().map((event) => event.position)).toEqual([2n, 3n]);
  });

  it('treats the same ids in another order as DuplicateEventId, not as a retry', async () => {
    const store = open('reorder.sqlite');
    const batch = [anEvent(), anEvent()];
    await store.appendToStream('referral-a', batch);
    await expect(store.appendToStream('referral-a', [batch[1], batch[0]])).rejects.toMatchObject({ code: 'duplicate_event_id' });
  });

  it.each([
    ['expectedRevision -1n', (store: SqliteEventStore) => store.appendToStream('referral-x', [anEvent()], { expectedRevision: -1n })],
    ['expectedRevision 3 (a number)', (store: SqliteEventStore) =>
      store.appendToStream('referral-x', [anEvent()], { expectedRevision: 3 as unknown as bigint })],
    ['maxCount -1', (store: SqliteEventStore) => collect(store.readAll({ maxCount: -1 }))],
    ['fromRevision -1n', (store: SqliteEventStore) => collect(store.readStream('referral-x', { fromRevision: -1n }))],
  ])('refuses %s with a RangeError, appending nothing', async (_label, call) => {
    const store = open('ranges.sqlite');
    await expect(call(store)).rejects.toThrow(RangeError);
    expect(await store.headPosition()).toBe(0n);
  });

  it('after close(): reads, appends and pings answer EventStoreUnavailable, new subscriptions end at once', async () => {
    const store = open('closed.sqlite');
    await store.close();
    await store.close();
    for (const call of [
      () => store.ping(),
      () => store.headPosition(),
      () => store.appendToStream('referral-a', [anEvent()]),
      () => collect(store.readAll()),
      () => collect(store.readStream('referral-a')),
    ]) {
      await expect(call()).rejects.toThrow(EventStoreUnavailable);
    }
    for (const fromPosition of ['start', 'end'] as const) {
      expect(await within(collect(store.subscribeToAll({ fromPosition })), 1_000, 'subscription on a closed store')).toEqual([]);
    }
  });
});
