import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';
import { killWorkers, startWorker } from './support/children';
import type { RecordedEvent } from '../src/types';
import { collect, expectWellFormedHistory, tempDir } from './support/fixtures';

const KILLS = Number(process.env.CRASH_TEST_KILLS ?? 25);

interface Acknowledged {
  stream: string;
  batch: string;
  ids: string[];
  position: string;
}

describe('SQLite: a writer killed at random moments (SIGKILL)', () => {
  const temp = tempDir('event-store-crash');
  afterAll(() => {
    killWorkers();
    temp.remove();
  });

  it(`loses no acknowledged append and leaves no batch half written (${KILLS} kills)`, async () => {
    const file = join(temp.dir, 'events.sqlite');
    const acknowledged: Acknowledged[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const worker = startWorker('crash-worker', [file]);
      await worker.waitForLine((line) => line === 'ready');
      await sleep(20 + Math.random() * 150);
      worker.process.kill('SIGKILL');
      expect(await worker.exited).toBeNull();
      acknowledged.push(...worker.lines.slice(1).map((line) => JSON.parse(line) as Acknowledged));

      // Reopening runs SQLite's recovery of the write-ahead log, as a restarted service would.
      const store = SqliteEventStore.open(file);
      try {
        expect(problems(await collect(store.readAll()), acknowledged)).toEqual([]);
      } finally {
        await store.close();
      }
    }
    // The test is only worth something if the writer got to acknowledge appends before dying.
    expect(acknowledged.length).toBeGreaterThan(KILLS);
  }, 120_000);
});

/** Everything wrong with the history after a kill (plain checks: thousands of events per round). */
function problems(all: RecordedEvent[], acknowledged: Acknowledged[]): string[] {
  const found: string[] = [];
  try {
    expectWellFormedHistory(all);
  } catch (error) {
    found.push((error as Error).message);
  }
  const byId = new Map(all.map((event) => [event.id, event]));
  for (const ack of acknowledged) {
    const stored = ack.ids.map((id) => byId.get(id));
    if (stored.some((event) => event?.streamName !== ack.stream)) found.push(`acknowledged batch ${ack.batch} is missing`);
    else if (stored.at(-1)?.position !== BigInt(ack.position)) found.push(`acknowledged batch ${ack.batch} moved`);
  }
  // Every batch, acknowledged or cut off by the kill, is there whole (consecutive positions) or not at all.
  const open = new Map<string, { next: number; position: bigint }>();
  for (const event of all) {
    const { batch, index, size } = event.data as { batch: string; index: number; size: number };
    const previous = open.get(batch);
    if (index !== (previous?.next ?? 0) || (previous && event.position !== previous.position + 1n)) found.push(`batch ${batch} torn`);
    if (index === size - 1) open.delete(batch);
    else open.set(batch, { next: index + 1, position: event.position });
  }
  for (const batch of open.keys()) found.push(`batch ${batch} only partly stored`);
  return found;
}
