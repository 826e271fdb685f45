import {
  ANY,
  DeadlineExceededError,
  END,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  UnavailableError,
  WrongExpectedVersionError,
  type Position,
  type RegexFilter,
  type PrefixesFilter,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { DuplicateEventId, EventStoreUnavailable, InvalidEvent, WrongExpectedVersion } from '../src/errors';
import { mapAppendError, mapEsdbError } from '../src/eventstoredb/esdb-errors';
import { toEsdbFilter, toRecordedEvent } from '../src/eventstoredb/esdb-events';
import {
  comparePositions,
  decodePosition,
  encodePosition,
  normaliseConnectionString,
  readAllStart,
  subscribeStart,
  toEsdbExpectedRevision,
} from '../src/eventstoredb/esdb-positions';

describe('EventStoreDB expectedRevision mapping', () => {
  it.each([
    [undefined, ANY],
    ['any', ANY],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    [0n, 0n],
    [41n, 41n],
  ] as const)('%p -> %p', (ours, theirs) => {
    expect(toEsdbExpectedRevision(ours)).toBe(theirs);
  });

  it('refuses a negative revision before any network call, as the SQLite adapter does', () => {
    expect(() => toEsdbExpectedRevision(-1n)).toThrow(RangeError);
  });
});

describe('EventStoreDB positions', () => {
  const implicit = (offset: bigint): Position => ({ commit: offset, prepare: offset });

  it('round-trips a position through the port bigint', () => {
    for (const offset of [0n, 1n, 1234567n, 2n ** 62n]) {
      expect(decodePosition(encodePosition(implicit(offset)))).toEqual(implicit(offset));
    }
  });

  it('keeps $all order: sorting by the bigint equals sorting by {commit, prepare}', () => {
    const positions = [9_000n, 128n, 77_000_123n, 4_096n, 0n].map(implicit);
    const byServer = [...positions].sort(comparePositions).map(encodePosition);
    const byPort = positions.map(encodePosition).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(byPort).toEqual(byServer);
    expect(new Set(byPort).size).toBe(positions.length);
  });

  it('refuses positions it cannot represent instead of handing out a shared one', () => {
    expect(() => encodePosition({ commit: 500n, prepare: 300n })).toThrow(/explicit transaction/);
    expect(() => encodePosition(undefined)).toThrow(/22\.6/);
    // Servers before 22.6 send ulong -1 on stream reads.
    expect(() => encodePosition(implicit(2n ** 64n - 1n))).toThrow(/22\.6/);
    expect(() => decodePosition(-1n)).toThrow(RangeError);
  });

  it('orders positions lexicographically, commit first', () => {
    expect(comparePositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 0n })).toBe(-1);
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 0n })).toBe(1);
    expect(comparePositions(implicit(5n), implicit(5n))).toBe(0);
  });

  it('starts readAll AT an exclusive checkpoint (ESDB reads are inclusive) and subscriptions after it', () => {
    expect(readAllStart(undefined)).toBe(START);
    expect(readAllStart('start')).toBe(START);
    expect(readAllStart(4096n)).toEqual(implicit(4096n));
    expect(subscribeStart('end')).toBe(END);
    expect(subscribeStart(4096n)).toEqual(implicit(4096n));
    expect(() => readAllStart(-5n)).toThrow("fromPosition must be 'start', 'end' or a bigint >= 0");
  });
});

describe('EventStoreDB error mapping', () => {
  it('maps WrongExpectedVersionError to WrongExpectedVersion without the stream name', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'case-secret', expected: 3n, current: 5n });
    const mapped = mapEsdbError(error, 3n);
    expect(mapped).toBeInstanceOf(WrongExpectedVersion);
    expect(mapped).toMatchObject({ expected: 3n, actual: 5n });
    expect((mapped as Error).message).not.toContain('secret');
  });

  it("reports a missing stream as 'no_stream' and falls back to the server's expected value", () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 's', expected: STREAM_EXISTS, current: NO_STREAM });
    expect(mapEsdbError(error)).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
  });

  it('maps unavailable and deadline errors, typed or raw gRPC, to EventStoreUnavailable', () => {
    for (const error of [new UnavailableError(), new DeadlineExceededError(), Object.assign(new Error('14 UNAVAILABLE'), { code: 14 })]) {
      const mapped = mapEsdbError(error);
      expect(mapped).toBeInstanceOf(EventStoreUnavailable);
      expect((mapped as Error).cause).toBe(error);
    }
  });

  it('drops messages that could carry a stream name', () => {
    const mapped = mapEsdbError(StreamDeletedError.fromStreamName('consent-bsn-leak'));
    expect(mapped).toBeInstanceOf(EventStoreUnavailable);
    expect((mapped as Error).message).not.toContain('consent');
    expect((mapped as Error).cause).toBeUndefined();
  });

  it("reads a conflict under 'any' as a partly repeated batch (DuplicateEventId), otherwise as a conflict", () => {
    const conflict = (current: bigint | 'no_stream') => new WrongExpectedVersionError(undefined, { streamName: 's', expected: ANY, current });
    expect(mapAppendError(conflict(4n), 'any', 'first-id')).toEqual(new DuplicateEventId('first-id'));
    expect(mapAppendError(conflict(4n), 'stream_exists', 'first-id')).toBeInstanceOf(DuplicateEventId);
    expect(mapAppendError(conflict('no_stream'), 'stream_exists', 'first-id')).toBeInstanceOf(WrongExpectedVersion);
    expect(mapAppendError(conflict(4n), 2n, 'first-id')).toMatchObject({ code: 'wrong_expected_version', expected: 2n, actual: 4n });
    expect(mapAppendError(new UnavailableError(), 'any', 'first-id')).toBeInstanceOf(EventStoreUnavailable);
  });

  it('maps the server append size limit to InvalidEvent and passes foreign errors through', () => {
    expect(mapEsdbError(MaxAppendSizeExceededError.fromMaxAppendSize(1024))).toBeInstanceOf(InvalidEvent);
    const bug = new TypeError('not ours');
    expect(mapEsdbError(bug)).toBe(bug);
  });
});

describe('EventStoreDB filter mapping', () => {
  it('excludes system events when there is no filter', () => {
    const filter = toEsdbFilter(undefined) as RegexFilter;
    expect(filter).toMatchObject({ filterOn: 'eventType' });
    expect(new RegExp(filter.regex).test('$statsCollected')).toBe(false);
    expect(new RegExp(filter.regex).test('ConsentGranted')).toBe(true);
  });

  it('filters stream prefixes on the server, also when event types are given too', () => {
    expect(toEsdbFilter({ streamPrefixes: ['consent-'] })).toMatchObject({ filterOn: 'streamName', prefixes: ['consent-'] });
    expect(toEsdbFilter({ streamPrefixes: ['consent-'], eventTypes: ['ConsentGranted'] })).toMatchObject({ filterOn: 'streamName' });
  });

  it('matches event types exactly, not by prefix, with regex characters escaped', () => {
    const filter = toEsdbFilter({ eventTypes: ['CaseOpened', 'ConsentGranted.v2'] }) as RegexFilter;
    const regex = new RegExp(filter.regex);
    expect(filter.filterOn).toBe('eventType');
    expect(['CaseOpened', 'ConsentGranted.v2'].every((t) => regex.test(t))).toBe(true);
    expect(['CaseOpenedV2', 'ConsentGrantedXv2', 'XCaseOpened'].some((t) => regex.test(t))).toBe(false);
  });

  it('sends no empty prefix list to the server (the client-side filter then drops everything)', () => {
    expect((toEsdbFilter({ streamPrefixes: [] }) as PrefixesFilter).prefixes).toBeUndefined();
  });
});

describe('EventStoreDB event decoding', () => {
  const resolved = (overrides: Record<string, unknown> = {}): ResolvedEvent =>
    ({
      event: {
        streamId: 'consent-0193a5b2',
        id: '0193A5B2-7C1E-7000-8000-00000000000A',
        isJson: true,
        revision: 2n,
        type: 'ConsentGranted',
        created: new Date('2026-11-23T10:00:00.000Z'),
        data: { purpose: 'care' },
        metadata: { schemaVersion: 1 },
        position: { commit: 4096n, prepare: 4096n },
        ...overrides,
      },
    }) as unknown as ResolvedEvent;

  it('decodes into the port shape with a lower-case id and recordedAt from created', () => {
    expect(toRecordedEvent(resolved())).toEqual({
      id: '0193a5b2-7c1e-7000-8000-00000000000a',
      type: 'ConsentGranted',
      data: { purpose: 'care' },
      metadata: { schemaVersion: 1 },
      streamName: 'consent-0193a5b2',
      revision: 2n,
      position: 4096n,
      recordedAt: new Date('2026-11-23T10:00:00.000Z'),
    });
  });

  it('skips system records and refuses non-JSON events without echoing their payload', () => {
    expect(toRecordedEvent(resolved({ type: '$statsCollected' }))).toBeUndefined();
    expect(toRecordedEvent(resolved({ streamId: '$settings' }))).toBeUndefined();
    expect(() => toRecordedEvent(resolved({ isJson: false, data: new Uint8Array([1]) }))).toThrow(/not a JSON event/);
    expect(() => toRecordedEvent(resolved({ data: 'secret text' }))).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret') }));
  });
});

describe('EventStoreDB connection strings', () => {
  it('accepts the kurrentdb:// scheme the 6.x client does not parse', () => {
    expect(normaliseConnectionString('kurrentdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
    expect(normaliseConnectionString('kurrentdb+discover://a,b')).toBe('esdb+discover://a,b');
    expect(normaliseConnectionString('esdb://host:2113')).toBe('esdb://host:2113');
  });
});
