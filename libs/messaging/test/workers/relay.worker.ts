/**
 * A relay replica in its own process, for the failover test: it prints `active` when it holds the
 * lease and `published <n>` after each change of its publish count, until it is killed.
 */
import { join } from 'node:path';
import { SqliteEventStore } from '@wijkteam/event-store';
import { openSqlite, SqliteCheckpointStore } from '../../src';
import { natsConnect, relayFor } from '../support/bus';

async function main(): Promise<void> {
  const { NATS_URL = '', STORE_DIR = '' } = process.env;
  const store = SqliteEventStore.open(join(STORE_DIR, 'events.db'), { synchronous: 'NORMAL', pollIntervalMs: 20 });
  const checkpoints = new SqliteCheckpointStore(openSqlite(join(STORE_DIR, 'events.db')));
  const relay = relayFor('consent', await natsConnect(NATS_URL, 'relay-worker'), store, checkpoints, { lease: { ttlMs: 2_000, bucket: 'test_leases', holderId: 'worker' } });
  relay.start();
  let reported = -1;
  let active = false;
  setInterval(() => {
    const { published } = relay.metrics();
    if (relay.isActive && !active) process.stdout.write('active\n');
    active = relay.isActive;
    if (published !== reported) process.stdout.write(`published ${(reported = published)}\n`);
  }, 20);
}

void main();
