import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DuplicateEventId, EventStoreUnavailable, WrongExpectedVersion } from '../src/errors';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';
import type { AppendResult } from '../src/types';
import { anEvent, collect, tempDir } from './support/fixtures';

type Outcome = { ok: AppendResult } | { error: unknown };
const settle = (appends: Promise<AppendResult>[]): Promise<Outcome[]> =>
  Promise.all(appends.map((append) => append.then((ok) => ({ ok }), (error: unknown) => ({ error }))));
const errorOf = (outcome: Outcome): unknown => ('error' in outcome ? outcome.error : undefined);

// Group commit: appends made in the same turn of the event loop share one transaction (one fsync),
// each keeping its own result, its own optimistic-concurrency check and its own failure.
describe('SqliteEventStore: group commit', () => {
  const temp = tempDir('event-store-group');
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

  it('commits 50 concurrent appends in one transaction, each answered with its own result only once another connection can read it', async () => {
    const store = open('many.sqlite');
    const raw = new Database(join(temp.dir, 'many.sqlite'), { readonly: true });
    const visible = raw.prepare<[string], { n: number }>('SELECT count(*) AS n FROM events WHERE id = ?');
    const before = store.groupCommitCount;
    const events = Array.from({ length: 50 }, () => anEvent());
    const seenOnDisk: number[] = [];
    const results = await Promise.all(
      events.map((event, n) =>
        store.appendToStream(`probe-${n}`, [event], { expectedRevision: 'no_stream' }).then((result) => {
          seenOnDisk.push(visible.get(event.id)?.n ?? 0);
          return result;
        }),
      ),
    );
    raw.close();
    expect(store.groupCommitCount - before).toBe(1);
    expect(seenOnDisk).toEqual(events.map(() => 1));
    // In the order they were made: positions 1..50, each stream at revision 0.
    expect(results).toEqual(events.map((_, n) => ({ nextExpectedRevision: 0n, position: BigInt(n + 1) })));
  });

  it('checks each append against the stream as the appends before it in the group left it', async () => {
    const store = open('occ.sqlite');
    const outcomes = await settle([
      store.appendToStream('case-a', [anEvent()], { expectedRevision: 'no_stream' }),
      store.appendToStream('case-a', [anEvent()], { expectedRevision: 'no_stream' }),
      store.appendToStream('case-b', [anEvent()], { expectedRevision: 'no_stream' }),
      store.appendToStream('case-a', [anEvent(), anEvent()], { expectedRevision: 0n }),
      store.appendToStream('case-a', [anEvent()], { expectedRevision: 0n }),
    ]);
    expect(outcomes.map((outcome) => ('ok' in outcome ? outcome.ok : (outcome.error as Error).constructor.name))).toEqual([
      { nextExpectedRevision: 0n, position: 1n },
      'WrongExpectedVersion',
      { nextExpectedRevision: 0n, position: 2n },
      { nextExpectedRevision: 2n, position: 4n },
      'WrongExpectedVersion',
    ]);
    expect(errorOf(outcomes[4])).toBeInstanceOf(WrongExpectedVersion);
    expect(errorOf(outcomes[4])).toMatchObject({ expected: 0n, actual: 2n });
    // The refused appends left nothing behind; the positions stay dense.
    expect((await collect(store.readAll())).map((event) => `${event.streamName}@${event.revision}#${event.position}`)).toEqual([
      'case-a@0#1', 'case-b@0#2', 'case-a@1#3', 'case-a@2#4',
    ]);
  });

  it('undoes only the failing append of a group (a duplicate id half-way through its batch), the others are stored', async () => {
    const store = open('duplicate.sqlite');
    const known = anEvent();
    await store.appendToStream('probe-known', [known]);
    const before = store.groupCommitCount;
    const outcomes = await settle([
      store.appendToStream('probe-1', [anEvent()]),
      store.appendToStream('probe-2', [anEvent(), known, anEvent()]),
      store.appendToStream('probe-3', [anEvent()]),
    ]);
    expect(store.groupCommitCount - before).toBe(1);
    expect(errorOf(outcomes[1])).toBeInstanceOf(DuplicateEventId);
    expect([outcomes[0], outcomes[2]]).toEqual([{ ok: { nextExpectedRevision: 0n, position: 2n } }, { ok: { nextExpectedRevision: 0n, position: 3n } }]);
    expect((await collect(store.readAll())).map((event) => event.streamName)).toEqual(['probe-known', 'probe-1', 'probe-3']);
  });

  it('when one append ends the whole transaction (an I/O error rolls it back), fails that one alone and commits the others', async () => {
    const store = open('io-error.sqlite');
    const internals = store as unknown as { db: Database.Database; statements: { insert: (stream: string, ...rest: unknown[]) => unknown } };
    const insert = internals.statements.insert;
    internals.statements.insert = (stream, ...rest) => {
      if (stream !== 'probe-broken') return insert(stream, ...rest);
      // What SQLite does on SQLITE_IOERR or SQLITE_FULL: the transaction is gone, not just the statement.
      internals.db.exec('ROLLBACK');
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    };
    try {
      const outcomes = await settle(['probe-1', 'probe-broken', 'probe-3'].map((stream) => store.appendToStream(stream, [anEvent()])));
      expect(errorOf(outcomes[1])).toBeInstanceOf(EventStoreUnavailable);
      expect((errorOf(outcomes[1]) as Error).message).toMatch(/SQLITE_IOERR_WRITE/);
      expect([outcomes[0], outcomes[2]]).toEqual([{ ok: { nextExpectedRevision: 0n, position: 1n } }, { ok: { nextExpectedRevision: 0n, position: 2n } }]);
    } finally {
      internals.statements.insert = insert;
    }
    expect((await collect(store.readAll())).map((event) => event.streamName)).toEqual(['probe-1', 'probe-3']);
  });

  it('fails every append of a group whose transaction cannot start, storing none, and appends normally afterwards', async () => {
    const store = open('busy.sqlite', { busyTimeoutMs: 50 });
    const raw = new Database(join(temp.dir, 'busy.sqlite'));
    raw.exec('BEGIN IMMEDIATE');
    const outcomes = await settle(['probe-1', 'probe-2', 'probe-3'].map((stream) => store.appendToStream(stream, [anEvent()])));
    raw.exec('ROLLBACK');
    raw.close();
    expect(outcomes.map((outcome) => errorOf(outcome) instanceof EventStoreUnavailable)).toEqual([true, true, true]);
    await expect(store.appendToStream('probe-1', [anEvent()], { expectedRevision: 'no_stream' })).resolves.toEqual({ nextExpectedRevision: 0n, position: 1n });
  });

  it('commits what was accepted before close(), and refuses what comes after', async () => {
    const store = SqliteEventStore.open(join(temp.dir, 'close.sqlite'));
    const accepted = Promise.all([store.appendToStream('probe-1', [anEvent()]), store.appendToStream('probe-2', [anEvent()])]);
    await store.close();
    await expect(accepted).resolves.toHaveLength(2);
    await expect(store.appendToStream('probe-3', [anEvent()])).rejects.toBeInstanceOf(EventStoreUnavailable);
    const reopened = open('close.sqlite');
    expect(await reopened.headPosition()).toBe(2n);
  });

  it('with groupCommit off, commits each append in its own transaction', async () => {
    const store = open('single.sqlite', { groupCommit: false });
    const results = await Promise.all(Array.from({ length: 5 }, (_, n) => store.appendToStream(`probe-${n}`, [anEvent()])));
    expect(results.map((result) => result.position)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(store.groupCommitCount).toBe(0);
  });
});
