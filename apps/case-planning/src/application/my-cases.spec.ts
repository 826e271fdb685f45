import { projectionSpec } from '@wijkteam/testing';
import { caseFileStream } from '../domain/case-file';
import { caseOverviewProjection } from '../projections/case-overview.projection';
import { MyCases } from './my-cases';

const at = '2027-01-05T09:00:00.000Z';
const file = (n: number) => `0190a000-0000-7000-8000-0000000000f${n}`;
const onFile = (caseFileId: string, type: string, data: Record<string, unknown>) => ({ streamName: caseFileStream(caseFileId), type, data: { caseFileId, ...data } });
const opened = (caseFileId: string, teamId = 'wijkteam-noord') =>
  onFile(caseFileId, 'CaseFileOpened', { clientId: caseFileId.replace('f', 'c'), referralId: caseFileId.replace('f', 'a'), teamId, route: 'jgz', childIds: [caseFileId.replace('f', 'c')], familyMemberIds: [], openedAt: at });
const coached = (caseFileId: string, firstVisitDue: string, ...coachIds: string[]) => onFile(caseFileId, 'CaseCoachesAssigned', { coachIds, firstVisitDue, assignedAt: at });
const spec = projectionSpec(caseOverviewProjection);
const mine = (db: Parameters<Parameters<ReturnType<ReturnType<typeof spec.given>['when']>['then']>[0]>[0], userId: string, page = 1, pageSize = 10) =>
  new MyCases({ db: { manager: db } } as never).of('wijkteam-noord', userId, { page, pageSize });

describe('my cases', () => {
  it("lists the team's files a coach is on, the nearest first visit first, paged; not another team's, not a closed one", () =>
    spec
      .given([opened(file(1)), opened(file(2)), opened(file(3)), opened(file(4), 'wijkteam-zuid'), coached(file(1), '2027-01-20', 'coach-1'), coached(file(2), '2027-01-10', 'coach-1', 'coach-2'), coached(file(4), '2027-01-01', 'coach-1')])
      .when([coached(file(3), '2027-01-15', 'coach-2'), onFile(file(3), 'CaseFileClosed', { clientId: 'x', reason: 'goals_reached_closed', informed: [], referredTo: 'none', closedAt: at })])
      .then(async (db) => {
        const page = await mine(db, 'coach-1');
        expect(page.total).toBe(2);
        expect(page.items.map((item) => [item.caseFileId, item.myRole])).toEqual([[file(2), 'coach'], [file(1), 'coach']]);
        expect((await mine(db, 'coach-1', 2, 1)).items.map((item) => item.caseFileId)).toEqual([file(1)]);
        expect((await mine(db, 'coach-2')).items.map((item) => item.caseFileId)).toEqual([file(2)]);
      }));
});
