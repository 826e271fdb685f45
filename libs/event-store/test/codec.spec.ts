import { type EventCodec, type EventStore, type EventToAppend, type RecordedEvent, SqliteEventStore, withCodec } from '../src';

const recorded = (n: number): RecordedEvent => ({
  id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  type: 'Counted',
  data: { n },
  metadata: { occurredAt: '2026-11-23T09:00:00.000Z', actor: { userId: 'u', role: 'r', organisation: 'o' }, correlationId: 'c', schemaVersion: 1 },
  streamName: 'count-1',
  revision: BigInt(n),
  position: BigInt(n + 1),
  recordedAt: new Date(0),
});

/** A store whose readAll yields `events` (or fails at `failAt`), recording whether it was closed early. */
function fakeStore(events: RecordedEvent[], failAt?: number): { store: EventStore; log: string[] } {
  const log: string[] = [];
  const store = {
    readAll: () => ({
      [Symbol.asyncIterator]: () => {
        let index = 0;
        return {
          next: async () => {
            if (index === failAt) throw new Error('store failed');
            return index < events.length ? { value: events[index++], done: false as const } : { value: undefined, done: true as const };
          },
          return: async () => {
            log.push('source closed');
            return { value: undefined, done: true as const };
          },
        };
      },
    }),
  } as unknown as EventStore;
  return { store, log };
}

const tagging = (decode: (event: RecordedEvent) => RecordedEvent | Promise<RecordedEvent>): EventCodec => ({ encode: (_s, event) => event, decode });
const tagged = (event: RecordedEvent): RecordedEvent => ({ ...event, data: { ...event.data, decoded: true } });

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('withCodec', () => {
  it('decodes every event in order, whether decode answers at once or later', async () => {
    const { store } = fakeStore([0, 1, 2, 3].map(recorded));
    const codec = tagging((event) => (Number(event.data.n) % 2 === 0 ? tagged(event) : new Promise((resolve) => setTimeout(() => resolve(tagged(event)), 5))));
    const events = await collect(withCodec(store, codec).readAll());
    expect(events.map((event) => event.data)).toEqual([0, 1, 2, 3].map((n) => ({ n, decoded: true })));
  });

  it('keeps each result with its event for callers that do not await each next()', async () => {
    const { store } = fakeStore([0, 1, 2].map(recorded));
    const codec = tagging((event) => (event.data.n === 0 ? new Promise((resolve) => setTimeout(() => resolve(tagged(event)), 10)) : tagged(event)));
    const iterator = withCodec(store, codec).readAll()[Symbol.asyncIterator]();
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(results.map((result) => (result.done ? 'done' : result.value.data.n))).toEqual([0, 1, 2, 'done']);
  });

  it('closes the source when the reader stops early', async () => {
    const { store, log } = fakeStore([0, 1, 2].map(recorded));
    for await (const event of withCodec(store, tagging(tagged)).readAll()) if (event.data.n === 1) break;
    expect(log).toEqual(['source closed']);
  });

  it.each([
    ['throws', () => { throw new Error('cannot decode'); }],
    ['rejects', () => Promise.reject(new Error('cannot decode'))],
  ] as const)('when decode %s: rejects with its error, closes the source, and is done after', async (_how, failing) => {
    const { store, log } = fakeStore([0, 1, 2].map(recorded));
    const codec = tagging((event) => (event.data.n === 1 ? failing() : tagged(event)));
    const iterator = withCodec(store, codec).readAll()[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.data).toEqual({ n: 0, decoded: true });
    await expect(iterator.next()).rejects.toThrow('cannot decode');
    expect(log).toEqual(['source closed']);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('passes a failure of the store through, without closing what already failed', async () => {
    const { store, log } = fakeStore([0, 1, 2].map(recorded), 1);
    await expect(collect(withCodec(store, tagging(tagged)).readAll())).rejects.toThrow('store failed');
    expect(log).toEqual([]);
  });

  it('appends what encode returns, synchronous or not, and nothing when an encode fails', async () => {
    const raw = SqliteEventStore.open(':memory:');
    const event = (n: number): EventToAppend => ({ ...recorded(n), id: `00000000-0000-7000-8000-${String(n + 100).padStart(12, '0')}` });
    const encode = (_stream: string, e: EventToAppend) => {
      if (e.data.n === 9) throw new Error('cannot encode');
      const encoded = { ...e, data: { ...e.data, encoded: true } };
      return Number(e.data.n) % 2 === 0 ? encoded : Promise.resolve(encoded);
    };
    const store = withCodec(raw, { encode, decode: (e) => e });
    await store.appendToStream('count-1', [event(0), event(2)]);
    await store.appendToStream('count-1', [event(3), event(4)]);
    await expect(store.appendToStream('count-1', [event(6), event(9)])).rejects.toThrow('cannot encode');
    const stored = await collect(raw.readAll());
    expect(stored.map((e) => e.data)).toEqual([0, 2, 3, 4].map((n) => ({ n, encoded: true })));
    await raw.close();
  });
});
