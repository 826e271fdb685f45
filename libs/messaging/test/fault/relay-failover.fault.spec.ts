import { join } from 'node:path';
import type { SqliteEventStore } from '@wijkteam/event-store';
import type { NatsConnection } from 'nats';
import { openSqlite, type Relay, SqliteCheckpointStore, type SqliteDatabase } from '../../src';
import { countMessages, natsConnect, relayFor } from '../support/bus';
import { appendMany, openStore, tempDir, waitFor } from '../support/fixtures';
import { NatsServer } from '@wijkteam/testing';
import { WorkerProcess } from '../support/worker-process';

/** Samples, every 10 ms, whether two replicas claim to be active at the same moment. */
function watchOverlap(a: () => boolean, b: () => boolean): { stop: () => number } {
  let overlaps = 0;
  const timer = setInterval(() => {
    if (a() && b()) overlaps += 1;
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      return overlaps;
    },
  };
}

describe('fault: two relay replicas for one service', () => {
  let nats: NatsServer;
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  const connections: NatsConnection[] = [];
  const dbs: SqliteDatabase[] = [];
  const relays: Relay[] = [];
  let worker: WorkerProcess | undefined;

  /** A replica: its own NATS connection and its own SQLite connection to the shared checkpoint. */
  async function replica(holderId: string): Promise<Relay> {
    const nc = await natsConnect(nats.url, holderId);
    const db = openSqlite(join(dir.path, 'events.db'));
    connections.push(nc);
    dbs.push(db);
    const relay = relayFor('consent', nc, store, new SqliteCheckpointStore(db), { lease: { ttlMs: 2_000, bucket: 'test_leases', holderId } });
    relays.push(relay);
    return relay;
  }

  beforeAll(async () => {
    nats = await NatsServer.start();
  });
  beforeEach(() => {
    dir = tempDir();
    store = openStore(dir.path);
  });
  afterEach(async () => {
    await worker?.kill();
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    const [admin] = connections;
    await (await admin?.jetstreamManager())?.streams.delete('JEUGD').catch(() => undefined);
    await Promise.all(connections.splice(0).map((nc) => nc.close()));
    dbs.splice(0).forEach((db) => db.close());
    await store.close();
    dir.remove();
  });
  afterAll(async () => {
    await nats?.dispose();
  });

  it('never publishes from both; a stopped active replica hands over at once', async () => {
    const a = await replica('replica-a');
    const b = await replica('replica-b');
    a.start();
    await waitFor(() => a.isActive, 5_000, 'a active');
    b.start();
    const overlap = watchOverlap(() => a.isActive, () => b.isActive);

    await appendMany(store, 300);
    await waitFor(async () => (await countMessages(connections[0])) === 300, 15_000, '300 published');
    expect(await a.currentLeaseHolder()).toBe('replica-a');
    expect(a.metrics().published).toBe(300);
    expect(b.metrics().published).toBe(0);

    const stoppedAt = Date.now();
    await a.stop();
    await waitFor(() => b.isActive, 5_000, 'b to take over');
    const takeoverMs = Date.now() - stoppedAt;
    await appendMany(store, 200);
    await waitFor(async () => (await countMessages(connections[0])) === 500, 15_000, '500 published');

    expect(overlap.stop()).toBe(0);
    expect(takeoverMs).toBeLessThan(2_000);
    expect(await b.currentLeaseHolder()).toBe('replica-b');
    // Every event published exactly once across both replicas: no window was ever sent twice.
    expect(a.metrics().published + b.metrics().published).toBe(500);
    expect(b.metrics().published).toBe(200);
  });

  it('takes over within seconds when the active replica process is killed', async () => {
    const ids = await appendMany(store, 200);
    worker = WorkerProcess.start(join(__dirname, '../workers/relay.worker.ts'), { NATS_URL: nats.url, STORE_DIR: dir.path });
    await worker.waitForLine('active');
    const b = await replica('replica-b');
    b.start();
    await waitFor(async () => (await countMessages(connections[0])) === 200, 15_000, 'worker published 200');
    // While the worker lives, the standby stays a standby.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(b.isActive).toBe(false);
    expect(b.metrics().published).toBe(0);
    expect(await b.currentLeaseHolder()).toBe('worker');

    await worker.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor(() => b.isActive, 10_000, 'b to take over');
    const takeoverMs = Date.now() - killedAt;
    ids.push(...(await appendMany(store, 100)));
    await waitFor(async () => (await countMessages(connections[0])) === 300, 15_000, '300 published');

    expect(takeoverMs).toBeLessThan(5_000);
    expect(await b.currentLeaseHolder()).toBe('replica-b');
    expect(b.metrics().published).toBeGreaterThanOrEqual(100);
    expect(ids).toHaveLength(300);
  });
});
