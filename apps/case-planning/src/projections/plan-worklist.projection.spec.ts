import type { EntityManager } from 'typeorm';
import { type GivenEvent, projectionSpec } from '@wijkteam/testing';
import { caseFileStream } from '../domain/case-file';
import { evaluationStream } from '../domain/evaluation';
import { planStream } from '../domain/plan';
import { PlanWorklistFiles, planWorklistProjection } from './plan-worklist.projection';

const spec = projectionSpec(planWorklistProjection);
const fileA = '0193a5b2-7c1e-7000-8000-00000000f001';
const fileB = '0193a5b2-7c1e-7000-8000-00000000f002';
const clientA = '0193a5b2-7c1e-7000-8000-00000000c001';
const at = '2026-08-31T09:00:00.000Z';

const opened = (caseFileId: string, teamId: string | null = 'wijkteam-noord'): GivenEvent => ({
  streamName: caseFileStream(caseFileId),
  type: 'CaseFileOpened',
  data: { caseFileId, clientId: clientA, referralId: caseFileId, teamId, route: 'jgz', childIds: [clientA], familyMemberIds: [], openedAt: at },
});
const plan = (caseFileId: string, type: string, data: Record<string, unknown> = {}): GivenEvent => ({ streamName: planStream(caseFileId), type, data: { caseFileId, clientId: clientA, version: 1, ...data } });
const evaluation = (caseFileId: string, evaluationNumber: number, heldOn: string, conclusion = 'continue'): GivenEvent => ({
  streamName: evaluationStream(caseFileId),
  type: 'EvaluationHeld',
  data: { caseFileId, clientId: clientA, evaluationNumber, heldOn, conclusion, reasonToContinueGiven: false },
});
const rowOf = async (db: EntityManager, caseFileId = fileA) => db.findOneByOrFail(PlanWorklistFiles, { caseFileId });

describe('plan worklist projection', () => {
  it('an opened file: the plan due six weeks after the referral, the first evaluation three months after it', async () => {
    await spec
      .given([])
      .when([opened(fileA)])
      .then(async (db) =>
        expect(await rowOf(db)).toEqual({
          caseFileId: fileA,
          clientId: clientA,
          childIds: JSON.stringify([clientA]),
          teamId: 'wijkteam-noord',
          status: 'open',
          referredAt: at,
          planDue: '2026-10-12',
          planStatus: 'none',
          planAgreedOn: null,
          evaluationsHeld: 0,
          nextEvaluationNumber: 1,
          nextEvaluationDue: '2026-11-30',
        }),
      );
  });

  it('a draft, the agreement, a revision: the first agreement day stays', async () => {
    await spec
      .given([opened(fileA), plan(fileA, 'PlanDrafted'), plan(fileA, 'PlanAgreed', { agreedOn: '2026-09-20' })])
      .when([plan(fileA, 'PlanRevised', { version: 2 })])
      .then(async (db) => expect(await rowOf(db)).toMatchObject({ planStatus: 'draft', planAgreedOn: '2026-09-20' }));
    await spec
      .given([opened(fileA), plan(fileA, 'PlanAgreed', { agreedOn: '2026-09-20' }), plan(fileA, 'PlanRevised', { version: 2 })])
      .when([plan(fileA, 'PlanAgreed', { version: 2, agreedOn: '2026-12-01' })])
      .then(async (db) => expect(await rowOf(db)).toMatchObject({ planStatus: 'agreed', planAgreedOn: '2026-09-20' }));
  });

  it('each evaluation moves the next one three months on from the referral; a closing one ends them', async () => {
    await spec
      .given([opened(fileA), opened(fileB)])
      .when([evaluation(fileA, 1, '2026-12-05'), evaluation(fileB, 1, '2026-11-30'), evaluation(fileB, 2, '2027-02-28', 'close')])
      .then(async (db) => {
        expect(await rowOf(db, fileA)).toMatchObject({ evaluationsHeld: 1, nextEvaluationNumber: 2, nextEvaluationDue: '2027-02-28' });
        expect(await rowOf(db, fileB)).toMatchObject({ evaluationsHeld: 2, nextEvaluationNumber: null, nextEvaluationDue: null });
      });
  });

  it('follows closure and reopening of the file', async () => {
    const closed: GivenEvent = { streamName: caseFileStream(fileA), type: 'CaseFileClosed', data: { caseFileId: fileA, clientId: clientA, reason: 'goals_reached_closed', closedAt: at } };
    const reopened: GivenEvent = { streamName: caseFileStream(fileA), type: 'CaseFileReopened', data: { caseFileId: fileA, clientId: clientA, reason: 'new_help_request', reopenedAt: at } };
    await spec.given([opened(fileA)]).when([closed]).then(async (db) => expect((await rowOf(db)).status).toBe('closed'));
    await spec.given([opened(fileA), closed]).when([reopened]).then(async (db) => expect((await rowOf(db)).status).toBe('open'));
  });

  it('ignores plans and evaluations of a file it never saw opened', async () => {
    await spec
      .given([])
      .when([plan(fileB, 'PlanAgreed', { agreedOn: '2026-09-20' }), evaluation(fileB, 1, '2026-12-01')])
      .then(async (db) => expect(await db.count(PlanWorklistFiles)).toBe(0));
  });
});
