import { dateOf } from '@wijkteam/contracts';
import type { RecordedEvent } from '@wijkteam/event-store';
import { defineProjection } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { caseFileStream } from '../domain/case-file';
import { evaluationDueOf, evaluationStream } from '../domain/evaluation';
import { planDueOf, planStream } from '../domain/plan';

/** One case file as the plan and evaluation worklists show it: ids, codes and dates only. */
export interface PlanWorklistRow {
  caseFileId: string;
  clientId: string;
  /** JSON array of the family's children (client ids): each is shown, so each read is logged. */
  childIds: string;
  teamId: string | null;
  status: 'open' | 'closed';
  referredAt: string;
  /** seed 000: the first plan within six weeks of the referral (YYYY-MM-DD). */
  planDue: string;
  /** none: no draft yet; draft: drafted or revised and not agreed; agreed. */
  planStatus: 'none' | 'draft' | 'agreed';
  /** The day the first version was agreed; null until then (the plan is overdue after planDue). */
  planAgreedOn: string | null;
  evaluationsHeld: number;
  /** The next evaluation by number and date; null once an evaluation concluded that care ends. */
  nextEvaluationNumber: number | null;
  nextEvaluationDue: string | null;
}

export const PlanWorklistFiles = new EntitySchema<PlanWorklistRow>({
  name: 'plan_worklist_files',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    childIds: { type: 'text', name: 'child_ids' },
    teamId: { type: 'varchar', length: 64, nullable: true, name: 'team_id' },
    status: { type: 'varchar', length: 8 },
    referredAt: { type: 'varchar', length: 30, name: 'referred_at' },
    planDue: { type: 'varchar', length: 10, name: 'plan_due' },
    planStatus: { type: 'varchar', length: 8, name: 'plan_status' },
    planAgreedOn: { type: 'varchar', length: 10, nullable: true, name: 'plan_agreed_on' },
    evaluationsHeld: { type: 'integer', name: 'evaluations_held' },
    nextEvaluationNumber: { type: 'integer', nullable: true, name: 'next_evaluation_number' },
    nextEvaluationDue: { type: 'varchar', length: 10, nullable: true, name: 'next_evaluation_due' },
  },
  indices: [
    { name: 'plan_worklist_plan_due', columns: ['teamId', 'status', 'planAgreedOn', 'planDue'] },
    { name: 'plan_worklist_evaluation_due', columns: ['teamId', 'status', 'nextEvaluationDue'] },
  ],
});

/**
 * The team's plan and evaluation deadlines per case file (seed 000: the plan within 2-6 weeks of the
 * referral; evaluations 3 and 6 months after it, then every 3 months), from case planning's own
 * streams. Only readable facts: no sealed field is opened. Version 1.
 */
export const planWorklistProjection = defineProjection({
  name: 'plan_worklist',
  version: 1,
  streamPrefixes: [caseFileStream.prefix, planStream.prefix, evaluationStream.prefix],
  eventTypes: ['CaseFileOpened', 'CaseFileClosed', 'CaseFileReopened', 'PlanDrafted', 'PlanAgreed', 'PlanRevised', 'EvaluationHeld'],
  tables: [PlanWorklistFiles],
  async handle(events: readonly RecordedEvent[], tx: EntityManager) {
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const caseFileId = data.caseFileId as string;
      if (event.type === 'CaseFileOpened') {
        const referredAt = (data.referredAt as string | undefined) ?? (data.openedAt as string);
        const due = evaluationDueOf(referredAt, 0, dateOf(referredAt));
        await tx.upsert(
          PlanWorklistFiles,
          {
            caseFileId,
            clientId: data.clientId as string,
            childIds: JSON.stringify((data.childIds as string[] | undefined) ?? [data.clientId]),
            teamId: (data.teamId as string | null | undefined) ?? null,
            status: 'open',
            referredAt,
            planDue: planDueOf(referredAt),
            planStatus: 'none',
            planAgreedOn: null,
            evaluationsHeld: 0,
            nextEvaluationNumber: due.evaluationNumber,
            nextEvaluationDue: due.due,
          },
          ['caseFileId'],
        );
        continue;
      }
      const row = await tx.findOneBy(PlanWorklistFiles, { caseFileId });
      // A plan or evaluation of a file this read model never saw opened cannot be listed by team.
      if (!row) continue;
      await tx.update(PlanWorklistFiles, { caseFileId }, changeOf(event.type, data, row));
    }
  },
});

function changeOf(type: string, data: Record<string, unknown>, row: PlanWorklistRow): Partial<PlanWorklistRow> {
  switch (type) {
    case 'CaseFileClosed':
      return { status: 'closed' };
    case 'CaseFileReopened':
      return { status: 'open' };
    case 'PlanDrafted':
    case 'PlanRevised':
      return { planStatus: 'draft' };
    case 'PlanAgreed':
      return { planStatus: 'agreed', planAgreedOn: row.planAgreedOn ?? (data.agreedOn as string) };
    case 'EvaluationHeld': {
      const held = data.evaluationNumber as number;
      if (data.conclusion === 'close') return { evaluationsHeld: held, nextEvaluationNumber: null, nextEvaluationDue: null };
      const next = evaluationDueOf(row.referredAt, held, data.heldOn as string);
      return { evaluationsHeld: held, nextEvaluationNumber: next.evaluationNumber, nextEvaluationDue: next.due };
    }
    default:
      return {};
  }
}
