import Database from 'better-sqlite3';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DuplicateEventId, EventStoreUnavailable, WrongExpectedVersion } from '../errors';
import { checkExpectedRevision, checkMaxCount, checkNonNegative, originalAppendOf, satisfies } from '../port-arguments';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../types';
import type { ReadStoredOptions, StoredEvent, StoredEventSource } from '../stored-events';
import { assertValidStreamName, matchesFilter, validateAndSerialise } from '../validation';
import { pagedIterable } from './paged-iterable';
import { prepareDatabase, type Synchronous } from './schema';
import { CatchUpSubscription } from '../catch-up-subscription';
import { prepareStatements, type Statements } from './statements';
import { toStoreError } from './unavailable';
import { WakeUp } from '../wake-up';

export interface SqliteEventStoreOptions {
  /** Default FULL: an acknowledged append survives power loss, not only a process crash. */
  synchronous?: Synchronous;
  /** How often waiting subscriptions look for appends made by other processes. Default 100. */
  pollIntervalMs?: number;
  /** How long a writer waits for another process's lock before EventStoreUnavailable. Default 5000. */
  busyTimeoutMs?: number;
  /** Rows read per query when reading or catching up; bounds memory. Default 500. */
  pageSize?: number;
  /**
   * Default true: appends made in the same turn of the event loop are committed together, in one
   * transaction (one fsync), each still acknowledged only once on disk (group commit). False commits
   * each append on its own; only the benchmark that shows the difference turns it off.
   */
  groupCommit?: boolean;
}

type Serialised = ReturnType<typeof validateAndSerialise>;
const LAST_REVISION = 2n ** 63n - 1n;
/** At most this many appends in one group transaction; the rest go in the next. */
const GROUP_LIMIT = 1000;
/** Pages kept for subscriptions between two wake-ups (each at most pageSize events). */
const SHARED_PAGES = 8;

interface PendingAppend {
  stream: string;
  rows: Serialised;
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** An append whose failure ended the whole group transaction (SQLite rolled it back): the others are retried without it. */
class GroupAborted extends Error {
  constructor(
    readonly member: number,
    readonly failure: unknown,
  ) {
    super('group transaction aborted');
  }
}

/**
 * The embedded EventStore: one SQLite file (WAL), shareable by several processes on one host.
 * better-sqlite3 is synchronous, so every call runs to completion on this thread: within a process
 * there is no interleaving to guard against, and across processes BEGIN IMMEDIATE serialises writers.
 * Appends are group-committed (see commitPending): while one commit's fsync blocks the thread, the
 * requests that arrive queue up in the socket buffers, and their appends then share the next commit.
 */
export class SqliteEventStore implements EventStore, StoredEventSource {
  private readonly statements: Statements;
  private readonly wakeUp: WakeUp;
  /**
   * Subscriptions' pages since the last wake-up, by the position they start after. One append wakes
   * every subscription of the process (each handler group and read model of the embedded platform),
   * and they mostly ask for the same page: it is read and parsed once and handed to each (events are
   * never mutated by their readers). Any wake-up (an append here, a poll for other processes'
   * appends) forgets them, so a subscription sees what a read of its own would see after that hint.
   */
  private readonly sharedPages = new Map<bigint, RecordedEvent[]>();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly pageSize: number;
  private closed = false;
  private readonly groupCommit: boolean;
  private readonly appendTransaction: (stream: string, rows: Serialised, expected: ExpectedRevision) => AppendResult;
  private readonly groupTransaction: (group: readonly PendingAppend[]) => (AppendResult | Error)[];
  private pending: PendingAppend[] = [];
  private commitScheduled = false;
  private groupCommits = 0;

  static open(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const settings = resolveOptions(options);
    const inMemory = path === ':memory:';
    let db: Database.Database | undefined;
    try {
      if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
      db = new Database(path, { timeout: settings.busyTimeoutMs });
      db.defaultSafeIntegers(true);
      prepareDatabase(db, settings.synchronous, settings.busyTimeoutMs);
      return new SqliteEventStore(db, settings);
    } catch (error) {
      db?.close();
      throw toStoreError(error);
    }
  }

  private constructor(
    private readonly db: Database.Database,
    settings: Required<SqliteEventStoreOptions>,
  ) {
    this.statements = prepareStatements(db);
    this.wakeUp = new WakeUp(settings.pollIntervalMs, () => this.sharedPages.clear());
    this.pageSize = settings.pageSize;
    this.groupCommit = settings.groupCommit;
    const append = db.transaction(this.appendInTransaction.bind(this));
    this.appendTransaction = append.immediate;
    // Inside the group's BEGIN IMMEDIATE each append runs as a nested transaction, which
    // better-sqlite3 makes a SAVEPOINT: a failed append undoes its own rows only.
    this.groupTransaction = db.transaction((group: readonly PendingAppend[]) =>
      group.map(({ stream, rows, expected }, member) => {
        try {
          return append(stream, rows, expected);
        } catch (error) {
          // Some failures (I/O, disk full) end the transaction itself: nothing of the group is kept.
          if (!db.inTransaction) throw new GroupAborted(member, error);
          return toStoreError(error);
        }
      }),
    ).immediate;
  }

  async appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    assertValidStreamName(stream);
    const rows = validateAndSerialise(events);
    const expected = checkExpectedRevision(options.expectedRevision);
    if (!this.groupCommit) {
      const result = this.run(() => this.appendTransaction(stream, rows, expected));
      this.wakeUp.notify();
      return result;
    }
    if (this.closed) throw new EventStoreUnavailable('store is closed');
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ stream, rows, expected, resolve, reject });
      if (this.commitScheduled) return;
      this.commitScheduled = true;
      // After this turn's I/O callbacks: every append they made joins the group.
      setImmediate(() => this.commitPending());
    });
  }

  /** Transactions committed by group commit so far (each one fsync); tests and benchmarks read it. */
  get groupCommitCount(): number {
    return this.groupCommits;
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    return pagedIterable(() => {
      assertValidStreamName(stream);
      const backwards = options.direction === 'backwards';
      let remaining = checkMaxCount(options.maxCount);
      const from = options.fromRevision ?? (backwards ? 'end' : 'start');
      let next = from === 'start' ? 0n : from === 'end' ? LAST_REVISION : checkNonNegative(from, 'fromRevision');
      return () => {
        const limit = Math.min(this.pageSize, remaining);
        const items = limit > 0 ? this.run(() => this.statements.streamPage(stream, next, limit, backwards)) : [];
        remaining -= items.length;
        const lastRevision = items.at(-1)?.revision;
        if (lastRevision !== undefined) next = lastRevision + (backwards ? -1n : 1n);
        return { items, last: items.length < limit || remaining === 0 || next < 0n };
      };
    });
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return pagedIterable(() => {
      const { filter } = options;
      let remaining = checkMaxCount(options.maxCount);
      const from = options.fromPosition ?? 'start';
      let after = from === 'start' ? 0n : checkNonNegative(from, 'fromPosition');
      return () => {
        if (remaining === 0) return { items: [], last: true };
        const page = this.readAfter(after);
        after = page.at(-1)?.position ?? after;
        let items = filter ? page.filter((event) => matchesFilter(event, filter)) : page;
        if (items.length > remaining) items = items.slice(0, remaining);
        remaining -= items.length;
        return { items, last: page.length < this.pageSize || remaining === 0 };
      };
    });
  }

  /** The global order as stored, a page at a time (StoredEventSource): what the seals hash. */
  async *readAllStored(options: ReadStoredOptions = {}): AsyncGenerator<StoredEvent[]> {
    const from = options.fromPosition ?? 'start';
    let after = from === 'start' ? 0n : checkNonNegative(from, 'fromPosition');
    for (;;) {
      const page = this.run(() => this.statements.storedPage(after, this.pageSize));
      if (page.length > 0) yield page;
      if (page.length < this.pageSize) return;
      after = page[page.length - 1].position;
      // A whole history takes a while: let timers and I/O run between pages.
      await yieldToEventLoop();
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const from = options.fromPosition ?? 'start';
    let start: bigint | Error;
    try {
      // 'end' is fixed now, at the call, so that anything appended after it returns is delivered.
      start = from === 'start' ? 0n : from === 'end' ? this.run(() => this.statements.head()) : checkNonNegative(from, 'fromPosition');
    } catch (error) {
      start = error as Error;
    }
    const source = {
      readAfter: (position: bigint) => this.sharedPageAfter(position),
      readBetween: (after: bigint, before: bigint) => this.run(() => this.statements.allBetween(after, before, this.pageSize)),
      pageSize: this.pageSize,
      wakeUp: this.wakeUp,
    };
    const subscription = new CatchUpSubscription(source, start, options.filter, options.signal, (ended) =>
      this.subscriptions.delete(ended),
    );
    if (this.closed) void subscription.close();
    // An already-aborted signal ends it in its constructor, before there was anything to track.
    else if (!subscription.ended) this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    return this.run(() => this.statements.head());
  }

  async ping(): Promise<void> {
    this.run(() => this.statements.ping());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already accepted are committed (or refused) before the connection goes.
    this.commitPending();
    this.closed = true;
    for (const subscription of [...this.subscriptions]) await subscription.close();
    this.wakeUp.close();
    this.db.close();
  }

  /**
   * Commits the waiting appends, in the order they were made, GROUP_LIMIT per transaction. Each
   * promise settles with its own outcome once the transaction is on disk: its result, or its own
   * error (WrongExpectedVersion, DuplicateEventId) while the others commit. When the transaction as
   * a whole fails (lock not acquired, commit failed) every member gets that error: none was stored.
   */
  private commitPending(): void {
    this.commitScheduled = false;
    if (this.pending.length === 0) return;
    while (this.pending.length > 0) {
      let group = this.pending.splice(0, GROUP_LIMIT);
      while (group.length > 0) {
        let outcomes: (AppendResult | Error)[];
        try {
          outcomes = this.groupTransaction(group);
        } catch (error) {
          if (!(error instanceof GroupAborted)) {
            for (const member of group) member.reject(toStoreError(error));
            break;
          }
          group[error.member].reject(toStoreError(error.failure));
          group = group.filter((_, index) => index !== error.member);
          continue;
        }
        this.groupCommits += 1;
        group.forEach((member, index) => {
          const outcome = outcomes[index];
          if (outcome instanceof Error) member.reject(outcome);
          else member.resolve(outcome);
        });
        group = [];
      }
    }
    this.wakeUp.notify();
  }

  private readAfter(position: bigint): RecordedEvent[] {
    return this.run(() => this.statements.allPage(position, this.pageSize));
  }

  private sharedPageAfter(position: bigint): RecordedEvent[] {
    const known = this.sharedPages.get(position);
    if (known) return known;
    const page = this.readAfter(position);
    if (this.sharedPages.size >= SHARED_PAGES) this.sharedPages.clear();
    this.sharedPages.set(position, page);
    return page;
  }

  /** Every database access goes through here: a closed store or a SQLite failure becomes the port's error. */
  private run<T>(work: () => T): T {
    if (this.closed) throw new EventStoreUnavailable('store is closed');
    try {
      return work();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /**
   * Runs inside BEGIN IMMEDIATE. The hot path is one indexed read of the stream's last revision and
   * one insert per event; the id lookups that recognise a retry only run when something is off.
   */
  private appendInTransaction(stream: string, rows: Serialised, expected: ExpectedRevision): AppendResult {
    const last = this.statements.lastRevision(stream);
    if (!satisfies(expected, last)) {
      const original = this.findOriginalAppend(stream, rows);
      if (original) return original;
      throw new WrongExpectedVersion(expected, last ?? 'no_stream');
    }
    const recordedAt = Date.now();
    let revision = last ?? -1n;
    let position = 0n;
    for (let index = 0; index < rows.length; index++) {
      const { event, data, metadata } = rows[index];
      revision += 1n;
      const inserted = this.statements.insert(stream, revision, event.id, event.type, data, metadata, recordedAt);
      if (inserted === undefined) {
        // A known first id may be a retry; a known later id cannot be (the first would be known too).
        // Throwing rolls back whatever this batch inserted so far.
        const original = index === 0 ? this.findOriginalAppend(stream, rows) : undefined;
        if (original) return original;
        throw new DuplicateEventId(event.id);
      }
      position = inserted;
    }
    return { nextExpectedRevision: revision, position };
  }

  /** The original result when this batch is a retry of an append that succeeded (port-arguments.ts). */
  private findOriginalAppend(stream: string, rows: Serialised): AppendResult | undefined {
    const ids = rows.map((row) => row.event.id);
    return originalAppendOf(stream, ids, ids.map((id) => this.statements.findId(id)));
  }
}

function resolveOptions(options: SqliteEventStoreOptions): Required<SqliteEventStoreOptions> {
  const settings = {
    synchronous: options.synchronous ?? 'FULL',
    pollIntervalMs: options.pollIntervalMs ?? 100,
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    pageSize: options.pageSize ?? 500,
    groupCommit: options.groupCommit ?? true,
  };
  // A wrong setting must stop start-up with a clear message, not misbehave later.
  if (!['FULL', 'NORMAL', 'OFF'].includes(settings.synchronous)) throw new RangeError('synchronous must be FULL, NORMAL or OFF');
  if (typeof settings.groupCommit !== 'boolean') throw new RangeError('groupCommit must be true or false');
  for (const key of ['pollIntervalMs', 'busyTimeoutMs', 'pageSize'] as const) {
    const value = settings[key];
    const minimum = key === 'busyTimeoutMs' ? 0 : 1;
    if (!Number.isInteger(value) || value < minimum) throw new RangeError(`${key} must be an integer >= ${minimum}`);
  }
  return settings;
}
