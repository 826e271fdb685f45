import { Client, Pool, type PoolClient } from 'pg';
import { CatchUpSubscription } from '../catch-up-subscription';
import { EventStoreError, EventStoreUnavailable, WrongExpectedVersion } from '../errors';
import { checkExpectedRevision, checkMaxCount, checkNonNegative, originalAppendOf, satisfies, type StoredId } from '../port-arguments';
import { recordedEventOf } from '../recorded-event';
import type { ReadStoredOptions, StoredEvent, StoredEventSource } from '../stored-events';
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
import { assertValidStreamName, matchesFilter, validateAndSerialise } from '../validation';
import { WakeUp } from '../wake-up';
import { acceptsPostgresUrl, POSTGRES_IDENTIFIER, splitSchemaParameter } from './postgres-url';

export interface PostgresEventStoreOptions {
  /** Schema of the events table, created when missing; also `?schema=name` in the URL, this option winning. Default `public`. */
  schema?: string;
  /** Connections per process (readers; appends use one at a time). Default 4. */
  maxConnections?: number;
  /** How often waiting subscriptions look when no notification came (a missed NOTIFY, a lost listener). Default 1000. */
  pollIntervalMs?: number;
  /** Rows read per query when reading or catching up; bounds memory. Default 500. */
  pageSize?: number;
  /** Default 5 s to get a connection, 10 s for a query: a request fails (503) rather than hangs. */
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
}

type Serialised = ReturnType<typeof validateAndSerialise>;
const LAST_REVISION = 2n ** 63n - 1n;
/**
 * At most this many appends in one group transaction; the rest go in the next. Each is a
 * subtransaction (SAVEPOINT): beyond 64 in one transaction PostgreSQL's subtransaction cache
 * overflows and every concurrent reader's snapshot gets slower.
 */
const GROUP_LIMIT = 64;
/** With the schema's hash, held by every append transaction until it commits (pg_advisory_xact_lock): one writer per store at a time, across replicas. */
const WRITER_LOCK = 0x77696a6b; // 'wijk'
const COLUMNS = 'position, stream_name, revision, id, type, data, metadata, recorded_at';

interface EventRow {
  position: string;
  stream_name: string;
  revision: string;
  id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: Date;
}

interface PendingAppend {
  stream: string;
  rows: Serialised;
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * The EventStore on PostgreSQL, shared by every replica of every service that names the same
 * database and schema. One table; data and metadata kept as the JSON text the port wrote (not
 * jsonb, which would reorder keys), so the seals hash what was appended.
 *
 * Global order without gaps visible to readers: every append transaction first takes one advisory
 * lock (held until it commits), reads max(position) and numbers its rows after it. The next writer
 * gets the lock only once the previous commit is visible, so positions become visible in commit
 * order and `position > checkpoint` never skips an event that commits later with a lower position
 * (the trap of sequences, whose values are handed out before their transactions commit, in any
 * order). Appends made while a transaction is in flight are committed together in the next one
 * (group commit, each with its own concurrency check, result and failure: a refused append writes
 * nothing, and in a group of several each runs in a SAVEPOINT of its own),
 * so one lock and one WAL flush serve many commands. Subscribers are woken by this process's
 * commits at once, by other processes' through LISTEN/NOTIFY, and by a poll as a fallback.
 */
export class PostgresEventStore implements EventStore, StoredEventSource {
  private readonly pool: Pool;
  private readonly table: string;
  private readonly channel: string;
  private readonly openGroup: string;
  private readonly closeGroup: string;
  private readonly wakeUp: WakeUp;
  private readonly pageSize: number;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private preparing: Promise<void> | undefined;
  private listener: Client | undefined;
  private pending: PendingAppend[] = [];
  private committing: Promise<void> | undefined;
  /** Head reads of subscriptions from 'end' still under way: appends wait for them. */
  private readonly headReads = new Set<Promise<void>>();
  private closed = false;
  private groupCommits = 0;

  /** Connections are made on first use: opening never blocks, and an unreachable database answers EventStoreUnavailable per call. */
  static open(url: string, options: PostgresEventStoreOptions = {}): PostgresEventStore {
    if (!URL.canParse(url)) throw new RangeError('EVENT_STORE_URL must be a postgres:// URL');
    const { connectionString, schema: schemaInUrl } = splitSchemaParameter(url);
    const schema = options.schema ?? schemaInUrl ?? 'public';
    if (!POSTGRES_IDENTIFIER.test(schema)) throw new RangeError('schema must be a lower-case SQL identifier');
    const pageSize = options.pageSize ?? 500;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError('pageSize must be an integer >= 1');
    return new PostgresEventStore(connectionString, schema, pageSize, options);
  }

  /** Whether open() can take `url` (postgres-url.ts). */
  static acceptsUrl(url: string): boolean {
    return acceptsPostgresUrl(url);
  }

  private constructor(
    private readonly connectionString: string,
    private readonly schema: string,
    pageSize: number,
    options: PostgresEventStoreOptions,
  ) {
    this.table = `"${schema}".events`;
    this.channel = `wijkteam_events_${schema}`.slice(0, 63);
    // The schema is a checked identifier (POSTGRES_IDENTIFIER), the lock key a constant: safe to inline.
    this.openGroup = `BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK}, hashtext('${schema}')); SELECT max(position) AS head FROM ${this.table}`;
    this.closeGroup = `SELECT pg_notify('${this.channel}', ''); COMMIT`;
    this.pageSize = pageSize;
    this.pool = new Pool({
      connectionString,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      query_timeout: options.queryTimeoutMs ?? 10_000,
      idleTimeoutMillis: 30_000,
      application_name: 'wijkteam-event-store',
    });
    // A broken idle connection (server restart) is reported here; the pool drops it and the next call reconnects or fails as a 503.
    this.pool.on('error', () => undefined);
    this.wakeUp = new WakeUp(options.pollIntervalMs ?? 1_000);
  }

  async appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    assertValidStreamName(stream);
    const rows = validateAndSerialise(events);
    const expected = checkExpectedRevision(options.expectedRevision);
    if (this.closed) throw new EventStoreUnavailable('store is closed');
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ stream, rows, expected, resolve, reject });
      this.committing ??= this.commitPending().finally(() => (this.committing = undefined));
    });
  }

  /** Transactions committed by group commit so far (each one WAL flush); tests and benchmarks read it. */
  get groupCommitCount(): number {
    return this.groupCommits;
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    return { [Symbol.asyncIterator]: () => this.streamPages(stream, options) };
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return { [Symbol.asyncIterator]: () => this.allPages(options) };
  }

  private async *streamPages(stream: string, options: ReadStreamOptions): AsyncGenerator<RecordedEvent> {
    assertValidStreamName(stream);
    const backwards = options.direction === 'backwards';
    let remaining = checkMaxCount(options.maxCount);
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    let next = from === 'start' ? 0n : from === 'end' ? LAST_REVISION : checkNonNegative(from, 'fromRevision');
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const page = await this.query<EventRow>(
        `SELECT ${COLUMNS} FROM ${this.table} WHERE stream_name = $1 AND revision ${backwards ? '<=' : '>='} $2 ORDER BY revision ${backwards ? 'DESC' : ''} LIMIT $3`,
        [stream, next.toString(), limit],
      );
      for (const row of page) yield toRecordedEvent(row);
      remaining -= page.length;
      if (page.length < limit) return;
      next = BigInt(page[page.length - 1].revision) + (backwards ? -1n : 1n);
      if (next < 0n) return;
    }
  }

  private async *allPages(options: ReadAllOptions): AsyncGenerator<RecordedEvent> {
    const { filter } = options;
    let remaining = checkMaxCount(options.maxCount);
    const from = options.fromPosition ?? 'start';
    let after = from === 'start' ? 0n : checkNonNegative(from, 'fromPosition');
    while (remaining > 0) {
      const page = await this.readAfter(after);
      for (const event of page) {
        if (filter && !matchesFilter(event, filter)) continue;
        yield event;
        if (--remaining === 0) return;
      }
      if (page.length < this.pageSize) return;
      after = page[page.length - 1].position;
    }
  }

  /** The global order as stored, a page at a time (StoredEventSource): what the seals hash. */
  async *readAllStored(options: ReadStoredOptions = {}): AsyncGenerator<StoredEvent[]> {
    const from = options.fromPosition ?? 'start';
    let after = from === 'start' ? 0n : checkNonNegative(from, 'fromPosition');
    for (;;) {
      const rows = await this.query<EventRow>(
        `SELECT position, stream_name, revision, id, type, data, metadata FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT $2`,
        [after.toString(), this.pageSize],
      );
      const page = rows.map((row) => ({
        position: BigInt(row.position),
        streamName: row.stream_name,
        revision: BigInt(row.revision),
        id: row.id,
        type: row.type,
        data: row.data,
        metadata: row.metadata,
      }));
      if (page.length > 0) yield page;
      if (page.length < this.pageSize) return;
      after = page[page.length - 1].position;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const from = options.fromPosition ?? 'start';
    let start: bigint | Promise<bigint> | Error;
    try {
      start = from === 'start' ? 0n : from === 'end' ? this.headAtSubscription() : checkNonNegative(from, 'fromPosition');
    } catch (error) {
      start = error as Error;
    }
    const source = {
      readAfter: (position: bigint) => this.readAfter(position),
      readBetween: (after: bigint, before: bigint) =>
        this.queryEvents(`SELECT ${COLUMNS} FROM ${this.table} WHERE position > $1 AND position < $2 ORDER BY position LIMIT $3`, [
          after.toString(),
          before.toString(),
          this.pageSize,
        ]),
      pageSize: this.pageSize,
      wakeUp: this.wakeUp,
    };
    const subscription = new CatchUpSubscription(source, start, options.filter, options.signal, (ended) => {
      this.subscriptions.delete(ended);
      if (this.subscriptions.size === 0) this.stopListening();
    });
    if (this.closed) void subscription.close();
    else if (!subscription.ended) {
      this.subscriptions.add(subscription);
      this.listen();
    }
    return subscription;
  }

  /**
   * 'end' for a subscription: the head, read at once. This process's appends made after
   * subscribeToAll returns wait for that read (commitGroup), so they are delivered; another
   * process's append is "after" once the read has reached the server, as with EventStoreDB.
   */
  private headAtSubscription(): Promise<bigint> {
    const head = this.headPosition();
    const settled = head.then(
      () => undefined,
      () => undefined,
    );
    this.headReads.add(settled);
    void settled.then(() => this.headReads.delete(settled));
    return head;
  }

  async headPosition(): Promise<bigint> {
    const [row] = await this.query<{ head: string | null }>(`SELECT max(position) AS head FROM ${this.table}`);
    return row.head === null ? 0n : BigInt(row.head);
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends already accepted are committed (or refused) before the connections go.
    await this.committing;
    for (const subscription of [...this.subscriptions]) await subscription.close();
    this.stopListening();
    this.wakeUp.close();
    await this.pool.end().catch(() => undefined);
  }

  /** Commits the waiting appends, GROUP_LIMIT per transaction, until none wait. Each promise settles with its own outcome once its transaction committed. */
  private async commitPending(): Promise<void> {
    // Let the appends made in this turn of the event loop join the first group.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const group = this.pending.splice(0, GROUP_LIMIT);
      let outcomes: (AppendResult | Error)[];
      try {
        outcomes = await this.commitGroup(group);
      } catch (error) {
        for (const member of group) member.reject(toStoreError(error));
        continue;
      }
      group.forEach((member, index) => {
        const outcome = outcomes[index];
        if (outcome instanceof Error) member.reject(outcome);
        else member.resolve(outcome);
      });
      this.wakeUp.notify();
    }
  }

  private async commitGroup(group: readonly PendingAppend[]): Promise<(AppendResult | Error)[]> {
    await this.prepared();
    await Promise.all(this.headReads);
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // Statements without parameters go together, in one round trip each (simple query protocol):
      // a single append costs four, as a raw BEGIN / SELECT / INSERT / COMMIT would.
      // A refusal (a conflict, a known id) writes nothing, so only the rare failure of a statement
      // needs a SAVEPOINT: one per member of a group of several; a group of one fails as a whole.
      const alone = group.length === 1;
      const opened = (await client.query(alone ? this.openGroup : `${this.openGroup}; SAVEPOINT append`)) as unknown as { rows: { head: string | null }[] }[];
      const head = opened[2].rows[0].head;
      let position = head === null ? 0n : BigInt(head);
      const outcomes: (AppendResult | Error)[] = [];
      for (const [index, member] of group.entries()) {
        if (index > 0) await client.query('RELEASE SAVEPOINT append; SAVEPOINT append');
        try {
          const outcome = await this.appendMember(client, member, position);
          if (outcome.position > position) position = outcome.position;
          outcomes.push(outcome);
        } catch (error) {
          const failure = toStoreError(error);
          if (alone) {
            if (failure instanceof EventStoreUnavailable) throw error;
            outcomes.push(failure);
            continue;
          }
          // The member's own failure undoes its rows only; a failure of the connection fails the
          // whole group, as the rollback below cannot run.
          await client.query('ROLLBACK TO SAVEPOINT append');
          outcomes.push(failure);
        }
      }
      await client.query(this.closeGroup);
      this.groupCommits += 1;
      return outcomes;
    } catch (error) {
      broken = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Inside the group's transaction, under the writer lock. The hot path is one indexed read of the
   * stream's last revision and one multi-row insert; the id lookup that recognises a retry only runs
   * when something is off.
   */
  private async appendMember(client: PoolClient, { stream, rows, expected }: PendingAppend, head: bigint): Promise<AppendResult> {
    const [found] = (
      await client.query<{ revision: string }>(`SELECT revision FROM ${this.table} WHERE stream_name = $1 ORDER BY revision DESC LIMIT 1`, [stream])
    ).rows;
    const last = found ? BigInt(found.revision) : undefined;
    if (!satisfies(expected, last)) {
      const original = await this.findOriginalAppend(client, stream, rows);
      if (original) return original;
      throw new WrongExpectedVersion(expected, last ?? 'no_stream');
    }
    const first = (last ?? -1n) + 1n;
    const recordedAt = new Date();
    // All rows or none: under the writer lock nobody else inserts, so "no id of the batch is
    // stored yet" stays true until this statement has inserted them all.
    const inserted = await client.query(
      `INSERT INTO ${this.table} (${COLUMNS})
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
       WHERE NOT EXISTS (SELECT 1 FROM ${this.table} WHERE id = ANY($4::text[]))`,
      [
        rows.map((_, index) => (head + 1n + BigInt(index)).toString()),
        rows.map(() => stream),
        rows.map((_, index) => (first + BigInt(index)).toString()),
        rows.map((row) => row.event.id),
        rows.map((row) => row.event.type),
        rows.map((row) => row.data),
        rows.map((row) => row.metadata),
        rows.map(() => recordedAt),
      ],
    );
    if (inserted.rowCount !== rows.length) {
      // Some id is known and nothing was written: the batch is either a retry or a DuplicateEventId.
      const original = await this.findOriginalAppend(client, stream, rows);
      if (original) return original;
    }
    return { nextExpectedRevision: first + BigInt(rows.length - 1), position: head + BigInt(rows.length) };
  }

  private async findOriginalAppend(client: PoolClient, stream: string, rows: Serialised): Promise<AppendResult | undefined> {
    const ids = rows.map((row) => row.event.id);
    const found = await client.query<{ id: string; stream_name: string; revision: string; position: string }>(
      `SELECT id, stream_name, revision, position FROM ${this.table} WHERE id = ANY($1::text[])`,
      [ids],
    );
    const byId = new Map<string, StoredId>(
      found.rows.map((row) => [row.id, { streamName: row.stream_name, revision: BigInt(row.revision), position: BigInt(row.position) }]),
    );
    return originalAppendOf(stream, ids, ids.map((id) => byId.get(id)));
  }

  private readAfter(position: bigint): Promise<RecordedEvent[]> {
    return this.queryEvents(`SELECT ${COLUMNS} FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT $2`, [position.toString(), this.pageSize]);
  }

  private async queryEvents(text: string, values: unknown[]): Promise<RecordedEvent[]> {
    return (await this.query<EventRow>(text, values)).map(toRecordedEvent);
  }

  /** Every read goes through here: a closed store or a PostgreSQL failure becomes the port's error. */
  private async query<Row>(text: string, values: unknown[] = []): Promise<Row[]> {
    if (this.closed) throw new EventStoreUnavailable('store is closed');
    try {
      await this.prepared();
      if (this.closed) throw new EventStoreUnavailable('store is closed');
      return (await this.pool.query(text, values)).rows as Row[];
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** Creates the schema, table and append-only triggers once per process (retried after a failure), under a lock so replicas starting together do not race. */
  private prepared(): Promise<void> {
    this.preparing ??= this.prepare().catch((error: unknown) => {
      this.preparing = undefined;
      throw error;
    });
    return this.preparing;
  }

  private async prepare(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [WRITER_LOCK + 1, this.schema]);
      await client.query(ddl(this.schema));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** While anyone subscribes, one connection LISTENs for other processes' commits; a lost listener falls back to the poll and is replaced at the next subscription. */
  private listen(): void {
    if (this.listener || this.closed) return;
    const listener = new Client({ connectionString: this.connectionString, application_name: 'wijkteam-event-store-listener' });
    this.listener = listener;
    const drop = (): void => {
      if (this.listener === listener) this.listener = undefined;
      void listener.end().catch(() => undefined);
    };
    listener.on('error', drop);
    listener.on('notification', () => this.wakeUp.notify());
    listener
      .connect()
      .then(() => listener.query(`LISTEN "${this.channel}"`))
      .catch(drop);
  }

  private stopListening(): void {
    const listener = this.listener;
    this.listener = undefined;
    void listener?.end().catch(() => undefined);
  }
}

function ddl(schema: string): string {
  const table = `"${schema}".events`;
  return `
CREATE SCHEMA IF NOT EXISTS "${schema}";
CREATE TABLE IF NOT EXISTS ${table} (
  position    bigint      PRIMARY KEY,
  stream_name text        NOT NULL,
  revision    bigint      NOT NULL,
  id          text        NOT NULL UNIQUE,
  type        text        NOT NULL,
  data        text        NOT NULL,
  metadata    text        NOT NULL,
  recorded_at timestamptz NOT NULL,
  UNIQUE (stream_name, revision)
);
CREATE OR REPLACE FUNCTION "${schema}".events_append_only() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'events are append-only'; END $$;
CREATE OR REPLACE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION "${schema}".events_append_only();
CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".events_append_only();`;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return recordedEventOf(BigInt(row.position), row.stream_name, BigInt(row.revision), row.id, row.type, row.data, row.metadata, row.recorded_at);
}

/**
 * Maps whatever pg threw to the port's errors. The reason is PostgreSQL's SQLSTATE or the socket's
 * error code only, never a message (which can quote a value) or the URL (which holds credentials).
 */
function toStoreError(error: unknown): Error {
  if (error instanceof EventStoreError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return new EventStoreUnavailable(`postgres error ${code}`, { cause: error });
  if (typeof code === 'string' && code.startsWith('E')) return new EventStoreUnavailable(`connection error ${code}`, { cause: error });
  return new EventStoreUnavailable('unexpected database failure', { cause: error });
}
