import { join } from 'node:path';
import type { SqliteEventStore } from '@wijkteam/event-store';
import type { NatsConnection } from 'nats';
import { Inbox, openSqlite, type Relay, SqliteCheckpointStore, type SqliteDatabase } from '../../src';
import { natsConnect, relayFor } from '../support/bus';
import { EffectLog } from '../support/effects';
import { appendMany, openStore, tempDir, waitFor } from '../support/fixtures';
import { NatsServer } from '@wijkteam/testing';
import { WorkerProcess } from '../support/worker-process';

describe('fault: consumer process killed after its effect, before its ack', () => {
  const worker = join(__dirname, '../workers/consumer.worker.ts');
  let nats: NatsServer;
  let nc: NatsConnection;
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let storeDb: SqliteDatabase;
  let relay: Relay | undefined;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    nats = await NatsServer.start();
    nc = await natsConnect(nats.url, 'relay');
    dir = tempDir();
    store = openStore(dir.path);
    storeDb = openSqlite(join(dir.path, 'events.db'));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await relay?.stop();
    await nc?.close();
    await store?.close();
    storeDb?.close();
    dir?.remove();
    await nats?.dispose();
  });

  it('gets the message redelivered and applies the effect once', async () => {
    const ids = await appendMany(store, 30);
    relay = relayFor('consent', nc, store, new SqliteCheckpointStore(storeDb));
    relay.start();
    const victim = ids[10];

    const first = WorkerProcess.start(worker, { NATS_URL: nats.url, DB_DIR: dir.path, CRASH_AFTER_EFFECT_OF: victim });
    workers.push(first);
    expect(await first.waitForExit()).toBeNull(); // died by SIGKILL, in the handler

    const db = openSqlite(join(dir.path, 'reporting.db'));
    const effects = new EffectLog(db);
    const consumer = 'reporting__consent_ConsentGranted';
    // The effect committed with its inbox record before the crash; the ack never left.
    expect(effects.eventIds(consumer).has(victim)).toBe(true);
    expect(new Inbox(db).hasProcessed(consumer, victim)).toBe(true);

    const second = WorkerProcess.start(worker, { NATS_URL: nats.url, DB_DIR: dir.path });
    workers.push(second);
    await waitFor(() => effects.count(consumer) === 30, 30_000, 'all 30 effects');
    // The victim came back as a redelivery, and the inbox turned it into a no-op.
    await second.waitForLine(`seen ${victim}`);
    const redelivery = second.lines.find((line) => line.startsWith(`seen ${victim}`));
    expect(Number(redelivery?.split(' ')[2])).toBeGreaterThanOrEqual(2);
    expect(effects.duplicates()).toEqual([]);
    expect(effects.eventIds(consumer)).toEqual(new Set(ids));
    db.close();
  });
});
