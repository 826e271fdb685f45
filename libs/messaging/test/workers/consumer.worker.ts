/**
 * A consumer process for the crash test: the reporting service's handlers on JetStream. With
 * CRASH_AFTER_EFFECT_OF set, it kills itself with SIGKILL right after that event's effect committed
 * and before the handler returns, i.e. before the ack: the worst moment for exactly-once.
 */
import { join } from 'node:path';
import { openSqlite } from '../../src';
import { startConsumerApp } from '../support/apps';
import { transportFor } from '../support/bus';
import { EffectLog } from '../support/effects';

async function main(): Promise<void> {
  const { NATS_URL = '', DB_DIR = '', CRASH_AFTER_EFFECT_OF } = process.env;
  const db = openSqlite(join(DB_DIR, 'reporting.db'));
  const transport = transportFor('reporting', NATS_URL, db, { ackWaitMs: 1_500, concurrency: 1 });
  await startConsumerApp(transport, new EffectLog(db), {
    before: (event, ctx) => {
      process.stdout.write(`seen ${event.id} ${ctx.getDeliveryCount()}\n`);
    },
    after: (event) => {
      if (event.id === CRASH_AFTER_EFFECT_OF) process.kill(process.pid, 'SIGKILL');
    },
  });
  process.stdout.write('ready\n');
}

void main();
