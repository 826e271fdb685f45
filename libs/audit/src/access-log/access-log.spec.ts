import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuplicateEventId, SqliteEventStore } from '@wijkteam/event-store';
import { AccessLog, type AccessToRecord } from './access-log';

const clock = { now: () => new Date('2026-12-01T09:00:00.000Z') };
const idOf = (n: number) => `0193a5b2-7c1e-7000-8000-${n.toString(16).padStart(12, '0')}`;
const clientOf = (n: number) => `0193a5b2-7c1e-7000-8000-${(0xc000 + n).toString(16).padStart(12, '0')}`;
const readOf = (n: number): AccessToRecord => ({ clientId: clientOf(n), part: 'case-file', userId: `coach-${n}`, role: 'coach', organisation: 'wijkteam-noord', onBehalfOf: null, purpose: 'care_delivery' });

// Many reads served at once (a busy morning) are logged in few fsyncs, each read still logged on disk
// before its answer, and a read whose entry cannot be stored fails alone.
describe('AccessLog over a SQLite file: concurrent reads share group commits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'access-log-group-'));
  let store: SqliteEventStore;
  let sequence: number;
  beforeEach(() => {
    store = SqliteEventStore.open(join(dir, `${Date.now()}-${Math.random()}.sqlite`));
    sequence = 0;
  });
  afterEach(() => store.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs 40 concurrent reads of 40 files in one transaction, each in its own client\'s stream with its own entry', async () => {
    const log = new AccessLog('case-planning', store, clock, { next: () => idOf(++sequence) });
    const entries = await Promise.all(Array.from({ length: 40 }, (_, n) => log.record(readOf(n))));
    expect(store.groupCommitCount).toBe(1);
    expect(entries.map((entry) => entry.userId)).toEqual(Array.from({ length: 40 }, (_, n) => `coach-${n}`));
    for (const n of [0, 17, 39]) expect(await log.listForClient(clientOf(n))).toEqual([{ ...readOf(n), accessedAt: '2026-12-01T09:00:00.000Z' }]);
  });

  it('logs a list read of 100 files (one entry per client, each in its own stream) in one transaction', async () => {
    const log = new AccessLog('intake', store, clock, { next: () => idOf(++sequence) });
    const entries = await log.recordMany(Array.from({ length: 100 }, (_, n) => readOf(n)));
    expect(store.groupCommitCount).toBe(1);
    expect(entries).toHaveLength(100);
    expect(await log.listForClient(clientOf(99))).toEqual([{ ...readOf(99), accessedAt: '2026-12-01T09:00:00.000Z' }]);
  });

  it('fails the one read whose entry cannot be stored (fail closed) and logs the reads around it', async () => {
    const log = new AccessLog('case-planning', store, clock, { next: () => idOf(++sequence) });
    await log.record(readOf(0));
    // Another read's event is given the id of the event just stored (ids: correlation, then event).
    const clashing = new AccessLog('case-planning', store, clock, { next: () => idOf(2) });
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => (n === 2 ? clashing : log).record(readOf(n))));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventId);
    expect(store.groupCommitCount).toBe(2);
    expect((await log.listForClient(clientOf(1))).length).toBe(1);
    expect(await log.listForClient(clientOf(2))).toEqual([]);
    expect((await log.listForClient(clientOf(3))).length).toBe(1);
  });
});
