import { type Decider, type DomainEvent, streamOf } from '@wijkteam/contracts';
import { type EventStore, type EventToAppend, SqliteEventStore, withCodec } from '@wijkteam/event-store';
import { definePersonalDataPolicy, KeyRing, MasterKey, PersonalDataCodec, SqliteSubjectKeyStore } from '@wijkteam/privacy';
import { collect } from '@wijkteam/testing';
import { v7 as uuidv7 } from 'uuid';
import { caseHistoryAt, caseStream } from './case-history';

// A small decider shaped like a case file: opened with the child's name (personal), directed, closed.
type FileEvent =
  | DomainEvent<'FileOpened', { fileId: string; clientId: string; child: { name: string; birthDate: string }; route: string }>
  | DomainEvent<'DirectorAssigned', { directorId: string }>
  | DomainEvent<'FileClosed', { reason: string }>;
interface FileState {
  status: 'none' | 'open' | 'closed';
  child?: unknown;
  directorId?: string;
  reason?: string;
}
const fileDecider: Decider<never, FileEvent, FileState> = {
  initialState: () => ({ status: 'none' }),
  decide: () => [],
  evolve: (state, event) => {
    switch (event.type) {
      case 'FileOpened':
        return { status: 'open', child: event.data.child };
      case 'DirectorAssigned':
        return { ...state, directorId: event.data.directorId };
      case 'FileClosed':
        return { ...state, status: 'closed', reason: event.data.reason };
    }
  },
};
// The tally of another stream of the same case, to see two streams merged in the store's order.
const noteDecider: Decider<never, DomainEvent<'NoteTaken', { topic: string }>, { topics: string[] }> = {
  initialState: () => ({ topics: [] }),
  decide: () => [],
  evolve: (state, event) => ({ topics: [...state.topics, event.data.topic] }),
};

const fileStream = streamOf('case-planning', 'testFile');
const noteStream = streamOf('case-planning', 'testNote');
const policy = definePersonalDataPolicy({ FileOpened: { subject: 'clientId', personal: ['child.name', 'child.birthDate'] } });
const CHILD = { name: 'Jan Test', birthDate: '2016-02-29' };
const coach = { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' };
const coordinator = { userId: 'coordinator-1', role: 'team-coordinator', organisation: 'wijkteam-noord' };

const event = (type: string, data: EventToAppend['data'], actor = coach, extra: Record<string, string> = {}): EventToAppend => ({
  id: uuidv7(),
  type,
  data,
  metadata: { occurredAt: '2026-03-01T09:00:00.000Z', actor, correlationId: 'corr-case-history', schemaVersion: 1, ...extra },
});

describe('caseHistoryAt: a case folded by its deciders up to a moment, with the events and who caused each', () => {
  let raw: SqliteEventStore;
  let keys: SqliteSubjectKeyStore;
  let store: EventStore;
  const fileId = '0193a5b2-7c1e-7000-8000-00000000f001';
  const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
  // The store's clock: each append recorded at the minute given.
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute));
  const appendAt = async (minute: number, stream: string, appended: EventToAppend) => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(at(minute).getTime());
    try {
      await store.appendToStream(stream, [appended]);
    } finally {
      now.mockRestore();
    }
  };
  const streams = [caseStream(fileStream(fileId), fileDecider), caseStream(noteStream(fileId), noteDecider)];

  beforeAll(async () => {
    raw = SqliteEventStore.open(':memory:');
    keys = SqliteSubjectKeyStore.open(':memory:', MasterKey.generate());
    store = withCodec(raw, new PersonalDataCodec(policy, new KeyRing(keys)));
    await appendAt(10, fileStream(fileId), event('FileOpened', { fileId, clientId, child: CHILD, route: 'jgz' }));
    await appendAt(15, noteStream(fileId), event('NoteTaken', { topic: 'school' }));
    await appendAt(20, fileStream(fileId), event('DirectorAssigned', { directorId: 'coach-noord-1' }));
    await appendAt(30, fileStream(fileId), event('DirectorAssigned', { directorId: 'coach-noord-2' }, coordinator, { onBehalfOf: 'coach-noord-1', purpose: 'case_direction' }));
    await appendAt(40, fileStream(fileId), event('FileClosed', { reason: 'goals_reached_closed' }));
  });

  afterAll(async () => {
    await raw.close();
    await keys.close();
  });

  const file = async (minute: number) => (await caseHistoryAt(raw, streams, at(minute))).streams[0];

  it('before the case existed: the initial states, no revision, no events', async () => {
    const history = await caseHistoryAt(raw, streams, at(5));
    expect(history).toEqual({
      asOf: at(5).toISOString(),
      streams: [
        { stream: fileStream(fileId), revision: null, state: { status: 'none' }, sealed: [] },
        { stream: noteStream(fileId), revision: null, state: { topics: [] }, sealed: [] },
      ],
      events: [],
    });
  });

  it('after the opening: open, the child sealed; an event recorded at the very moment belongs to it', async () => {
    expect(await file(10)).toEqual({ stream: fileStream(fileId), revision: '0', state: { status: 'open', child: { name: { $pii: true }, birthDate: { $pii: true } } }, sealed: ['child.name', 'child.birthDate'] });
    expect(await file(19)).toMatchObject({ revision: '0', state: { status: 'open' } });
  });

  it('after the director transfer: the second director, and who decided it on whose behalf', async () => {
    expect((await file(25)).state).toMatchObject({ status: 'open', directorId: 'coach-noord-1' });
    const history = await caseHistoryAt(raw, streams, at(35));
    expect(history.streams[0]).toMatchObject({ revision: '2', state: { status: 'open', directorId: 'coach-noord-2' } });
    expect(history.events.at(-1)).toMatchObject({
      type: 'DirectorAssigned',
      stream: fileStream(fileId),
      revision: '2',
      schemaVersion: 1,
      recordedAt: at(30).toISOString(),
      occurredAt: '2026-03-01T09:00:00.000Z',
      actor: coordinator,
      onBehalfOf: 'coach-noord-1',
      purpose: 'case_direction',
      correlationId: 'corr-case-history',
      causationId: null,
      data: { directorId: 'coach-noord-2' },
      sealed: [],
    });
  });

  it("after the closure: closed with its reason, and every event of both streams in the store's order", async () => {
    const history = await caseHistoryAt(raw, streams, at(45));
    expect(history.streams.map(({ revision, state }) => [revision, state])).toEqual([
      ['3', { status: 'closed', child: { name: { $pii: true }, birthDate: { $pii: true } }, directorId: 'coach-noord-2', reason: 'goals_reached_closed' }],
      ['0', { topics: ['school'] }],
    ]);
    expect(history.events.map(({ type, actor }) => `${type}:${actor.userId}`)).toEqual([
      'FileOpened:coach-noord-1',
      'NoteTaken:coach-noord-1',
      'DirectorAssigned:coach-noord-1',
      'DirectorAssigned:coordinator-1',
      'FileClosed:coach-noord-1',
    ]);
    const positions = history.events.map(({ position }) => BigInt(position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('never opens a personal field: the event says which paths are sealed, and no name or birth date is in the answer', async () => {
    const history = await caseHistoryAt(raw, streams, at(45));
    expect(history.events[0]).toMatchObject({ type: 'FileOpened', data: { fileId, clientId, route: 'jgz', child: { name: { $pii: true }, birthDate: { $pii: true } } }, sealed: ['child.name', 'child.birthDate'] });
    expect(JSON.stringify(history)).not.toMatch(/Jan Test|2016-02-29/);
    // The same store through its codec does hold them: they were sealed, not lost.
    const [opened] = await collect(store.readStream(fileStream(fileId)));
    expect(opened.data.child).toEqual(CHILD);
  });

  it('reads nothing of a stream the case does not have', async () => {
    const other = caseStream(fileStream('0193a5b2-7c1e-7000-8000-00000000f002'), fileDecider);
    expect((await caseHistoryAt(raw, [other], at(45))).streams).toEqual([{ stream: other.stream, revision: null, state: { status: 'none' }, sealed: [] }]);
  });
});
