import { join } from 'node:path';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';
import { killWorkers, startWorker } from './support/children';
import { anEvent, tempDir } from './support/fixtures';

// ~60 MB of event data replayed by a process whose heap is capped far below that: it only gets
// through if readAll and subscriptions page through the file (the 1M-event benchmark relies on it).
const EVENTS = 15_000;
const HEAP_MB = 32;

describe('SQLite: replay with a heap smaller than the history', () => {
  const temp = tempDir('event-store-memory');
  afterAll(() => {
    killWorkers();
    temp.remove();
  });

  it(`reads and subscribes to ${EVENTS} events of 4 KB with a ${HEAP_MB} MB heap`, async () => {
    const file = join(temp.dir, 'events.sqlite');
    const store = SqliteEventStore.open(file, { synchronous: 'OFF' });
    const text = 'wijkteam '.repeat(450);
    for (let batch = 0; batch < EVENTS / 100; batch++) {
      await store.appendToStream(`replay-s${batch % 7}`, Array.from({ length: 100 }, () => anEvent({ text })));
    }
    await store.close();

    const worker = startWorker('replay-worker', [file, String(EVENTS)], [`--max-old-space-size=${HEAP_MB}`]);
    const code = await worker.exited;
    expect({ code, stderr: worker.stderr().slice(0, 500) }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(worker.lines[0])).toEqual({ read: EVENTS, subscribed: EVENTS });
  }, 60_000);
});
