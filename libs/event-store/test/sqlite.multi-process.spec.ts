import { join } from 'node:path';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';
import type { RecordedEvent } from '../src/types';
import { killWorkers, startWorker } from './support/children';
import { anEvent, collect, expectWellFormedHistory, tempDir, within } from './support/fixtures';

const WORKERS = ['workera', 'workerb', 'workerc', 'workerd'];
const EVENTS_PER_WORKER = 200;

/** A worker's stdout after `ready`: one line per acknowledged batch, then `{ done, conflicts }`. */
interface Acknowledged {
  stream?: string;
  ids?: string[];
  conflicts?: number;
}

describe('SQLite: several processes writing one file', () => {
  const temp = tempDir('event-store-multi');
  afterAll(() => {
    killWorkers();
    temp.remove();
  });

  it('keeps every append, contiguous revisions and strictly increasing positions, seen once by a live subscriber', async () => {
    const file = join(temp.dir, 'events.sqlite');
    const workers = WORKERS.map((name) => startWorker('append-worker', [file, name, String(EVENTS_PER_WORKER)]));
    await Promise.all(workers.map((worker) => worker.waitForLine((line) => line === 'ready')));
    // The workers and this process all open the fresh file at once: creating the schema races too.
    for (const worker of workers) worker.send('go');
    const store = SqliteEventStore.open(file, { pollIntervalMs: 20 });
    const total = WORKERS.length * EVENTS_PER_WORKER;
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ fromPosition: 'start' });
    const iterator = subscription[Symbol.asyncIterator]();
    const watching = (async () => {
      while (seen.length < total) seen.push((await iterator.next()).value);
    })();
    try {
      const codes = await Promise.all(workers.map((worker) => worker.exited));
      const stderr = workers.map((worker) => worker.stderr());
      expect({ codes, stderr }).toEqual({ codes: WORKERS.map(() => 0), stderr: WORKERS.map(() => '') });
      await within(watching, 10_000, 'the subscriber seeing every event');
      // One more event from here: anything the subscriber yields before it is a repeat.
      await store.appendToStream('load-sentinel', [anEvent()]);
      expect((await iterator.next()).value.streamName).toBe('load-sentinel');
      await subscription.close();

      const all = await collect(store.readAll());
      expect(all).toHaveLength(total + 1);
      const streams = expectWellFormedHistory(all);
      expect(seen).toEqual(all.slice(0, total));
      expect(streams.get('load-shared')).toHaveLength(total / 2);
      let conflicts = 0;
      for (const [index, name] of WORKERS.entries()) {
        const acknowledged = workers[index].lines.slice(1).map((line) => JSON.parse(line) as Acknowledged);
        const own = acknowledged.filter((ack) => ack.stream === `load-${name}`).flatMap((ack) => ack.ids ?? []);
        expect(streams.get(`load-${name}`)?.map((event) => event.id)).toEqual(own);
        const shared = acknowledged.filter((ack) => ack.stream === 'load-shared').flatMap((ack) => ack.ids ?? []);
        const sharedIds = streams.get('load-shared')?.map((event) => event.id) ?? [];
        // A worker's own shared batches keep their order, and each batch is contiguous.
        expect(sharedIds.filter((id) => shared.includes(id))).toEqual(shared);
        for (let batch = 0; batch < shared.length; batch += 2) {
          expect(sharedIds.indexOf(shared[batch + 1]) - sharedIds.indexOf(shared[batch])).toBe(1);
        }
        conflicts += acknowledged.at(-1)?.conflicts ?? 0;
      }
      // Proof that the workers really overlapped, not ran one after the other.
      expect(conflicts).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 60_000);
});
