import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEventStore, type EventStore } from '@wijkteam/event-store';
import { freshPostgresSchema, queryPostgres, whyPostgresUnreachable } from '@wijkteam/testing';
import { EntitySchema, type EntityManager } from 'typeorm';
import { defineBusProjection } from './projection';
import { ProjectionProcessed } from './projection-database';
import { GROUP_COMMIT_MAX, ProjectionHost } from './projection-host';

interface LineRow {
  eventId: string;
  line: number;
}

/** Each applied event gets the next line number: a row set that shows the order effects ran in, and any double application. */
const Lines = new EntitySchema<LineRow>({
  name: 'spec_group_lines',
  columns: { eventId: { type: 'varchar', length: 36, primary: true, name: 'event_id' }, line: { type: 'integer' } },
});
const lines = defineBusProjection({ name: 'spec_group', version: 1, tables: [Lines] });

async function nextLine(tx: EntityManager, eventId: string): Promise<void> {
  const line = (await tx.count(Lines)) + 1;
  await tx.insert(Lines, { eventId, line });
}

class Refused extends Error {}

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };
const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `e${String(from + i).padStart(4, '0')}`);

const SCHEMA = 'projection_host_spec';
const postgresSkip = whyPostgresUnreachable();
if (postgresSkip) console.warn(`group commit on PostgreSQL skipped: ${postgresSkip}`);
const databases: [string, () => Promise<string>][] = [
  ['SQLite', async () => `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'projection-host-')), 'p.db')}`],
  ...(postgresSkip ? [] : ([['PostgreSQL', () => freshPostgresSchema(SCHEMA)]] as [string, () => Promise<string>][])),
];

async function discard(url: string): Promise<void> {
  if (url.startsWith('sqlite:')) rmSync(path.dirname(url.slice('sqlite:'.length)), { recursive: true, force: true });
  else await queryPostgres(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
}

describe.each(databases)('ProjectionHost group commit on %s', (_kind, newUrl) => {
  let store: EventStore;
  let url: string;
  let host: ProjectionHost;

  const open = async () => {
    const opened = await ProjectionHost.open({ service: 'spec', url, store, projections: [lines], logger: silent });
    await opened.start();
    return opened;
  };
  /** Delivered as a read-model consumer delivers: every call made before any is awaited, in order. */
  const deliver = (to: ProjectionHost, eventIds: readonly string[], effect = nextLine) => eventIds.map((id) => to.applyOnce(lines.name, id, (tx) => effect(tx, id)));
  const rowsOf = async (of: ProjectionHost) => (await of.db.manager.find(Lines, { order: { line: 'ASC' } })).map(({ eventId, line }) => [line, eventId]);
  const appliedIds = async (of: ProjectionHost) => (await of.db.manager.find(ProjectionProcessed, { where: { projection: lines.name } })).map((row) => row.eventId).sort();

  beforeEach(async () => {
    store = createEventStore('sqlite::memory:');
    url = await newUrl();
    host = await open();
  });

  afterEach(async () => {
    await host.stop();
    await store.close();
    await discard(url);
  });

  it('given many events delivered at once, when committed together, then the rows equal one-at-a-time application in delivery order', async () => {
    const eventIds = ids(1, GROUP_COMMIT_MAX + 250);
    expect((await Promise.all(deliver(host, eventIds))).every(Boolean)).toBe(true);
    const grouped = await rowsOf(host);

    await host.stop();
    await discard(url);
    url = await newUrl();
    host = await open();
    for (const id of eventIds) expect(await host.applyOnce(lines.name, id, (tx) => nextLine(tx, id))).toBe(true);

    expect(grouped).toEqual(await rowsOf(host));
    expect(grouped).toHaveLength(eventIds.length);
    expect(grouped[0]).toEqual([1, 'e0001']);
  });

  it('given a redelivery inside one group, when committed, then the event is applied once and the copy answers not applied now', async () => {
    const outcomes = await Promise.all(deliver(host, ['e0001', 'e0002', 'e0001', 'e0003', 'e0002']));
    expect(outcomes).toEqual([true, true, false, true, false]);
    expect(await rowsOf(host)).toEqual([[1, 'e0001'], [2, 'e0002'], [3, 'e0003']]);
    expect(await appliedIds(host)).toEqual(['e0001', 'e0002', 'e0003']);
  });

  it('given events applied in an earlier group or before a restart, when redelivered in a later group, then only the new ones are applied', async () => {
    await Promise.all(deliver(host, ids(1, 5)));
    expect(await Promise.all(deliver(host, ids(3, 7)))).toEqual([false, false, false, true, true]);
    await host.stop();
    host = await open();
    expect(await Promise.all(deliver(host, ids(6, 9)))).toEqual([false, false, true, true]);
    expect((await rowsOf(host)).map(([, id]) => id)).toEqual(ids(1, 9));
  });

  it('given one effect that fails after writing, when its group commits, then only that event fails, its write is undone, and its redelivery applies it', async () => {
    const failing = async (tx: EntityManager, id: string) => {
      await nextLine(tx, id);
      if (id === 'e0002') throw new Refused('refused');
    };
    const outcomes = await Promise.allSettled(deliver(host, ids(1, 4), failing));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(outcomes[1]).toEqual({ status: 'rejected', reason: expect.any(Refused) });
    expect(await rowsOf(host)).toEqual([[1, 'e0001'], [2, 'e0003'], [3, 'e0004']]);
    expect(await appliedIds(host)).toEqual(['e0001', 'e0003', 'e0004']);

    expect(await host.applyOnce(lines.name, 'e0002', (tx) => nextLine(tx, 'e0002'))).toBe(true);
    expect((await rowsOf(host)).map(([, id]) => id)).toEqual(['e0001', 'e0003', 'e0004', 'e0002']);
  });

  it('given events that arrive while a group is committing, when it is done, then they commit in the next group and each resolves after its own commit', async () => {
    const first = deliver(host, ids(1, 3));
    // Arrives after the first group was taken: waits for the next transaction.
    await new Promise((resolve) => setImmediate(resolve));
    const second = deliver(host, ids(4, 6));
    expect(await Promise.all([...first, ...second])).toEqual([true, true, true, true, true, true]);
    expect((await rowsOf(host)).map(([, id]) => id)).toEqual(ids(1, 6));
  });
});

