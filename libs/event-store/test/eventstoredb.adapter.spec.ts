import { PassThrough, Readable } from 'node:stream';
import {
  StreamNotFoundError,
  WrongExpectedVersionError,
  type EventStoreDBClient,
  type ReadAllOptions,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { EventStoreUnavailable, InvalidStreamName, WrongExpectedVersion } from '../src/errors';
import { EventStoreDbEventStore } from '../src/eventstoredb/esdb-event-store';
import type { EventToAppend, RecordedEvent } from '../src/types';

/**
 * The adapter's own logic against a scripted client: exclusive checkpoints over ESDB's inclusive
 * reads, paging, system records, error mapping, and subscription shutdown. What the server does is
 * covered by the contract suite when a server is available.
 */
const record = (offset: number, type = 'CaseOpened', streamId = `case-${offset}`): ResolvedEvent =>
  ({
    event: {
      streamId,
      id: `0193a5b2-7c1e-7000-8000-${String(offset).padStart(12, '0')}`,
      isJson: true,
      revision: 0n,
      type,
      created: new Date(0),
      data: { n: offset },
      metadata: { schemaVersion: 1 },
      position: { commit: BigInt(offset), prepare: BigInt(offset) },
    },
  }) as unknown as ResolvedEvent;

/** $all with records at these offsets; readAll honours fromPosition (inclusive) and maxCount. */
function fakeClient(offsets: number[], overrides: Partial<Record<keyof EventStoreDBClient, unknown>> = {}) {
  const log = offsets.map((offset, index) => record(offset, index % 4 === 3 ? '$statsCollected' : 'CaseOpened'));
  const calls: ReadAllOptions[] = [];
  const cancelled: ReadAllOptions[] = [];
  const client = {
    readAll(options: ReadAllOptions) {
      calls.push(options);
      const from = options.fromPosition;
      const start = from === 'start' || from === undefined ? 0n : typeof from === 'object' ? from.commit : Infinity;
      const at = (r: ResolvedEvent) => BigInt(r.event?.position?.commit ?? -1n);
      const page =
        options.direction === 'backwards'
          ? [...log].reverse().filter((r) => from === 'end' || at(r) < start).slice(0, Number(options.maxCount))
          : log.filter((r) => at(r) >= start).slice(0, Number(options.maxCount));
      return Object.assign(Readable.from(page), { cancel: async () => void cancelled.push(options) });
    },
    dispose: async () => undefined,
    ...overrides,
  };
  return { store: new EventStoreDbEventStore(client as unknown as EventStoreDBClient), calls, cancelled };
}

async function collect(source: AsyncIterable<RecordedEvent>): Promise<bigint[]> {
  const positions: bigint[] = [];
  for await (const event of source) positions.push(event.position);
  return positions;
}

const event: EventToAppend = {
  id: '0193a5b2-7c1e-7000-8000-000000000001',
  type: 'CaseOpened',
  data: {},
  metadata: { occurredAt: '2026-11-23T10:00:00.000Z', actor: { userId: 'u', role: 'coach', organisation: 'o' }, correlationId: 'c', schemaVersion: 1 },
};

describe('EventStoreDbEventStore readAll', () => {
  const offsets = Array.from({ length: 1200 }, (_, i) => (i + 1) * 10);
  const userOffsets = offsets.filter((_, index) => index % 4 !== 3).map(BigInt);

  it('reads every non-system event once, in order, across pages', async () => {
    const { store, calls } = fakeClient(offsets);
    expect(await collect(store.readAll())).toEqual(userOffsets);
    expect(calls.length).toBe(3);
  });

  it('treats fromPosition as exclusive although ESDB starts AT it', async () => {
    const { store, cancelled } = fakeClient(offsets);
    expect(await collect(store.readAll({ fromPosition: 20n, maxCount: 3 }))).toEqual([30n, 50n, 60n]);
    // Stopping at maxCount must cancel the server read, not just drop the stream.
    expect(cancelled).toHaveLength(1);
    expect(await collect(store.readAll({ fromPosition: 12000n }))).toEqual([]);
  });

  it('applies the filter client-side and counts maxCount after filtering', async () => {
    const { store } = fakeClient(offsets);
    const events = await collect(store.readAll({ filter: { streamPrefixes: ['case-1'] }, maxCount: 4 }));
    expect(events).toEqual([10n, 100n, 110n, 130n]);
  });
});

describe('EventStoreDbEventStore headPosition', () => {
  it('is the newest non-system event, so lag can reach zero while $stats keeps writing', async () => {
    expect(await fakeClient([10, 20, 30, 40]).store.headPosition()).toBe(30n);
    expect(await fakeClient([]).store.headPosition()).toBe(0n);
  });
});

describe('EventStoreDbEventStore appends and stream reads', () => {
  it('returns the reported position and maps a conflict with what the caller expected', async () => {
    const appendToStream = jest
      .fn()
      .mockResolvedValueOnce({ success: true, nextExpectedRevision: 0n, position: { commit: 777n, prepare: 777n } })
      .mockRejectedValueOnce(new WrongExpectedVersionError(undefined, { streamName: 'case-1', expected: 'no_stream', current: 0n }));
    const { store } = fakeClient([], { appendToStream });
    await expect(store.appendToStream('case-1', [event], { expectedRevision: 'no_stream' })).resolves.toEqual({
      nextExpectedRevision: 0n,
      position: 777n,
    });
    const conflict = store.appendToStream('case-1', [event], { expectedRevision: 'no_stream' });
    await expect(conflict).rejects.toBeInstanceOf(WrongExpectedVersion);
    await expect(conflict).rejects.toMatchObject({ expected: 'no_stream', actual: 0n });
    expect(appendToStream).toHaveBeenCalledWith('case-1', [expect.objectContaining({ id: event.id, contentType: 'application/json' })], {
      expectedRevision: 'no_stream',
    });
  });

  it('validates before touching the network', async () => {
    const appendToStream = jest.fn();
    const { store } = fakeClient([], { appendToStream });
    await expect(store.appendToStream('no dash', [event])).rejects.toBeInstanceOf(InvalidStreamName);
    expect(appendToStream).not.toHaveBeenCalled();
  });

  it('yields nothing for a stream that does not exist', async () => {
    const readStream = () => {
      const stream = Object.assign(new PassThrough({ objectMode: true }), { cancel: async () => undefined });
      setImmediate(() => stream.destroy(new StreamNotFoundError(undefined, 'case-404')));
      return stream;
    };
    const { store } = fakeClient([], { readStream });
    expect(await collect(store.readStream('case-404'))).toEqual([]);
  });
});

describe('EventStoreDbEventStore subscriptions', () => {
  function liveClient() {
    const source = Object.assign(new PassThrough({ objectMode: true }), { unsubscribe: jest.fn(async () => undefined) });
    const subscribeToAll = jest.fn(() => source);
    return { source, ...fakeClient([], { subscribeToAll }), subscribeToAll };
  }

  it('skips the checkpoint and anything before it, then yields live events until closed', async () => {
    const { store, source, subscribeToAll } = liveClient();
    const subscription = store.subscribeToAll({ fromPosition: 20n });
    expect(subscribeToAll).toHaveBeenCalledWith(expect.objectContaining({ fromPosition: { commit: 20n, prepare: 20n } }));
    [10, 20, 30, 40].forEach((offset) => source.write(record(offset)));
    const seen: bigint[] = [];
    for await (const received of subscription) {
      seen.push(received.position);
      if (seen.length === 2) setImmediate(() => void subscription.close());
    }
    expect(seen).toEqual([30n, 40n]);
    expect(source.unsubscribe).toHaveBeenCalled();
  });

  it('ends on abort, and never connects when the signal is already aborted', async () => {
    const { store, source, subscribeToAll } = liveClient();
    const controller = new AbortController();
    const subscription = store.subscribeToAll({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await collect(subscription)).toEqual([]);
    expect(source.destroyed).toBe(true);
    store.subscribeToAll({ signal: AbortSignal.abort() });
    expect(subscribeToAll).toHaveBeenCalledTimes(1);
  });
});

describe('EventStoreDbEventStore close', () => {
  it('ends open subscriptions and refuses calls afterwards instead of reconnecting', async () => {
    const source = Object.assign(new PassThrough({ objectMode: true }), { unsubscribe: jest.fn(async () => undefined) });
    const dispose = jest.fn(async () => undefined);
    const { store } = fakeClient([], { subscribeToAll: () => source, dispose });
    const pending = store.subscribeToAll()[Symbol.asyncIterator]().next();
    await store.close();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(dispose).toHaveBeenCalledTimes(1);
    await expect(store.appendToStream('case-1', [event])).rejects.toMatchObject({ code: 'event_store_unavailable' });
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(collect(store.readAll())).rejects.toBeInstanceOf(EventStoreUnavailable);
  });
});

describe('EventStoreDbEventStore without a server', () => {
  // Nothing listens on port 1: every call must fail fast as EventStoreUnavailable, naming no stream.
  const store = EventStoreDbEventStore.connect('esdb://127.0.0.1:1?tls=false');
  afterAll(() => store.close());

  it('reports the store unavailable for ping, appends, reads and subscriptions', async () => {
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailable);
    const append = store.appendToStream('consent-0193a5b2', [event]);
    await expect(append).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(append).rejects.toMatchObject({ message: expect.not.stringContaining('consent') });
    await expect(collect(store.readStream('consent-0193a5b2'))).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailable);
    const subscription = store.subscribeToAll();
    await expect(collect(subscription)).rejects.toBeInstanceOf(EventStoreUnavailable);
  });

  it('refuses a malformed connection string without echoing it (it may hold a password)', () => {
    expect(() => EventStoreDbEventStore.connect('esdb://admin:s3cret@')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') }));
  });
});
