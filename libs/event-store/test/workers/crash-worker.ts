// Appends batches forever until it is killed (sqlite.crash.spec.ts), one appender per stream at the
// same time, so that their appends share group commits. Usage: crash-worker.ts <file>.
// Prints `ready`, then one JSON line per acknowledged append, written synchronously right after the
// append resolved: a printed line is a promise the store made, so it must survive the kill.
import { writeSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { SqliteEventStore } from '../../src/sqlite/sqlite-event-store';
import { anEvent } from '../support/fixtures';

const STREAMS = ['crash-alpha', 'crash-bravo', 'crash-charlie', 'crash-delta'];

async function main(): Promise<void> {
  const store = SqliteEventStore.open(process.argv[2]);
  writeSync(1, 'ready\n');
  await Promise.all(STREAMS.map((stream) => appendForever(store, stream)));
}

async function appendForever(store: SqliteEventStore, stream: string): Promise<never> {
  for (;;) {
    const size = 1 + Math.floor(Math.random() * 5);
    const batch = uuidv7();
    // Batches of up to ~20 KB span several database pages, so a torn write would show.
    const filler = 'x'.repeat(Math.floor(Math.random() * 4_000));
    const events = Array.from({ length: size }, (_, index) => anEvent({ batch, index, size, filler }));
    const result = await store.appendToStream(stream, events);
    writeSync(1, `${JSON.stringify({ stream, batch, ids: events.map((event) => event.id), position: String(result.position) })}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
