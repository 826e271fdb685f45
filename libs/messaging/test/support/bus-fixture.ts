import { join } from 'node:path';
import type { INestMicroservice } from '@nestjs/common';
import type { SqliteEventStore } from '@wijkteam/event-store';
import { NatsServer } from '@wijkteam/testing';
import type { NatsConnection } from 'nats';
import { openSqlite, type Relay, type SqliteDatabase } from '../../src';
import { natsConnect } from './bus';
import { openStore, tempDir } from './fixtures';

export interface BusFixture {
  nats: NatsServer;
  nc: NatsConnection;
  dir: ReturnType<typeof tempDir>;
  store: SqliteEventStore;
  /** The store's own SQLite file, for checkpoints, inbox and effects. */
  db: SqliteDatabase;
  /** Set by the test; stopped before the store closes. */
  relay?: Relay;
  app?: INestMicroservice;
}

/**
 * One test file's bus: a private nats-server, a connection, a fresh store and its database, set up
 * in beforeAll and torn down in afterAll (consumer app and relay first, the server last).
 */
export function useBusFixture(connectionName: string): BusFixture {
  const fixture = {} as BusFixture;
  beforeAll(async () => {
    fixture.nats = await NatsServer.start();
    fixture.nc = await natsConnect(fixture.nats.url, connectionName);
    fixture.dir = tempDir();
    fixture.store = openStore(fixture.dir.path);
    fixture.db = openSqlite(join(fixture.dir.path, 'events.db'));
  });
  afterAll(async () => {
    await fixture.app?.close();
    await fixture.relay?.stop();
    await fixture.nc?.close();
    await fixture.store?.close();
    fixture.db?.close();
    fixture.dir?.remove();
    await fixture.nats?.dispose();
  });
  return fixture;
}
