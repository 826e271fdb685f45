import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createEventStore, type EventStore } from '@wijkteam/event-store';
import { eventually, queryPostgres, TEST_POSTGRES_URL, whyPostgresUnreachable } from '@wijkteam/testing';
import { EntitySchema } from 'typeorm';
import { defineBusProjection, defineProjection, InvalidProjection, type Projection } from './projection';
import { loadCheckpoint, openProjectionDatabase } from './projection-database';
import { ProjectionHost } from './projection-host';
import { ProjectionRunner } from './projection-runner';

interface CountRow {
  stream: string;
  count: number;
}

const Counts = new EntitySchema<CountRow>({
  name: 'spec_counts_streams',
  columns: { stream: { type: 'varchar', length: 80, primary: true }, count: { type: 'integer' } },
});

/** Counts the `Ticked` events of each `spec.ticker-…` stream: a double application shows at once. */
function counter(version = 1): Projection {
  return defineProjection({
    name: 'spec_counts',
    version,
    streamPrefixes: ['spec.ticker-'],
    eventTypes: ['Ticked'],
    tables: [Counts],
    async handle(events, tx) {
      for (const event of events) {
        const row = await tx.findOneBy(Counts, { stream: event.streamName });
        await tx.save(Counts, { stream: event.streamName, count: (row?.count ?? 0) + 1 });
      }
    },
  });
}

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };
const tick = (n: number) => Array.from({ length: n }, () => ({ id: crypto.randomUUID(), type: 'Ticked', data: {}, metadata: { occurredAt: new Date().toISOString(), actor: { userId: 'spec', role: 'system', organisation: 'spec' }, correlationId: 'spec', schemaVersion: 1 } }));
const other = (n: number) => tick(n).map((event) => ({ ...event, type: 'Tocked' }));

const postgresSkip = whyPostgresUnreachable();
const databases: [string, () => string][] = [
  ['SQLite', () => `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'projections-')), 'projections.db')}`],
  ...(postgresSkip ? [] : ([['PostgreSQL', () => TEST_POSTGRES_URL]] as [string, () => string][])),
];
if (postgresSkip) console.warn(`projection runner on PostgreSQL skipped: ${postgresSkip}`);

describe.each(databases)('ProjectionRunner on %s', (kind, newUrl) => {
  let store: EventStore;
  let url: string;
  const hosts: ProjectionHost[] = [];

  async function host(projection: Projection = counter(), options = {}): Promise<ProjectionHost> {
    const opened = await ProjectionHost.open({ service: 'spec', url, store, projections: [projection], logger: silent, runner: { batchSize: 7, ...options } });
    hosts.push(opened);
    await opened.start();
    await opened.runner(projection.name).whenLive();
    return opened;
  }

  async function counts(of: ProjectionHost): Promise<Record<string, number>> {
    const rows = await of.db.manager.find(Counts);
    return Object.fromEntries(rows.map((row) => [row.stream, row.count]));
  }

  beforeEach(async () => {
    store = createEventStore('sqlite::memory:');
    url = newUrl();
    if (url.startsWith('postgres')) await queryPostgres('DROP TABLE IF EXISTS spec_counts_streams, projection_checkpoints');
  });

  afterEach(async () => {
    for (const opened of hosts.splice(0)) await opened.stop();
    await store.close();
    if (url.startsWith('sqlite:')) rmSync(path.dirname(url.slice('sqlite:'.length)), { recursive: true, force: true });
  });

  it('given a history, when started, then it catches up in pages and follows what is appended live', async () => {
    await store.appendToStream('spec.ticker-a', tick(20));
    await store.appendToStream('spec.ticker-b', tick(3));
    const running = await host();
    expect(running.runner('spec_counts').status).toBe('live');
    expect(await counts(running)).toEqual({ 'spec.ticker-a': 20, 'spec.ticker-b': 3 });
    await store.appendToStream('spec.ticker-b', tick(2));
    await eventually(async () => expect(await counts(running)).toEqual({ 'spec.ticker-a': 20, 'spec.ticker-b': 5 }));
  });

  it('given a stored record that is not an event, when caught up and when live, then it passes it (logged, counted) and applies the rest', async () => {
    await store.close();
    const dir = mkdtempSync(path.join(tmpdir(), 'projections-store-'));
    store = createEventStore(`sqlite:${path.join(dir, 'events.db')}`);
    const raw = new Database(path.join(dir, 'events.db'));
    // Written past the store's API (its append path refuses such data).
    const poison = (revision: number) =>
      raw.prepare('INSERT INTO events (stream_name, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run('spec.ticker-x', revision, crypto.randomUUID(), 'Ticked', 'not json', '{}', Date.now());
    try {
      await store.appendToStream('spec.ticker-a', tick(5));
      poison(0);
      await store.appendToStream('spec.ticker-a', tick(4));
      const errors: string[] = [];
      const opened = await ProjectionHost.open({ service: 'spec', url, store, projections: [counter()], logger: { ...silent, error: (line: string) => void errors.push(line) }, runner: { batchSize: 7 } });
      hosts.push(opened);
      await opened.start();
      await opened.runner('spec_counts').whenLive();
      expect(await counts(opened)).toEqual({ 'spec.ticker-a': 9 });
      // Live: the subscription meets one, and the events after it still arrive.
      poison(1);
      await store.appendToStream('spec.ticker-b', tick(2));
      await eventually(async () => expect(await counts(opened)).toEqual({ 'spec.ticker-a': 9, 'spec.ticker-b': 2 }));
      expect(opened.runner('spec_counts').progress).toMatchObject({ status: 'live', unreadable: 2 });
      expect(errors).toHaveLength(2);
      expect(errors[0]).toMatch(/^projection spec_counts: stored record [0-9a-f-]{36} at position 6 \(Ticked\) unreadable \(data_not_json_object\); passed without its effect$/);
      expect(errors.join()).not.toContain('not json');
    } finally {
      raw.close();
      for (const opened of hosts.splice(0)) await opened.stop();
      await store.close();
      store = createEventStore('sqlite::memory:');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('given a stopped projection, when restarted, then it reads on from its checkpoint and applies nothing twice', async () => {
    await store.appendToStream('spec.ticker-a', tick(10));
    await (await host()).stop();
    hosts.length = 0;
    await store.appendToStream('spec.ticker-a', tick(4));
    const restarted = await host();
    expect(await counts(restarted)).toEqual({ 'spec.ticker-a': 14 });
    expect(restarted.runner('spec_counts').progress.rebuilding).toBe(false);
  });

  it('given a new version, when started, then the rows are emptied and rebuilt from the whole history', async () => {
    await store.appendToStream('spec.ticker-a', tick(5));
    const first = await host();
    await first.db.manager.save(Counts, { stream: 'spec.ticker-stale', count: 99 });
    await first.stop();
    hosts.length = 0;
    const second = await host(counter(2));
    expect(second.runner('spec_counts').progress).toMatchObject({ version: 2, rebuilding: true, status: 'live' });
    expect(await counts(second)).toEqual({ 'spec.ticker-a': 5 });
    expect((await loadCheckpoint(second.db.manager, 'spec_counts'))?.version).toBe(2);
  });

  (kind === 'PostgreSQL' ? it : it.skip)('given two runners on one database (two replicas), when both follow the same history, then every event counts once', async () => {
    await store.appendToStream('spec.ticker-a', tick(30));
    const [one, two] = await Promise.all([host(), host()]);
    await store.appendToStream('spec.ticker-a', tick(15));
    await eventually(async () => expect(await counts(one)).toEqual({ 'spec.ticker-a': 45 }));
    expect(await counts(two)).toEqual({ 'spec.ticker-a': 45 });
  });

  it('given only events of no interest, when they pile up, then the checkpoint moves past them anyway', async () => {
    const running = await host(counter(), { skipSaveDistance: 5n });
    await store.appendToStream('spec.other-x', other(12));
    const head = await store.headPosition();
    await eventually(async () => expect(BigInt((await loadCheckpoint(running.db.manager, 'spec_counts'))?.position ?? '0')).toBeGreaterThanOrEqual(head - 5n));
    // Progress reports what was read, also past the stored checkpoint.
    await eventually(async () => expect(running.runner('spec_counts').progress.position).toBe(head));
    expect(await counts(running)).toEqual({});
  });

  it('given a rebuild on demand (service stopped), when it runs, then it replaces the rows with the fold of the history; a running one refuses', async () => {
    await store.appendToStream('spec.ticker-a', tick(6));
    const running = await host();
    await expect(running.runner('spec_counts').rebuild()).rejects.toThrow(/is running/);
    await running.db.manager.save(Counts, { stream: 'spec.ticker-a', count: 1000 });
    await running.stop();
    hosts.length = 0;
    const offline = await ProjectionHost.open({ service: 'spec', url, store, projections: [counter()], logger: silent });
    hosts.push(offline);
    await offline.runner('spec_counts').rebuild();
    expect(await counts(offline)).toEqual({ 'spec.ticker-a': 6 });
  });
});

describe('ProjectionRunner status', () => {
  it('is catching_up until the history is read, so dependants can refuse to answer', async () => {
    const store = createEventStore('sqlite::memory:');
    await store.appendToStream('spec.ticker-a', tick(50));
    const db = await openProjectionDatabase('sqlite::memory:', [Counts]);
    const slow: Projection = { ...counter(), handle: async (events, tx) => { await new Promise((resolve) => setTimeout(resolve, 20)); await counter().handle(events, tx); } };
    const runner = new ProjectionRunner(slow, store, db, silent, { batchSize: 5 });
    await runner.start();
    expect(runner.status).toBe('catching_up');
    await runner.whenLive();
    expect(runner.status).toBe('live');
    await runner.stop();
    await db.destroy();
    await store.close();
  });
});

describe('defineProjection', () => {
  it('refuses a name that cannot prefix tables, a version below 1 and tables outside its prefix', () => {
    expect(() => defineProjection({ ...counter(), name: 'Spec-Counts' })).toThrow(InvalidProjection);
    expect(() => defineProjection({ ...counter(), version: 0 })).toThrow(InvalidProjection);
    expect(() => defineProjection({ ...counter(), name: 'other_counts' })).toThrow(/must start with other_counts_/);
  });
});

describe('ProjectionHost with a bus-fed projection', () => {
  const Seen = new EntitySchema<{ id: string }>({ name: 'spec_seen_ids', columns: { id: { type: 'varchar', length: 36, primary: true } } });
  const seen = (version: number) => defineBusProjection({ name: 'spec_seen', version, tables: [Seen] });
  let dir: string;
  let store: EventStore;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'projections-bus-'));
    store = createEventStore('sqlite::memory:');
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (version: number) => {
    const host = await ProjectionHost.open({ service: 'spec', url: `sqlite:${path.join(dir, 'p.db')}`, store, projections: [seen(version)], logger: silent });
    await host.start();
    return host;
  };
  const apply = (host: ProjectionHost, id: string) => host.applyOnce('spec_seen', id, async (tx) => void (await tx.insert(Seen, { id })));

  it('applies an event once, forgets ids past the keep period, and empties its rows for a new version', async () => {
    const first = await open(1);
    expect(await apply(first, 'e1')).toBe(true);
    expect(await apply(first, 'e1')).toBe(false);
    expect(first.progress()).toEqual([expect.objectContaining({ name: 'spec_seen', status: 'live' })]);
    expect(await first.prune(new Date(Date.now() + 31 * 86_400_000))).toBe(1);
    await first.stop();
    const same = await open(1);
    expect(await same.db.manager.count(Seen)).toBe(1);
    await same.stop();
    const next = await open(2);
    expect(await next.db.manager.count(Seen)).toBe(0);
    expect(await apply(next, 'e1')).toBe(true);
    await next.stop();
  });

  it('holds an event that arrives before start() until the read model is checked, so a new version does not empty it away', async () => {
    const before = await open(1);
    await before.stop();
    // The transports of a service may start before its projections: the event waits, then lands in the emptied version 2.
    const host = await ProjectionHost.open({ service: 'spec', url: `sqlite:${path.join(dir, 'p.db')}`, store, projections: [seen(2)], logger: silent });
    const early = apply(host, 'e-early');
    await host.start();
    expect(await early).toBe(true);
    expect(await host.db.manager.find(Seen)).toEqual([{ id: 'e-early' }]);
    await host.stop();
  });

  it('refuses an effect for a projection it does not host', async () => {
    const host = await open(1);
    expect(() => host.applyOnce('spec_other', 'e1', async () => undefined)).toThrow(/no projection spec_other/);
    await host.stop();
  });
});

describe('ProjectionRunner after a failure', () => {
  it('is no longer live while its handler fails, then resumes from its checkpoint and applies every event once', async () => {
    const store = createEventStore('sqlite::memory:');
    const db = await openProjectionDatabase('sqlite::memory:', [Counts]);
    let failures = 1;
    const flaky: Projection = {
      ...counter(),
      handle: async (events, tx) => {
        if (events.some((event) => event.streamName === 'spec.ticker-b') && failures-- > 0) throw new Error('database away');
        await counter().handle(events, tx);
      },
    };
    const runner = new ProjectionRunner(flaky, store, db, silent, { batchSize: 5 });
    await store.appendToStream('spec.ticker-a', tick(3));
    await runner.start();
    await runner.whenLive();
    await store.appendToStream('spec.ticker-b', tick(2));
    await eventually(async () => expect(runner.status).toBe('catching_up'), 5_000, 5);
    await eventually(async () => expect(runner.status).toBe('live'));
    await eventually(async () => expect(Object.fromEntries((await db.manager.find(Counts)).map((r) => [r.stream, r.count]))).toEqual({ 'spec.ticker-a': 3, 'spec.ticker-b': 2 }));
    await runner.stop();
    await db.destroy();
    await store.close();
  });
});
