// Replays a whole file under a small heap limit (sqlite-event-store.spec.ts runs it with
// --max-old-space-size): it only finishes if reads page through the file instead of loading it.
// Usage: replay-worker.ts <file> <expected events>. Prints the counts it read.
import { SqliteEventStore } from '../../src/sqlite/sqlite-event-store';

async function main(): Promise<void> {
  const [file, expected] = process.argv.slice(2);
  const store = SqliteEventStore.open(file);
  let read = 0;
  let last = 0n;
  for await (const event of store.readAll()) {
    if (event.position <= last) throw new Error('positions out of order');
    last = event.position;
    read += 1;
  }
  let subscribed = 0;
  const subscription = store.subscribeToAll({ fromPosition: 'start' });
  for await (const _event of subscription) {
    if (++subscribed === Number(expected)) await subscription.close();
  }
  await store.close();
  console.log(JSON.stringify({ read, subscribed }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
