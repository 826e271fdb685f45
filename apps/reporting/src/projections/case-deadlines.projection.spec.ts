import type { PublicEvent } from '@wijkteam/contracts';
import type { ProjectionHost } from '@wijkteam/projections';
import type { EntityManager } from 'typeorm';
import { busProjectionSpec, eventId } from '../../test/bus-projection-spec';
import { CaseLists } from '../application/case-lists';
import { caseDeadlinesProjection, recordCaseStep, recordReferral } from './case-deadlines.projection';

const id = (kind: string, n: number) => `0193a5b2-7c1e-7000-8000-00000000${kind}0${n}`;
const file = (n: number) => id('f0', n);
const referral = (n: number) => id('a0', n);
const received = (n: number, receivedAt: string) => ({
  type: 'ReferralReceived',
  data: {
    referralId: referral(n), clientId: id('c0', n), teamId: 'wijkteam-noord', channel: 'phone', route: 'jgz', deEscalationFrom: null, childIds: [id('c0', n)], familyMembers: [],
    etmIndication: 3, intellectualDisability: false, receivedAt,
  },
});
const coaches = (n: number, firstVisitDue: string, decidedAt: string) => ({
  type: 'CoachesAssigned',
  data: { referralId: referral(n), clientId: id('c0', n), teamId: 'wijkteam-noord', coachIds: ['coach-a'], decidedBy: 'coordinator-1', conferenceDate: decidedAt.slice(0, 10), firstVisitDue, decidedAt },
});
const opened = (n: number, openedAt: string) => ({
  type: 'CaseFileOpened',
  data: { caseFileId: file(n), clientId: id('c0', n), referralId: referral(n), teamId: 'wijkteam-noord', route: 'jgz', childIds: [id('c0', n)], familyMemberIds: [], openedAt },
});
const closed = (n: number, closedAt: string) => ({ type: 'CaseFileClosed', data: { caseFileId: file(n), clientId: id('c0', n), reason: 'goals_reached_closed', informed: [], referredTo: 'none', closedAt } });
const reopened = (n: number, reopenedAt: string) => ({ type: 'CaseFileReopened', data: { caseFileId: file(n), clientId: id('c0', n), reason: 'new_signal', reopenedAt } });
const visited = (n: number, heldAt: string) => ({ type: 'FirstVisitHeld', data: { caseFileId: file(n), coachIds: ['coach-a'], heldOn: heldAt.slice(0, 10), due: '2026-01-19', onTime: false, heldAt } });
const agreed = (n: number, version: number, agreedAt: string) => ({ type: 'PlanAgreed', data: { caseFileId: file(n), version, goalIds: [id('90', 1)], due: null, onTime: null, agreedAt } });
const revised = (n: number, version: number, revisedAt: string) => ({ type: 'PlanRevised', data: { caseFileId: file(n), version, previousVersion: version - 1, changes: ['goals'], reason: 'evaluation', revisedAt } });
const evaluated = (n: number, evaluationNumber: number, heldAt: string, conclusion = 'continue') => ({
  type: 'EvaluationHeld',
  data: { caseFileId: file(n), evaluationNumber, due: '2026-04-05', heldOn: heldAt.slice(0, 10), onTime: false, conclusion, heldAt },
});

const spec = busProjectionSpec(caseDeadlinesProjection, (tx, event) =>
  event.type === 'ReferralReceived' || event.type === 'CoachesAssigned' ? recordReferral(tx, event as PublicEvent<never>) : recordCaseStep(tx, event as PublicEvent<never>),
);
const lists = (db: EntityManager) => new CaseLists({ db: db.connection } as unknown as ProjectionHost);
const query = (at: string) => ({ team: 'wijkteam-noord', at });
const firstVisitsAt = async (db: EntityManager, at: string) => (await lists(db).firstVisitsOverdue(query(at))).rows.map((row) => [row.caseFileId, row.due, row.daysOverdue]);
const plansAt = async (db: EntityManager, at: string) => (await lists(db).plansOverdue(query(at))).rows.map((row) => [row.caseFileId, row.due, row.daysOverdue]);
const evaluationsAt = async (db: EntityManager, at: string, within = 28) =>
  (await lists(db).evaluations(query(at), within)).rows.map((row) => [row.caseFileId, row.evaluationNumber, row.due, row.status, row.daysOverdue, row.plan]);

// Referral 1 on 5 January 2026 (case planning opens the file the next day): first visit due 19 January, plan 16 February, evaluations 5 April, 5 July, …
const history = [received(1, '2026-01-05T09:00:00.000Z'), opened(1, '2026-01-06T09:00:00.000Z')];

describe('reporting_case_deadlines read model (bus-fed)', () => {
  it('given a file without a first visit, then it is overdue from the day after its due date until the visit is recorded', async () => {
    await spec
      .given(history)
      .when([visited(1, '2026-01-25T15:00:00.000Z')])
      .then(async (db) => {
        expect(await firstVisitsAt(db, '2026-01-19T23:59:59.999Z')).toEqual([]);
        expect(await firstVisitsAt(db, '2026-01-20T00:00:00.000Z')).toEqual([[file(1), '2026-01-19', 1]]);
        expect(await firstVisitsAt(db, '2026-01-25T14:59:59.999Z')).toEqual([[file(1), '2026-01-19', 6]]);
        expect(await firstVisitsAt(db, '2026-01-25T15:00:00.000Z')).toEqual([]);
        expect((await lists(db).firstVisitsOverdue(query('2026-01-20T00:00:00.000Z'))).rows).toEqual([
          { team: 'wijkteam-noord', caseFileId: file(1), referralId: referral(1), referredOn: '2026-01-05', due: '2026-01-19', daysOverdue: 1 },
        ]);
      });
  });

  it("given the case conference set an earlier first-visit date, then that date counts from the moment it was set; a file whose referral has not arrived counts from its opening", async () => {
    await spec
      .given([...history, received(2, '2026-01-05T09:00:00.000Z'), opened(2, '2026-01-05T10:00:00.000Z'), opened(3, '2026-01-08T09:00:00.000Z')])
      .when([coaches(2, '2026-01-12', '2026-01-14T09:00:00.000Z')])
      .then(async (db) => {
        expect(await firstVisitsAt(db, '2026-01-14T08:00:00.000Z')).toEqual([]);
        expect(await firstVisitsAt(db, '2026-01-14T09:00:00.000Z')).toEqual([[file(2), '2026-01-12', 2]]);
        expect(await firstVisitsAt(db, '2026-01-23T00:00:00.000Z')).toEqual([
          [file(2), '2026-01-12', 11],
          [file(1), '2026-01-19', 4],
          [file(3), '2026-01-22', 1],
        ]);
      });
  });

  it('given a file without an agreed plan, then it is overdue six weeks after the referral, not while closed, again once reopened, until a plan is agreed', async () => {
    await spec
      .given(history)
      .when([closed(1, '2026-02-18T12:00:00.000Z'), reopened(1, '2026-03-01T09:00:00.000Z'), agreed(1, 1, '2026-03-04T09:00:00.000Z')])
      .then(async (db) => {
        expect(await plansAt(db, '2026-02-16T23:00:00.000Z')).toEqual([]);
        expect(await plansAt(db, '2026-02-17T00:00:00.000Z')).toEqual([[file(1), '2026-02-16', 1]]);
        expect(await plansAt(db, '2026-02-20T00:00:00.000Z')).toEqual([]);
        expect(await plansAt(db, '2026-03-02T00:00:00.000Z')).toEqual([[file(1), '2026-02-16', 14]]);
        expect(await plansAt(db, '2026-03-05T00:00:00.000Z')).toEqual([]);
      });
  });

  it('given evaluations held, then the next one is listed as due within the horizon and overdue after its date, with the plan as it stood; none after one that closed', async () => {
    await spec
      .given([...history, agreed(1, 1, '2026-02-10T09:00:00.000Z')])
      .when([revised(1, 2, '2026-04-01T09:00:00.000Z'), evaluated(1, 1, '2026-04-10T09:00:00.000Z'), agreed(1, 2, '2026-04-12T09:00:00.000Z'), evaluated(1, 2, '2026-07-01T09:00:00.000Z', 'close')])
      .then(async (db) => {
        expect(await evaluationsAt(db, '2026-03-01T00:00:00.000Z')).toEqual([]);
        expect(await evaluationsAt(db, '2026-03-20T00:00:00.000Z')).toEqual([[file(1), 1, '2026-04-05', 'due', 0, 'agreed']]);
        expect(await evaluationsAt(db, '2026-04-08T00:00:00.000Z')).toEqual([[file(1), 1, '2026-04-05', 'overdue', 3, 'revised']]);
        expect(await evaluationsAt(db, '2026-04-11T00:00:00.000Z')).toEqual([]);
        expect(await evaluationsAt(db, '2026-04-11T00:00:00.000Z', 90)).toEqual([[file(1), 2, '2026-07-05', 'due', 0, 'revised']]);
        expect(await evaluationsAt(db, '2026-06-20T00:00:00.000Z')).toEqual([[file(1), 2, '2026-07-05', 'due', 0, 'agreed']]);
        expect(await evaluationsAt(db, '2026-07-02T00:00:00.000Z', 366)).toEqual([]);
      });
  });

  it('given a closed file, when its opening is delivered again, then it stays closed', async () => {
    await spec
      .given([...history, closed(1, '2026-01-10T09:00:00.000Z')])
      .when([{ ...opened(1, '2026-01-06T09:00:00.000Z'), id: eventId(2) }])
      .then(async (db) => {
        expect(await firstVisitsAt(db, '2026-01-30T00:00:00.000Z')).toEqual([]);
        expect(await plansAt(db, '2026-03-01T00:00:00.000Z')).toEqual([]);
      });
  });
});
