import type { PublicEvent } from '@wijkteam/contracts';
import type { ProjectionHost } from '@wijkteam/projections';
import type { EntityManager } from 'typeorm';
import { busProjectionSpec, eventId } from '../../test/bus-projection-spec';
import { CaseLists, type CaseloadGrouping } from '../application/case-lists';
import { caseloadProjection, recordCaseFile, recordCoaches } from './caseload.projection';

const id = (kind: string, n: number) => `0193a5b2-7c1e-7000-8000-00000000${kind}0${n}`;
const file = (n: number) => id('f0', n);
const referral = (n: number) => id('a0', n);
const opened = (n: number, openedAt: string, teamId: string | null = 'wijkteam-noord') => ({
  type: 'CaseFileOpened',
  data: { caseFileId: file(n), clientId: id('c0', n), referralId: referral(n), teamId, route: 'jgz', childIds: [id('c0', n)], familyMemberIds: [], openedAt },
});
const directed = (n: number, directorId: string, assignedAt: string, directorKind = 'coach') => ({
  type: 'CaseDirectorAssigned',
  data: { caseFileId: file(n), directorId, directorKind, previousDirectorId: null, reason: 'case_conference', assignedAt },
});
const transferred = (n: number, from: string, to: string, transferredAt: string) => ({
  type: 'CaseDirectionTransferred',
  data: {
    caseFileId: file(n), fromDirectorId: from, fromDirectorKind: 'coach', toDirectorId: to, toDirectorKind: 'coach', reason: 'capacity', decision: 'consensus',
    decidedBy: 'coordinator-1', decidedByRole: 'team-coordinator', onBehalfOf: null, consentDecisionId: null, transferredAt,
  },
});
const closed = (n: number, closedAt: string) => ({ type: 'CaseFileClosed', data: { caseFileId: file(n), clientId: id('c0', n), reason: 'goals_reached_closed', informed: [], referredTo: 'none', closedAt } });
const reopened = (n: number, reopenedAt: string) => ({ type: 'CaseFileReopened', data: { caseFileId: file(n), clientId: id('c0', n), reason: 'new_signal', reopenedAt } });
const coaches = (n: number, coachIds: string[], decidedAt: string) => ({
  type: 'CoachesAssigned',
  data: { referralId: referral(n), clientId: id('c0', n), teamId: 'wijkteam-noord', coachIds, decidedBy: 'coordinator-1', conferenceDate: decidedAt.slice(0, 10), firstVisitDue: '2026-03-20', decidedAt },
});

const spec = busProjectionSpec(caseloadProjection, (tx, event) => (event.type === 'CoachesAssigned' ? recordCoaches(tx, event as PublicEvent<never>) : recordCaseFile(tx, event as PublicEvent<never>)));
const caseloadAt = async (db: EntityManager, at: string, by: CaseloadGrouping = 'coach', team: string | null = 'wijkteam-noord') =>
  (await new CaseLists({ db: db.connection } as unknown as ProjectionHost).caseload({ team, at }, by)).rows;
const load = (coachId: string, caseFiles: number, directing: number, assigned: number) => ({ team: 'wijkteam-noord', coachId, caseFiles, directing, assigned });

describe('reporting_caseload read model (bus-fed)', () => {
  // Intake's assignment arrives before case planning's opening: the publishers are in no order with each other.
  const history = [
    coaches(1, ['coach-a', 'coach-b'], '2026-03-02T09:00:00.000Z'),
    opened(1, '2026-03-01T09:00:00.000Z'),
    directed(1, 'coach-a', '2026-03-01T09:00:00.000Z'),
    opened(2, '2026-03-03T09:00:00.000Z'),
    directed(2, 'coach-b', '2026-03-03T10:00:00.000Z'),
    opened(3, '2026-03-01T09:00:00.000Z', 'wijkteam-zuid'),
    directed(3, 'coach-z', '2026-03-01T09:00:00.000Z'),
  ];

  it('given open files with directors and assigned coaches, then each coach holds the files they direct or were assigned to, at each moment', async () => {
    await spec
      .given(history)
      .when([transferred(2, 'coach-b', 'coach-c', '2026-03-10T09:00:00.000Z'), closed(1, '2026-03-15T09:00:00.000Z'), reopened(1, '2026-03-20T09:00:00.000Z')])
      .then(async (db) => {
        expect(await caseloadAt(db, '2026-03-01T12:00:00.000Z')).toEqual([load('coach-a', 1, 1, 0)]);
        expect(await caseloadAt(db, '2026-03-05T00:00:00.000Z')).toEqual([load('coach-a', 1, 1, 1), load('coach-b', 2, 1, 1)]);
        // The transfer moves file 2 from coach-b to coach-c at its moment.
        expect(await caseloadAt(db, '2026-03-10T09:00:00.000Z')).toEqual([load('coach-a', 1, 1, 1), load('coach-b', 1, 0, 1), load('coach-c', 1, 1, 0)]);
        // Closed: file 1 leaves every caseload; reopened, it comes back with the same people.
        expect(await caseloadAt(db, '2026-03-16T00:00:00.000Z')).toEqual([load('coach-c', 1, 1, 0)]);
        expect(await caseloadAt(db, '2026-03-21T00:00:00.000Z')).toEqual([load('coach-a', 1, 1, 1), load('coach-b', 1, 0, 1), load('coach-c', 1, 1, 0)]);
        expect(await caseloadAt(db, '2026-03-16T00:00:00.000Z', 'team', null)).toEqual([
          { team: 'wijkteam-noord', caseFiles: 1, coaches: 1 },
          { team: 'wijkteam-zuid', caseFiles: 1, coaches: 1 },
        ]);
        expect(await caseloadAt(db, '2026-03-05T00:00:00.000Z', 'team')).toEqual([{ team: 'wijkteam-noord', caseFiles: 2, coaches: 2 }]);
      });
  });

  it('given a new assignment of coaches, then who stays keeps the file, who goes leaves it; direction by the GI counts for no coach', async () => {
    await spec
      .given(history)
      .when([coaches(1, ['coach-b', 'coach-d'], '2026-03-08T09:00:00.000Z'), directed(2, 'gi-jeugdbescherming', '2026-03-09T09:00:00.000Z', 'certified_institution')])
      .then(async (db) => {
        expect(await caseloadAt(db, '2026-03-07T00:00:00.000Z')).toEqual([load('coach-a', 1, 1, 1), load('coach-b', 2, 1, 1)]);
        expect(await caseloadAt(db, '2026-03-09T12:00:00.000Z')).toEqual([load('coach-a', 1, 1, 0), load('coach-b', 1, 0, 1), load('coach-d', 1, 0, 1)]);
        expect(await caseloadAt(db, '2026-03-09T12:00:00.000Z', 'team')).toEqual([{ team: 'wijkteam-noord', caseFiles: 2, coaches: 3 }]);
      });
  });

  it('given a transfer, when the first assignment and the opening are delivered again, then the intervals stay as they were', async () => {
    await spec
      .given([...history, transferred(2, 'coach-b', 'coach-c', '2026-03-10T09:00:00.000Z'), closed(2, '2026-03-12T09:00:00.000Z')])
      .when([{ ...directed(2, 'coach-b', '2026-03-03T10:00:00.000Z'), id: eventId(5) }, { ...opened(2, '2026-03-03T09:00:00.000Z'), id: eventId(4) }])
      .then(async (db) => {
        expect(await caseloadAt(db, '2026-03-11T00:00:00.000Z')).toEqual([load('coach-a', 1, 1, 1), load('coach-b', 1, 0, 1), load('coach-c', 1, 1, 0)]);
        expect(await caseloadAt(db, '2026-03-13T00:00:00.000Z')).toEqual([load('coach-a', 1, 1, 1), load('coach-b', 1, 0, 1)]);
      });
  });
});
