import type { PublicEvent } from '@wijkteam/contracts';
import type { ProjectionHost } from '@wijkteam/projections';
import type { CommandContext } from '@wijkteam/runtime';
import type { EntityManager } from 'typeorm';
import { busProjectionSpec, eventId } from '../../test/bus-projection-spec';
import type { IntakeEighteenthMonths } from '../application/intake-eighteenth-months';
import { SafetyLists } from '../application/safety-lists';
import { recordTransitionAnswer, recordTransitionFile, transitionsProjection } from './transitions.projection';

const id = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000c${n}`;
/** File n holds youths n and n + 5. */
const opened = (n: number, teamId: string | null) => ({
  type: 'CaseFileOpened',
  data: { caseFileId: id(n), clientId: id(n), referralId: id(n), teamId, route: 'jgz', childIds: [id(n), id(n + 5)], familyMemberIds: [], openedAt: '2026-01-05T09:00:00.000Z' },
});
const closed = (n: number, closedAt: string) => ({ type: 'CaseFileClosed', data: { caseFileId: id(n), clientId: id(n), reason: 'goals_reached_closed', informed: [], referredTo: 'none', closedAt } });
const question = (n: number, youth: number, recordedAt: string) => ({
  type: 'TransitionQuestionRecorded',
  data: { caseFileId: id(n), clientId: id(youth), helpMustContinue: true, continuation: 'handover_to_adult_team', askedOn: recordedAt.slice(0, 10), beforeEighteenthBirthday: true, recordedBy: 'coach-1', recordedAt },
});
const providers = (n: number, youth: number, recordedAt: string) => ({
  type: 'OtherProvidersStatusRecorded',
  data: { caseFileId: id(n), clientId: id(youth), providers: [{ party: 'jgz', status: 'ends_at_18' }], none: false, recordedBy: 'coach-1', recordedAt },
});
const handover = { adultTeamColleagueId: 'adult-1', dataCategories: ['help_request'], decisionId: id(9), consentId: id(8) };
const proposed = (n: number, youth: number, proposedAt: string) => ({ type: 'WarmHandoverProposed', data: { caseFileId: id(n), clientId: id(youth), ...handover, proposedBy: 'coach-1', proposedAt } });
const completed = (n: number, youth: number, completedAt: string) => ({ type: 'WarmHandoverCompleted', data: { caseFileId: id(n), clientId: id(youth), ...handover, completedBy: 'coach-1', completedAt } });

/** What intake answers: the month of each youth's 18th birthday; youth 7 has none (erased). */
const MONTHS: Record<string, string> = { [id(1)]: '2026-05', [id(6)]: '2026-12', [id(2)]: '2026-04', [id(3)]: '2026-01', [id(8)]: '2025-12' };
const intake = { of: async (clientIds: readonly string[]) => new Map(clientIds.filter((c) => MONTHS[c]).map((c) => [c, MONTHS[c]])) } as unknown as IntakeEighteenthMonths;
const context = { actor: { userId: 'auditor-1', role: 'auditor', organisation: 'gemeente' }, correlationId: 'test-correlation' } as CommandContext;

const spec = busProjectionSpec(transitionsProjection, (tx, event) =>
  event.type.startsWith('CaseFile') ? recordTransitionFile(tx, event as PublicEvent<never>) : recordTransitionAnswer(tx, event as PublicEvent<never>),
);
const counts = async (db: EntityManager, asOf: string, team: string | null = 'wijkteam-noord', horizon = 6) =>
  (await new SafetyLists({ db: { manager: db } } as unknown as ProjectionHost, intake).turningEighteen({ team, asOf }, horizon, context)).rows;
const youth = (row: Partial<Record<string, unknown>>) => ({ team: 'wijkteam-noord', question: 'not_asked', otherProviders: 'not_asked', handover: 'none', questionOverdue: false, count: 1, ...row });

describe('reporting_transitions read model (bus-fed)', () => {
  it('given a file with two youths, then those turning 18 within the horizon of each moment are counted with where their transition stood then', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord')])
      .when([question(1, 1, '2026-02-01T10:00:00.000Z'), providers(1, 1, '2026-02-02T10:00:00.000Z'), proposed(1, 1, '2026-02-03T10:00:00.000Z'), completed(1, 1, '2026-03-01T10:00:00.000Z')])
      .then(async (db) => {
        // In January, youth 1 (May) is within six months and nothing is recorded; youth 6 (December) is beyond.
        expect(await counts(db, '2026-01-31T00:00:00.000Z')).toEqual([youth({ eighteenMonth: '2026-05' })]);
        expect(await counts(db, '2026-02-10T00:00:00.000Z')).toEqual([
          youth({ eighteenMonth: '2026-05', question: 'handover_to_adult_team', otherProviders: 'asked', handover: 'proposed' }),
        ]);
        expect(await counts(db, '2026-07-01T00:00:00.000Z')).toEqual([youth({ eighteenMonth: '2026-12' })]);
        expect(await counts(db, '2026-03-02T00:00:00.000Z', 'wijkteam-noord', 12)).toEqual([
          youth({ eighteenMonth: '2026-05', question: 'handover_to_adult_team', otherProviders: 'asked', handover: 'completed' }),
          youth({ eighteenMonth: '2026-12' }),
        ]);
      });
  });

  it('given youths already 18, then only those without the transition question are counted, as overdue; a youth intake holds no birth date of is not counted', async () => {
    await spec
      .given([opened(3, 'wijkteam-noord'), opened(2, 'wijkteam-noord')])
      .when([question(3, 3, '2025-12-01T10:00:00.000Z')])
      .then(async (db) => {
        // Youth 3 (January, asked) is past; youth 8 (December 2025) is past and never asked; youth 2 (April) is ahead; youth 7 unknown.
        expect(await counts(db, '2026-02-15T00:00:00.000Z')).toEqual([
          youth({ eighteenMonth: '2025-12', questionOverdue: true }),
          youth({ eighteenMonth: '2026-04' }),
        ]);
      });
  });

  it("given files of two teams, then a team counts its own youths, an auditor every team's; a closed file's youths are not counted after its closure", async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), opened(2, 'wijkteam-zuid')])
      .when([closed(1, '2026-03-01T10:00:00.000Z')])
      .then(async (db) => {
        expect(await counts(db, '2026-02-01T00:00:00.000Z', null)).toEqual([youth({ eighteenMonth: '2026-05' }), youth({ team: 'wijkteam-zuid', eighteenMonth: '2026-04' })]);
        expect(await counts(db, '2026-02-01T00:00:00.000Z', 'wijkteam-zuid')).toEqual([youth({ team: 'wijkteam-zuid', eighteenMonth: '2026-04' })]);
        expect(await counts(db, '2026-03-02T00:00:00.000Z', null)).toEqual([youth({ team: 'wijkteam-zuid', eighteenMonth: '2026-04' })]);
      });
  });

  it('given an answer, when it is delivered again after a later one, then the later one still holds', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), proposed(1, 1, '2026-02-03T10:00:00.000Z'), completed(1, 1, '2026-03-01T10:00:00.000Z')])
      .when([{ ...proposed(1, 1, '2026-02-03T10:00:00.000Z'), id: eventId(2) }])
      .then(async (db) => expect((await counts(db, '2026-03-02T00:00:00.000Z')).map((row) => row.handover)).toEqual(['completed']));
  });
});
