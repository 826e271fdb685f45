import { createEventStore, type EventStore } from '@wijkteam/event-store';
import { ProjectionHost } from '@wijkteam/projections';
import { RetentionClock } from './retention-clock';
import { eventOrder } from '@wijkteam/projections';
import { recordCaseFile, recordErasure, RetentionCaseFiles, retentionProjection } from './retention.projection';

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };
const client = '0190a000-0000-7000-8000-00000000c001';
const caseFile = '0190a000-0000-7000-8000-0000000000f1';
// UUIDv7 ids in time order: the second is a later millisecond than the first.
const closedId = '0190a000-0001-7000-8000-000000000001';
const reopenedId = '0190a000-0002-7000-8000-000000000002';

describe('consent_retention read model (bus-fed)', () => {
  let store: EventStore;
  let host: ProjectionHost;
  let clock: RetentionClock;

  beforeEach(async () => {
    store = createEventStore('sqlite::memory:');
    host = await ProjectionHost.open({ service: 'consent', url: 'sqlite::memory:', store, projections: [retentionProjection], logger: silent });
    await host.start();
    clock = new RetentionClock(host);
  });

  afterEach(async () => {
    await host.stop();
    await store.close();
  });

  const close = (id = closedId) => host.applyOnce(retentionProjection.name, id, (tx) => recordCaseFile(tx, client, caseFile, '2010-01-01T00:00:00.000Z', eventOrder(id)));
  const reopen = (id = reopenedId) => host.applyOnce(retentionProjection.name, id, (tx) => recordCaseFile(tx, client, caseFile, null, eventOrder(id)));

  it('given a closure, when it is delivered again, then it is applied once and the client is due after the term', async () => {
    expect(await close()).toBe(true);
    expect(await close()).toBe(false);
    expect(await host.db.manager.count(RetentionCaseFiles)).toBe(1);
    expect(await clock.isDue(client, new Date('2026-12-01T00:00:00.000Z'), 15)).toBe(true);
    expect(await clock.isDue(client, new Date('2020-12-01T00:00:00.000Z'), 15)).toBe(false);
  });

  it('given a reopening, when an older closure arrives late, then the clock is not rolled back', async () => {
    await reopen();
    await close();
    expect((await host.db.manager.findOneBy(RetentionCaseFiles, { clientId: client }))?.closedAt).toBeNull();
    expect(await clock.due(new Date('2040-01-01T00:00:00.000Z'), 15)).toEqual([]);
  });

  it('given an erasure, when the term has passed, then the client is no longer listed as due', async () => {
    await close();
    await host.applyOnce(retentionProjection.name, '0190a000-0003-7000-8000-000000000003', (tx) => recordErasure(tx, client, '2026-01-01T00:00:00.000Z'));
    expect(await clock.due(new Date('2040-01-01T00:00:00.000Z'), 15)).toEqual([]);
  });
});
