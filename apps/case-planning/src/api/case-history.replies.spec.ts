import { Clock, UuidV7Generator } from '@wijkteam/contracts';
import { SqliteEventStore } from '@wijkteam/event-store';
import { caseHistoryAt, type CommandContext, CommandRunner } from '@wijkteam/runtime';
import { CASE_FILE_PARTS } from '../application/timeline';
import { type CaseFileCommand, caseFileDecider, caseFileStream } from '../domain/case-file';
import { DEFAULT_ZRM_REFERENCE } from '../domain/zrm';
import { caseFileStreams } from './case-history.replies';

const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const referralId = '0193a5b2-7c1e-7000-8000-00000000a001';
const coach: CommandContext = { actor: { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' }, correlationId: 'corr-coach-0001' };
const coordinator: CommandContext = { actor: { userId: 'coordinator-1', role: 'team-coordinator', organisation: 'wijkteam-noord' }, correlationId: 'corr-coord-0001', onBehalfOf: 'coach-noord-1' };
const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}T09:00:00.000Z`;

const commands: [number, CommandContext, CaseFileCommand][] = [
  [2, { ...coach, actor: { userId: 'system', role: 'system', organisation: 'wijkteam' } }, {
    type: 'OpenCaseFile',
    data: { caseFileId, clientId, referralId, teamId: 'wijkteam-noord', route: 'jgz', childIds: [clientId], familyMemberIds: [], referredAt: day(1), openedAt: day(2) },
  }],
  [3, coach, { type: 'AssignCaseDirector', data: { directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference', assignedAt: day(3), membership: 'jeugdteam' } }],
  [5, coordinator, {
    type: 'TransferCaseDirection',
    data: {
      toDirectorId: 'coach-noord-2', toDirectorKind: 'coach', reason: 'expertise', decision: 'coordinator_decision', decidedBy: 'coordinator-1', decidedByRole: 'team-coordinator',
      onBehalfOf: 'coach-noord-1', consentDecisionId: null, membership: 'jeugdteam', transferredAt: day(5),
    },
  }],
  [9, coach, { type: 'CloseCaseFile', data: { reason: 'goals_reached_closed', informed: ['jgz', 'huisarts'], networkParties: [], waakvlam: null, closedAt: day(9) } }],
];

/**
 * Case planning's part of a case at a moment, by the real case-file decider: the decisions appended
 * through the command runner on the days given (the store's clock set to each), then replayed to
 * moments before, between and after them.
 */
describe("case planning's case file at a moment (caseHistoryAt with the case-file decider)", () => {
  let store: SqliteEventStore;
  const moment = (d: number, hour = 12) => new Date(`2026-03-${String(d).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`);
  const caseFileAt = async (d: number) => (await caseHistoryAt(store, caseFileStreams(caseFileId, DEFAULT_ZRM_REFERENCE), moment(d))).streams[0];

  beforeAll(async () => {
    store = SqliteEventStore.open(':memory:');
    for (const [d, context, command] of commands) {
      const clock: Clock = { now: () => new Date(day(d)) };
      const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse(day(d)));
      try {
        await new CommandRunner(store, clock, new UuidV7Generator()).run(caseFileDecider, caseFileStream(caseFileId), command, context);
      } finally {
        now.mockRestore();
      }
    }
  });

  afterAll(() => store.close());

  it('folds every stream of the case file, the ones the timeline shows', () => {
    expect(caseFileStreams(caseFileId, DEFAULT_ZRM_REFERENCE).map(({ stream }) => stream)).toEqual(CASE_FILE_PARTS.map((part) => part(caseFileId)));
  });

  it('before the case existed: no case file, nothing recorded in any of its streams', async () => {
    const history = await caseHistoryAt(store, caseFileStreams(caseFileId, DEFAULT_ZRM_REFERENCE), moment(1));
    expect(history.streams[0]).toEqual({ stream: caseFileStream(caseFileId), revision: null, state: caseFileDecider.initialState(), sealed: [] });
    expect(history.streams.every(({ revision }) => revision === null)).toBe(true);
    expect(history.events).toEqual([]);
  });

  it('after the opening: open, with its referral, family and team, no director yet', async () => {
    expect(await caseFileAt(2)).toMatchObject({ revision: '0', state: { status: 'open', referralId, teamId: 'wijkteam-noord', childIds: [clientId], directorHistory: [] } });
    expect((await caseFileAt(2)).state).not.toHaveProperty('director');
  });

  it('after the director transfer: the new director, and the history of who directed, why and decided by whom', async () => {
    expect((await caseFileAt(4)).state).toMatchObject({ director: { directorId: 'coach-noord-1' } });
    const history = await caseHistoryAt(store, caseFileStreams(caseFileId, DEFAULT_ZRM_REFERENCE), moment(5));
    expect(history.streams[0]).toMatchObject({
      revision: '2',
      state: {
        status: 'open',
        director: { directorId: 'coach-noord-2', directorKind: 'coach' },
        directorHistory: [
          { directorId: 'coach-noord-1', reason: 'case_conference' },
          { directorId: 'coach-noord-2', reason: 'expertise', decision: 'coordinator_decision', decidedBy: 'coordinator-1' },
        ],
      },
    });
    expect(history.events.map(({ type, actor, onBehalfOf }) => [type, actor.userId, onBehalfOf])).toEqual([
      ['CaseFileOpened', 'system', null],
      ['CaseDirectorAssigned', 'coach-noord-1', null],
      ['CaseDirectionTransferred', 'coordinator-1', 'coach-noord-1'],
    ]);
    expect(history.events[2]).toMatchObject({ actor: { role: 'team-coordinator' }, occurredAt: day(5), recordedAt: day(5), correlationId: 'corr-coord-0001', data: { reason: 'expertise', fromDirectorId: 'coach-noord-1' } });
  });

  it('after the closure: closed with its reason and who was informed; the events up to it, in order', async () => {
    expect((await caseFileAt(8)).state).toMatchObject({ status: 'open' });
    const history = await caseHistoryAt(store, caseFileStreams(caseFileId, DEFAULT_ZRM_REFERENCE), moment(10));
    expect(history.streams[0]).toMatchObject({ revision: '3', state: { status: 'closed', closure: { reason: 'goals_reached_closed', informed: ['jgz', 'huisarts'] }, director: { directorId: 'coach-noord-2' } } });
    expect(history.events.map(({ type, revision }) => `${revision}:${type}`)).toEqual(['0:CaseFileOpened', '1:CaseDirectorAssigned', '2:CaseDirectionTransferred', '3:CaseFileClosed']);
  });
});
