import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { Clock, IdGenerator, UuidV7Generator } from '@wijkteam/contracts';
import { type EventStore, readAllStored, SqliteEventStore } from '@wijkteam/event-store';
import { headAfter, SealBuilder } from './seal-chain';
import { SealWriter } from './seal-writer';
import { chainHeadOf, SEAL_APPENDED, SEAL_STREAM } from './seal-stream';
import { verifyHistory } from './seal-verifier';

/**
 * Tampering on a copy of a real store file, the way the issue found it done: the append-only
 * triggers dropped, then the rows changed with a plain SQLite connection.
 */

const clock: Clock = { now: () => new Date('2025-03-01T09:00:00.000Z') };
const ids: IdGenerator = new UuidV7Generator();
const SEAL_EVERY = 10;

let directory: string;
let original: string;

const metadata = (userId: string) => ({ occurredAt: clock.now().toISOString(), actor: { userId, role: 'coach', organisation: 'wijkteam-noord' }, correlationId: ids.next(), schemaVersion: 1 });

async function append(store: EventStore, stream: string, score: number): Promise<void> {
  await store.appendToStream(stream, [{ id: ids.next(), type: 'EtmScored', data: { score, reasons: ['unsafe_home'] }, metadata: metadata('coach-1') }]);
}

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'seals-'));
  original = path.join(directory, 'store.db');
  const store = SqliteEventStore.open(original, { pageSize: 7 });
  const writer = new SealWriter(store, SEAL_EVERY, clock, ids);
  const streams = [ids.next(), ids.next(), ids.next()].map((id) => `safety.assessment-${id}`);
  // 25 events, sealed as they come (10, 10), the head sealed at 25, then 2 more not sealed yet.
  for (let n = 0; n < 25; n++) {
    await append(store, streams[n % 3], (n % 5) + 1);
    await writer.sealAvailable('idle');
  }
  await writer.sealAvailable('now');
  for (let n = 0; n < 2; n++) await append(store, streams[n], 3);
  await store.close();
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface Row {
  position: bigint;
  stream_name: string;
  revision: bigint;
  id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: bigint;
}

/** A copy of the store, changed by `tamper` on a plain connection after dropping the triggers; then verified. */
async function verifyTampered(tamper: (db: Database.Database, events: Row[]) => void) {
  const copy = path.join(directory, `copy-${ids.next()}.db`);
  copyFileSync(original, copy);
  const db = new Database(copy);
  db.defaultSafeIntegers(true);
  db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
  const events = db.prepare<[string], Row>('SELECT * FROM events WHERE stream_name <> ? ORDER BY position').all(SEAL_STREAM);
  db.transaction(() => tamper(db, events))();
  db.close();
  const store = SqliteEventStore.open(copy, { pageSize: 7 });
  try {
    return await verifyHistory(store);
  } finally {
    await store.close();
  }
}

const insert = (db: Database.Database, row: Row) =>
  db.prepare('INSERT INTO events (position, stream_name, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(row.position, row.stream_name, row.revision, row.id, row.type, row.data, row.metadata, row.recorded_at);

/** Room at `position`: every row from there one place on (through negatives, so no position clashes on the way). */
function shiftFrom(db: Database.Database, position: bigint): void {
  db.prepare('UPDATE events SET position = -(position + 1) WHERE position >= ?').run(position);
  db.prepare('UPDATE events SET position = -position WHERE position < 0').run();
}

// The 14th event: in the second seal, not at its edge, its next neighbour an event too.
const TARGET = 13;

describe('verifying the history against its seals', () => {
  it('finds an untouched history intact, through the newest seal', async () => {
    const result = await verifyTampered(() => undefined);
    expect(result).toMatchObject({ intact: true, events: 25, seals: 3, firstMismatch: null });
    const store = SqliteEventStore.open(original);
    const sealedThrough = await lastSealedPosition(store);
    await store.close();
    expect(result.verifiedThrough).toBe(sealedThrough);
  });

  it('finds edited data (an ETM score 3 → 1) at its position', async () => {
    let target!: Row;
    const result = await verifyTampered((db, events) => {
      target = events[TARGET];
      db.prepare("UPDATE events SET data = json_set(data, '$.score', 1) WHERE position = ?").run(target.position);
    });
    expect(result.firstMismatch).toEqual({ position: target.position.toString(), kind: 'edited', eventId: target.id });
    expect(result).toMatchObject({ intact: false, events: 10, seals: 1 });
  });

  it('finds edited metadata (another actor) at its position', async () => {
    let target!: Row;
    const result = await verifyTampered((db, events) => {
      target = events[TARGET];
      db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor.userId', 'coach-9') WHERE position = ?").run(target.position);
    });
    expect(result.firstMismatch).toEqual({ position: target.position.toString(), kind: 'edited', eventId: target.id });
  });

  it('finds a removed row at the position it was sealed at', async () => {
    let target!: Row;
    const result = await verifyTampered((db, events) => {
      target = events[TARGET];
      db.prepare('DELETE FROM events WHERE position = ?').run(target.position);
    });
    expect(result.firstMismatch).toEqual({ position: target.position.toString(), kind: 'removed', eventId: null });
  });

  it('finds a removed row when the positions after it were closed up', async () => {
    let target!: Row;
    const result = await verifyTampered((db, events) => {
      target = events[TARGET];
      db.prepare('DELETE FROM events WHERE position = ?').run(target.position);
      db.prepare('UPDATE events SET position = -(position - 1) WHERE position > ?').run(target.position);
      db.prepare('UPDATE events SET position = -position WHERE position < 0').run();
    });
    expect(result.firstMismatch).toEqual({ position: target.position.toString(), kind: 'removed', eventId: null });
  });

  it('finds an inserted row, the rows after it moved one on', async () => {
    let target!: Row;
    const inserted = ids.next();
    const result = await verifyTampered((db, events) => {
      target = events[TARGET];
      shiftFrom(db, target.position);
      insert(db, { ...target, id: inserted, stream_name: `safety.assessment-${ids.next()}`, revision: 0n });
    });
    expect(result.firstMismatch).toEqual({ position: target.position.toString(), kind: 'inserted', eventId: inserted });
  });

  it('finds reordered rows at the first position that changed', async () => {
    let target!: Row;
    let next!: Row;
    const result = await verifyTampered((db, events) => {
      [target, next] = [events[TARGET], events[TARGET + 1]];
      db.prepare('DELETE FROM events WHERE position IN (?, ?)').run(target.position, next.position);
      insert(db, { ...next, position: target.position });
      insert(db, { ...target, position: next.position });
    });
    expect(result.firstMismatch).toEqual({ position: target.position.toString(), kind: 'reordered', eventId: next.id });
  });

  it('finds a row replaced by another event as edited', async () => {
    let target!: Row;
    const other = ids.next();
    const result = await verifyTampered((db, events) => {
      target = events[TARGET];
      db.prepare('UPDATE events SET id = ? WHERE position = ?').run(other, target.position);
    });
    expect(result.firstMismatch).toEqual({ position: target.position.toString(), kind: 'edited', eventId: other });
  });

  it('finds a seal taken out of the seal stream', async () => {
    let secondSealFrom!: string;
    const result = await verifyTampered((db) => {
      const seals = db.prepare<[string], { position: bigint; data: string }>('SELECT position, data FROM events WHERE stream_name = ? ORDER BY revision').all(SEAL_STREAM);
      secondSealFrom = (JSON.parse(seals[1].data) as { fromPosition: string }).fromPosition;
      db.prepare('DELETE FROM events WHERE position = ?').run(seals[0].position);
    });
    expect(result).toMatchObject({ intact: false, seals: 0, firstMismatch: { kind: 'seal_altered', position: expect.any(String), eventId: null } });
    expect(result.firstMismatch!.position).toBe(secondSealFrom);
  });

  it('does not judge what came after the newest seal', async () => {
    const result = await verifyTampered((db, events) => {
      db.prepare("UPDATE events SET data = json_set(data, '$.score', 1) WHERE position = ?").run(events[events.length - 1].position);
    });
    expect(result.intact).toBe(true);
  });
});

describe('a store sealed in format 1 (before the seals hashed the stored text)', () => {
  let older: string;

  /** Format 1 seals over everything so far, as the sealer wrote them then (10 events a seal). */
  async function sealInFormat1(store: EventStore): Promise<void> {
    let head = await chainHeadOf(store);
    for await (const page of readAllStored(store, { fromPosition: head.position === 0n ? 'start' : head.position })) {
      for (let from = 0; from < page.length; from += SEAL_EVERY) {
        const builder = new SealBuilder(head, 1);
        for (const event of page.slice(from, from + SEAL_EVERY)) builder.add(event);
        const seal = builder.seal()!;
        await store.appendToStream(SEAL_STREAM, [{ id: ids.next(), type: SEAL_APPENDED, data: seal, metadata: metadata('system-reporting-sealer') }], {
          expectedRevision: seal.sequence === 1 ? 'no_stream' : BigInt(seal.sequence - 2),
        });
        head = headAfter(seal);
      }
    }
  }

  beforeAll(async () => {
    older = path.join(directory, 'format-1.db');
    const store = SqliteEventStore.open(older);
    for (let n = 0; n < 20; n++) await append(store, `safety.assessment-${ids.next()}`, (n % 5) + 1);
    await sealInFormat1(store);
    // Then the current sealer carries on in format 2 from the newest format 1 seal.
    for (let n = 0; n < 15; n++) await append(store, `safety.assessment-${ids.next()}`, 2);
    await new SealWriter(store, SEAL_EVERY, clock, ids).sealAvailable('now');
    await store.close();
  });

  const verifyCopy = async (tamper: (db: Database.Database, events: Row[]) => void) => {
    const copy = path.join(directory, `copy-${ids.next()}.db`);
    copyFileSync(older, copy);
    const db = new Database(copy);
    db.defaultSafeIntegers(true);
    db.exec('DROP TRIGGER events_no_update;');
    const events = db.prepare<[string], Row>('SELECT * FROM events WHERE stream_name <> ? ORDER BY position').all(SEAL_STREAM);
    tamper(db, events);
    db.close();
    const store = SqliteEventStore.open(copy);
    try {
      return await verifyHistory(store);
    } finally {
      await store.close();
    }
  };

  it('still verifies, format 1 and format 2 seals one chain', async () => {
    const store = SqliteEventStore.open(older);
    const formats: unknown[] = [];
    for await (const event of store.readStream(SEAL_STREAM)) formats.push(event.data.format ?? 1);
    await store.close();
    expect(formats).toEqual([1, 1, 2, 2]);
    expect(await verifyCopy(() => undefined)).toMatchObject({ intact: true, events: 35, seals: 4, firstMismatch: null });
  });

  it.each([
    ['a format 1 seal', 4],
    ['a format 2 seal', 24],
  ])('finds edited data under %s at its position', async (_, index) => {
    let target!: Row;
    const result = await verifyCopy((db, events) => {
      target = events[index];
      db.prepare("UPDATE events SET data = json_set(data, '$.score', 9) WHERE position = ?").run(target.position);
    });
    expect(result.firstMismatch).toEqual({ position: target.position.toString(), kind: 'edited', eventId: target.id });
  });
});

describe('a store without its own stored reads (EventStoreDB)', () => {
  it('is verified from its parsed events serialised back: the same bytes for what was appended through the port', async () => {
    const store = SqliteEventStore.open(original);
    // Only the port's methods, as the EventStoreDB adapter has them.
    const portOnly: EventStore = {
      appendToStream: (...args) => store.appendToStream(...args),
      readStream: (...args) => store.readStream(...args),
      readAll: (...args) => store.readAll(...args),
      subscribeToAll: (...args) => store.subscribeToAll(...args),
      headPosition: () => store.headPosition(),
      ping: () => store.ping(),
      close: () => store.close(),
    };
    try {
      expect(await verifyHistory(portOnly)).toMatchObject({ intact: true, events: 25, seals: 3 });
    } finally {
      await store.close();
    }
  });
});

describe('sealing', () => {
  it('seals a busy store in full batches and its head once a round finds nothing new', async () => {
    const store = SqliteEventStore.open(':memory:');
    const writer = new SealWriter(store, SEAL_EVERY, clock, ids);
    for (let n = 0; n < 13; n++) await append(store, `safety.assessment-${ids.next()}`, 2);
    expect(await writer.sealAvailable('idle')).toBe(13);
    expect(await sealCounts(store)).toEqual([10]);
    expect(await writer.sealAvailable('idle')).toBe(0);
    expect(await sealCounts(store)).toEqual([10, 3]);
    await store.close();
  });

  it('lets two sealers race: the second re-reads and carries on from the first one`s seal', async () => {
    const store = SqliteEventStore.open(':memory:');
    const [one, two] = [new SealWriter(store, SEAL_EVERY, clock, ids), new SealWriter(store, SEAL_EVERY, clock, ids)];
    await append(store, `safety.assessment-${ids.next()}`, 2);
    await one.sealAvailable('now');
    await two.sealAvailable('now'); // resumes from one's seal: nothing left to seal
    await append(store, `safety.assessment-${ids.next()}`, 2);
    await one.sealAvailable('now');
    await append(store, `safety.assessment-${ids.next()}`, 2);
    await two.sealAvailable('now'); // its head is stale: the append fails, it re-reads
    await two.sealAvailable('now');
    expect(await sealCounts(store)).toEqual([1, 1, 1]);
    expect(await verifyHistory(store)).toMatchObject({ intact: true, events: 3, seals: 3 });
    await store.close();
  });
});

async function sealCounts(store: EventStore): Promise<number[]> {
  const counts: number[] = [];
  for await (const event of store.readStream(SEAL_STREAM)) counts.push(event.data.count as number);
  return counts;
}

async function lastSealedPosition(store: EventStore): Promise<string> {
  for await (const event of store.readStream(SEAL_STREAM, { direction: 'backwards', maxCount: 1 })) return event.data.toPosition as string;
  return '0';
}
