// One of several processes appending to the same file at once (sqlite.multi-process.spec.ts).
// Usage: append-worker.ts <file> <name> <events>. Prints `ready` once loaded and starts on a `go`
// line on stdin, so that all workers open the file and write at the same time. Alternates batches
// of two between its own stream (exact expectedRevision, never conflicts) and a stream all workers
// share (read the last revision, append with it, retry on conflict), printing every acknowledged
// batch as a JSON line, and at the end how many conflicts it retried.
import { once } from 'node:events';
import { writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { WrongExpectedVersion } from '../../src/errors';
import { SqliteEventStore } from '../../src/sqlite/sqlite-event-store';
import { anEvent } from '../support/fixtures';

async function main(): Promise<void> {
  const [file, name, events] = process.argv.slice(2);
  const own = `load-${name}`;
  let ownRevision: bigint | 'no_stream' = 'no_stream';
  let conflicts = 0;
  writeSync(1, 'ready\n');
  await once(process.stdin, 'data');
  process.stdin.pause();
  // Opened only now, by every worker at once: creating the schema of a fresh file races too.
  const store = SqliteEventStore.open(file, { busyTimeoutMs: 20_000 });
  for (let batchNumber = 0; batchNumber < Number(events) / 2; batchNumber++) {
    const batch = [anEvent({ worker: name, batchNumber }), anEvent({ worker: name, batchNumber })];
    let stream = own;
    if (batchNumber % 2 === 0) {
      ownRevision = (await store.appendToStream(own, batch, { expectedRevision: ownRevision })).nextExpectedRevision;
    } else {
      stream = 'load-shared';
      for (;;) {
        const [last] = await collectOne(store.readStream(stream, { direction: 'backwards', maxCount: 1 }));
        // A command handler decides between reading and appending: that gap is where others get in.
        await sleep(Math.random() * 3);
        try {
          await store.appendToStream(stream, batch, { expectedRevision: last?.revision ?? 'no_stream' });
          break;
        } catch (error) {
          if (!(error instanceof WrongExpectedVersion)) throw error;
          conflicts += 1;
        }
      }
    }
    writeSync(1, `${JSON.stringify({ stream, ids: batch.map((event) => event.id) })}\n`);
  }
  await store.close();
  writeSync(1, `${JSON.stringify({ done: true, conflicts })}\n`);
}

async function collectOne<T>(source: AsyncIterable<T>): Promise<T[]> {
  for await (const item of source) return [item];
  return [];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
