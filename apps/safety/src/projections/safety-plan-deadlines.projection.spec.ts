import { openProjectionDatabase } from '@wijkteam/projections';
import { type GivenEvent, projectionSpec } from '@wijkteam/testing';
import { safetyStream } from '../domain/safety-assessment';
import { SafetyCaseFileRows } from './safety-case-files.projection';
import { SafetyPlanDeadlineRows, safetyPlanDeadlinesProjection, safetyPlansMissing } from './safety-plan-deadlines.projection';

const spec = projectionSpec(safetyPlanDeadlinesProjection);
const file = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000f${n}`;
const client = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000c${n}`;
const paging = { page: 1, pageSize: 50 };

const required = (n: number, due: string | undefined = '2026-11-28'): GivenEvent => ({
  streamName: safetyStream(file(n)),
  type: 'SafetyPlanRequired',
  data: { caseFileId: file(n), assessmentId: `a-${n}`, considerCrisisInterventionTeam: true, ...(due ? { due } : {}), requiredAt: '2026-11-23T09:00:00.000Z' },
});
const recorded = (n: number, version = 1): GivenEvent => ({
  streamName: safetyStream(file(n)),
  type: 'SafetyPlanRecorded',
  data: { caseFileId: file(n), clientId: client(n), version, agreements: [], texts: { $pii: true }, reviewOn: '2026-12-07', recordedBy: 'coach-noord-1', recordedAt: '2026-11-25T09:00:00.000Z' },
});
const considered = (n: number): GivenEvent => ({
  streamName: safetyStream(file(n)),
  type: 'CrisisInterventionConsidered',
  data: { caseFileId: file(n), assessmentId: `a-${n}`, involve: false, reason: 'safety_arranged_by_plan', decidedBy: 'coach-noord-1', secondProfessionalId: 'coach-noord-2', decidedAt: '2026-11-24T09:00:00.000Z' },
});

describe('safety-plan deadlines projection', () => {
  it('records the requirement with its deadline, open until a plan is recorded', async () => {
    await spec
      .given([])
      .when([required(1)])
      .then(async (db) => expect(await db.findOneBy(SafetyPlanDeadlineRows, { caseFileId: file(1) })).toMatchObject({ assessmentId: 'a-1', due: '2026-11-28', open: true, crisisInterventionDecided: false }));
    await spec
      .given([required(1)])
      .when([considered(1), recorded(1)])
      .then(async (db) => expect(await db.findOneBy(SafetyPlanDeadlineRows, { caseFileId: file(1) })).toMatchObject({ open: false, crisisInterventionDecided: true }));
  });

  it('reads a requirement recorded before deadlines with the default deadline (5 days)', async () => {
    await spec
      .given([])
      .when([required(1, undefined)])
      .then(async (db) => expect(await db.findOneBy(SafetyPlanDeadlineRows, { caseFileId: file(1) })).toMatchObject({ due: '2026-11-28' }));
  });

  it('a new ETM 5 after a plan opens the requirement again, with the new deadline', async () => {
    await spec
      .given([required(1), considered(1), recorded(1)])
      .when([required(1, '2027-01-10')])
      .then(async (db) => expect(await db.findOneBy(SafetyPlanDeadlineRows, { caseFileId: file(1) })).toMatchObject({ due: '2027-01-10', open: true, crisisInterventionDecided: false }));
  });
});

describe('the safety-plans-missing worklist', () => {
  /** The worklist joins the file's current team from safety_case_files: both tables, as in the service. */
  const withFiles = async (events: GivenEvent[], check: (db: import('typeorm').EntityManager) => Promise<void>) => {
    const db = await openProjectionDatabase('sqlite::memory:', [...safetyPlanDeadlinesProjection.tables, SafetyCaseFileRows]);
    try {
      const files = [
        [1, 'wijkteam-noord', 'open'],
        [2, 'wijkteam-noord', 'open'],
        [3, 'wijkteam-zuid', 'open'],
        [4, 'wijkteam-noord', 'closed'],
      ] as const;
      for (const [n, teamId, status] of files)
        await db.manager.insert(SafetyCaseFileRows, { caseFileId: file(n), clientId: client(n), teamId, childIds: JSON.stringify([client(n)]), familyMemberIds: '[]', status, directorId: null, directorKind: null, eventOrder: '1' });
      const recordedEvents = events.map((event, index) => ({ ...event, id: `0190a000-0000-7000-8000-${String(index + 1).padStart(12, '0')}`, revision: BigInt(index), position: BigInt(index + 1), recordedAt: new Date(), metadata: {} }));
      await db.transaction((tx) => safetyPlanDeadlinesProjection.handle(recordedEvents as never, tx));
      await check(db.manager);
    } finally {
      await db.destroy();
    }
  };

  it("lists the team's open files without a plan, the earliest deadline first, overdue after the deadline", async () => {
    await withFiles([required(1, '2026-11-30'), required(2, '2026-11-28'), required(3), required(4)], async (db) => {
      const page = await safetyPlansMissing(db, 'wijkteam-noord', '2026-11-29', paging);
      expect(page).toEqual({
        items: [
          { caseFileId: file(2), clientId: client(2), childIds: [client(2)], assessmentId: 'a-2', requiredAt: '2026-11-23T09:00:00.000Z', due: '2026-11-28', overdue: true, crisisInterventionDecided: false },
          { caseFileId: file(1), clientId: client(1), childIds: [client(1)], assessmentId: 'a-1', requiredAt: '2026-11-23T09:00:00.000Z', due: '2026-11-30', overdue: false, crisisInterventionDecided: false },
        ],
        page: 1,
        pageSize: 50,
        total: 2,
      });
      // On the deadline itself a plan is not yet overdue.
      expect((await safetyPlansMissing(db, 'wijkteam-noord', '2026-11-28', paging)).items.map((item) => item.overdue)).toEqual([false, false]);
      expect((await safetyPlansMissing(db, 'wijkteam-noord', '2026-11-29', { page: 2, pageSize: 1 })).items.map((item) => item.caseFileId)).toEqual([file(1)]);
    });
  });

  it('leaves out a file once its plan is recorded', async () => {
    await withFiles([required(1), required(2), recorded(1)], async (db) => {
      expect((await safetyPlansMissing(db, 'wijkteam-noord', '2026-12-01', paging)).items.map((item) => item.caseFileId)).toEqual([file(2)]);
    });
  });
});
