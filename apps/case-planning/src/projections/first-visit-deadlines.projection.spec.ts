import { type GivenEvent, projectionSpec } from '@wijkteam/testing';
import { caseFileStream } from '../domain/case-file';
import { firstVisitStream } from '../domain/first-visit';
import { FirstVisitDeadlineFiles, firstVisitDeadlinesProjection, overdueFirstVisits } from './first-visit-deadlines.projection';

const spec = projectionSpec(firstVisitDeadlinesProjection);
const file = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000f${n}`;
const client = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000c${n}`;
const paging = { page: 1, pageSize: 50 };

const opened = (n: number, openedAt = '2026-11-02T10:00:00.000Z', teamId: string | null = 'wijkteam-noord'): GivenEvent => ({
  streamName: caseFileStream(file(n)),
  type: 'CaseFileOpened',
  data: { caseFileId: file(n), clientId: client(n), referralId: file(n), teamId, route: 'jgz', childIds: [client(n)], familyMemberIds: [], openedAt },
});
const coaches = (n: number, firstVisitDue: string): GivenEvent => ({
  streamName: caseFileStream(file(n)),
  type: 'CaseCoachesAssigned',
  data: { caseFileId: file(n), coachIds: ['coach-noord-1'], firstVisitDue, assignedAt: '2026-11-03T10:00:00.000Z' },
});
const held = (n: number, heldOn: string): GivenEvent => ({ streamName: firstVisitStream(file(n)), type: 'FirstVisitHeld', data: { caseFileId: file(n), heldOn } });
const closed = (n: number): GivenEvent => ({ streamName: caseFileStream(file(n)), type: 'CaseFileClosed', data: { caseFileId: file(n), clientId: client(n), reason: 'goals_reached_closed', closedAt: '2026-11-20T10:00:00.000Z' } });
const reopened = (n: number): GivenEvent => ({ streamName: caseFileStream(file(n)), type: 'CaseFileReopened', data: { caseFileId: file(n), clientId: client(n), reason: 'new_help_request', reopenedAt: '2026-11-21T10:00:00.000Z' } });
const overdueIds = async (db: Parameters<typeof overdueFirstVisits>[0], today: string, teamId = 'wijkteam-noord') => (await overdueFirstVisits(db, teamId, today, paging)).items.map((item) => item.caseFileId);

describe('first-visit deadlines projection', () => {
  it('is due 14 days after the referral by default, overdue from the day after', async () => {
    await spec
      .given([])
      .when([opened(1)])
      .then(async (db) => {
        expect(await db.findOneBy(FirstVisitDeadlineFiles, { caseFileId: file(1) })).toMatchObject({ referredOn: '2026-11-02', due: '2026-11-16', heldOn: null, status: 'open' });
        expect(await overdueIds(db, '2026-11-16')).toEqual([]);
        expect(await overdueFirstVisits(db, 'wijkteam-noord', '2026-11-17', paging)).toEqual({
          items: [{ caseFileId: file(1), clientId: client(1), childIds: [client(1)], referredOn: '2026-11-02', due: '2026-11-16', daysOverdue: 1 }],
          page: 1,
          pageSize: 50,
          total: 1,
        });
      });
  });

  it("takes the case conference's due date", async () => {
    await spec
      .given([opened(1)])
      .when([coaches(1, '2026-11-10')])
      .then(async (db) => expect(await overdueIds(db, '2026-11-11')).toEqual([file(1)]));
  });

  it('leaves out a file whose first visit was held, late or not', async () => {
    await spec
      .given([opened(1), opened(2)])
      .when([held(1, '2026-11-20')])
      .then(async (db) => expect(await overdueIds(db, '2026-11-21')).toEqual([file(2)]));
  });

  it('leaves out a closed file, and lists it again once reopened', async () => {
    await spec
      .given([opened(1)])
      .when([closed(1)])
      .then(async (db) => expect(await overdueIds(db, '2026-11-30')).toEqual([]));
    await spec
      .given([opened(1), closed(1)])
      .when([reopened(1)])
      .then(async (db) => expect(await overdueIds(db, '2026-11-30')).toEqual([file(1)]));
  });

  it("shows one team's files only, most overdue first, paged", async () => {
    await spec
      .given([opened(1, '2026-11-05T10:00:00.000Z'), opened(2, '2026-11-01T10:00:00.000Z'), opened(3, '2026-11-01T10:00:00.000Z', 'wijkteam-zuid')])
      .when([opened(4, '2026-11-03T10:00:00.000Z')])
      .then(async (db) => {
        expect(await overdueIds(db, '2026-12-01')).toEqual([file(2), file(4), file(1)]);
        expect(await overdueIds(db, '2026-12-01', 'wijkteam-zuid')).toEqual([file(3)]);
        const second = await overdueFirstVisits(db, 'wijkteam-noord', '2026-12-01', { page: 2, pageSize: 2 });
        expect({ ids: second.items.map((item) => item.caseFileId), total: second.total }).toEqual({ ids: [file(1)], total: 3 });
      });
  });
});
