import type { PublicEvent } from '@wijkteam/contracts';
import type { ProjectionHost } from '@wijkteam/projections';
import type { EntityManager } from 'typeorm';
import { busProjectionSpec, eventId } from '../../test/bus-projection-spec';
import type { IntakeEighteenthMonths } from '../application/intake-eighteenth-months';
import { SafetyLists } from '../application/safety-lists';
import { recordSafetyPlanFact, recordSafetyPlanFile, safetyPlansProjection } from './safety-plans.projection';

const id = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000a${n}`;
const opened = (n: number, teamId: string | null, openedAt = '2026-01-05T09:00:00.000Z') => ({
  type: 'CaseFileOpened',
  data: { caseFileId: id(n), clientId: id(n), referralId: id(n), teamId, route: 'jgz', childIds: [id(n)], familyMemberIds: [], openedAt },
});
const closed = (n: number, closedAt: string) => ({ type: 'CaseFileClosed', data: { caseFileId: id(n), clientId: id(n), reason: 'goals_reached_closed', informed: [], referredTo: 'none', closedAt } });
const reopened = (n: number, reopenedAt: string) => ({ type: 'CaseFileReopened', data: { caseFileId: id(n), clientId: id(n), reason: 'waakvlam_signal', reopenedAt } });
const required = (n: number, assessment: number, requiredAt: string, due: string) => ({
  type: 'SafetyPlanRequired',
  data: { caseFileId: id(n), assessmentId: id(assessment), considerCrisisInterventionTeam: true, due, requiredAt },
});
const recorded = (n: number, recordedAt: string) => ({ type: 'SafetyPlanRecorded', data: { caseFileId: id(n), version: 1, agreementCount: 2, reviewOn: '2026-06-01', recordedBy: 'coach-1', recordedAt } });

const spec = busProjectionSpec(safetyPlansProjection, (tx, event) =>
  event.type.startsWith('CaseFile') ? recordSafetyPlanFile(tx, event as PublicEvent<never>) : recordSafetyPlanFact(tx, event as PublicEvent<never>),
);
const missing = async (db: EntityManager, asOf: string, team: string | null = 'wijkteam-noord') =>
  (await new SafetyLists({ db: { manager: db } } as unknown as ProjectionHost, {} as IntakeEighteenthMonths).safetyPlansMissing({ team, asOf })).rows;

describe('reporting_safety_plans read model (bus-fed)', () => {
  it('given an ETM 5 requirement, then it is missing from its time until a plan is recorded, overdue after its due day', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord')])
      .when([required(1, 5, '2026-02-01T10:00:00.000Z', '2026-02-06'), recorded(1, '2026-02-10T12:00:00.000Z')])
      .then(async (db) => {
        expect(await missing(db, '2026-02-01T09:59:59.999Z')).toEqual([]);
        expect(await missing(db, '2026-02-01T10:00:00.000Z')).toEqual([
          { team: 'wijkteam-noord', caseFileId: id(1), clientId: id(1), assessmentId: id(5), requiredAt: '2026-02-01T10:00:00.000Z', due: '2026-02-06', overdue: false },
        ]);
        expect((await missing(db, '2026-02-06T23:59:59.999Z')).map((row) => row.overdue)).toEqual([false]);
        expect((await missing(db, '2026-02-07T00:00:00.000Z')).map((row) => row.overdue)).toEqual([true]);
        expect(await missing(db, '2026-02-10T12:00:00.000Z')).toEqual([]);
      });
  });

  it('given a plan recorded, when a later ETM 5 requires one again, then only the new requirement is missing', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), required(1, 5, '2026-02-01T10:00:00.000Z', '2026-02-06'), recorded(1, '2026-02-03T10:00:00.000Z')])
      .when([required(1, 6, '2026-03-01T10:00:00.000Z', '2026-03-06')])
      .then(async (db) => {
        expect((await missing(db, '2026-02-02T00:00:00.000Z')).map((row) => row.assessmentId)).toEqual([id(5)]);
        expect((await missing(db, '2026-03-02T00:00:00.000Z')).map((row) => row.assessmentId)).toEqual([id(6)]);
      });
  });

  it('given a requirement on a file, when the file closes and reopens, then it is not listed while the file was closed', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), required(1, 5, '2026-02-01T10:00:00.000Z', '2026-02-06')])
      .when([closed(1, '2026-02-15T10:00:00.000Z'), reopened(1, '2026-03-01T10:00:00.000Z')])
      .then(async (db) => {
        expect(await missing(db, '2026-02-14T00:00:00.000Z')).toHaveLength(1);
        expect(await missing(db, '2026-02-20T00:00:00.000Z')).toEqual([]);
        expect(await missing(db, '2026-03-02T00:00:00.000Z')).toHaveLength(1);
      });
  });

  it('given requirements of two teams and one whose file has not reached reporting, then a team sees its own, an auditor all, the unknown one unattributed', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), opened(2, 'wijkteam-zuid')])
      .when([required(1, 5, '2026-02-01T10:00:00.000Z', '2026-02-06'), required(2, 6, '2026-02-01T11:00:00.000Z', '2026-02-06'), required(3, 7, '2026-02-01T12:00:00.000Z', '2026-02-06')])
      .then(async (db) => {
        const asOf = '2026-02-02T00:00:00.000Z';
        expect((await missing(db, asOf)).map((row) => row.caseFileId)).toEqual([id(1)]);
        expect((await missing(db, asOf, null)).map((row) => [row.team, row.clientId])).toEqual([
          ['wijkteam-noord', id(1)],
          ['wijkteam-zuid', id(2)],
          ['unattributed', null],
        ]);
      });
  });

  it('given a requirement, when it and the plan are delivered again, then nothing changes', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), required(1, 5, '2026-02-01T10:00:00.000Z', '2026-02-06'), recorded(1, '2026-02-10T12:00:00.000Z')])
      .when([{ ...required(1, 5, '2026-02-01T10:00:00.000Z', '2026-02-06'), id: eventId(2) }, { ...recorded(1, '2026-02-10T12:00:00.000Z'), id: eventId(3) }])
      .then(async (db) => {
        expect(await missing(db, '2026-02-11T00:00:00.000Z')).toEqual([]);
        expect(await missing(db, '2026-02-05T00:00:00.000Z')).toHaveLength(1);
      });
  });
});
