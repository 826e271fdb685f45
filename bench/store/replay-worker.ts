/**
 * One replay in a fresh process, so that its peak RSS is the replay's and nothing else's:
 *   node replay-worker.js <raw|port> <file>
 * Prints one JSON line: events, elapsed ms, RSS before the replay started (modules loaded, store
 * open) and the process's peak RSS (getrusage maxrss), and the fold's checksum.
 */
import { SqliteEventStore } from '@wijkteam/event-store';
import { currentRssMb, peakRssMb } from '../lib/harness';
import { Fold } from './fixtures';
import { rawReplay } from './raw-sqlite';

export interface ReplayOutcome {
  events: number;
  ms: number;
  startRssMb: number;
  peakRssMb: number;
  checksum: string;
}

async function main(): Promise<void> {
  const [kind, file] = process.argv.slice(2);
  if ((kind !== 'raw' && kind !== 'port') || !file) throw new Error('usage: replay-worker <raw|port> <file>');
  const fold = new Fold();
  const store = kind === 'port' ? SqliteEventStore.open(file, { synchronous: 'FULL' }) : undefined;
  const startRssMb = currentRssMb();
  const started = performance.now();
  if (store) {
    for await (const event of store.readAll()) fold.add(event.type, event.data);
  } else {
    rawReplay(file, fold);
  }
  const ms = performance.now() - started;
  await store?.close();
  const outcome: ReplayOutcome = { events: fold.events, ms, startRssMb, peakRssMb: peakRssMb(), checksum: fold.checksum() };
  console.log(JSON.stringify(outcome));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
