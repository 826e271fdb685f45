import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CaseFileClosed, CaseFileOpened, CaseFileReopened, CoachesAssigned, EvaluationHeld, FirstVisitHeld, PlanAgreed, PlanRevised, type PublicEvent, ReferralReceived } from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, findRow, ProjectionHost, saveRow } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { filePeriodsTable, instant, recordFilePeriod } from './intervals';

/** When each case file was open, and its team (case planning). */
export const DeadlineFilePeriods = filePeriodsTable('reporting_case_deadlines_file_periods');

/**
 * What a referral's deadlines count from (intake): the moment it was received (seed 000: the terms
 * run from the referral) and the first-visit date the case conference set, with when it set it.
 */
export interface DeadlineReferralRow {
  referralId: string;
  receivedAt: string | null;
  firstVisitDue: string | null;
  firstVisitDueSetAt: string | null;
}

export const DeadlineReferrals = new EntitySchema<DeadlineReferralRow>({
  name: 'reporting_case_deadlines_referrals',
  columns: {
    referralId: { type: 'varchar', length: 36, primary: true, name: 'referral_id' },
    receivedAt: { type: 'varchar', length: 24, nullable: true, name: 'received_at' },
    firstVisitDue: { type: 'varchar', length: 10, nullable: true, name: 'first_visit_due' },
    firstVisitDueSetAt: { type: 'varchar', length: 24, nullable: true, name: 'first_visit_due_set_at' },
  },
});

export type MilestoneKind = 'first_visit' | 'plan_agreed' | 'plan_revised' | 'evaluation';

/**
 * A step of the case that meets or moves a deadline (case planning), at the moment it was recorded:
 * the first visit, a plan version agreed or revised, an evaluation by its number (with its
 * conclusion: `close` ends the evaluations).
 */
export interface MilestoneRow {
  caseFileId: string;
  kind: MilestoneKind;
  /** The plan version or the evaluation number; 1 for the first visit. */
  number: number;
  at: string;
  conclusion: string | null;
}

export const DeadlineMilestones = new EntitySchema<MilestoneRow>({
  name: 'reporting_case_deadlines_milestones',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    kind: { type: 'varchar', length: 16, primary: true },
    number: { type: 'integer', primary: true },
    at: { type: 'varchar', length: 24, name: 'recorded_at' },
    conclusion: { type: 'varchar', length: 32, nullable: true },
  },
});

/**
 * The deadlines of seed 000 per case file: first visit within 2 weeks of the referral (or by the
 * case conference's date), plan of approach within 6 weeks, evaluations 3 and 6 months after the
 * referral and then every 3 months. Every fact is kept with its time, so what was overdue at any
 * moment T follows from the same rows; overdue is decided when asked, against T, never by a timer.
 * Ids, dates and codes only.
 */
export const caseDeadlinesProjection = defineBusProjection({
  name: 'reporting_case_deadlines',
  version: 1,
  tables: [DeadlineFilePeriods, DeadlineReferrals, DeadlineMilestones],
});

type CasePlanningEvent = PublicEvent<
  typeof CaseFileOpened | typeof CaseFileClosed | typeof CaseFileReopened | typeof FirstVisitHeld | typeof PlanAgreed | typeof PlanRevised | typeof EvaluationHeld
>;

export async function recordCaseStep(tx: EntityManager, event: CasePlanningEvent): Promise<void> {
  const { caseFileId } = event.data;
  switch (event.type) {
    case 'FirstVisitHeld':
      return milestone(tx, { caseFileId, kind: 'first_visit', number: 1, at: instant(event.data.heldAt), conclusion: null });
    case 'PlanAgreed':
      return milestone(tx, { caseFileId, kind: 'plan_agreed', number: event.data.version, at: instant(event.data.agreedAt), conclusion: null });
    case 'PlanRevised':
      return milestone(tx, { caseFileId, kind: 'plan_revised', number: event.data.version, at: instant(event.data.revisedAt), conclusion: null });
    case 'EvaluationHeld':
      return milestone(tx, { caseFileId, kind: 'evaluation', number: event.data.evaluationNumber, at: instant(event.data.heldAt), conclusion: event.data.conclusion });
    default:
      return recordFilePeriod(tx, DeadlineFilePeriods, event);
  }
}

async function milestone(tx: EntityManager, row: MilestoneRow): Promise<void> {
  await saveRow(tx, DeadlineMilestones, row);
}

type IntakeEvent = PublicEvent<typeof ReferralReceived | typeof CoachesAssigned>;

export async function recordReferral(tx: EntityManager, event: IntakeEvent): Promise<void> {
  const { referralId } = event.data;
  const known = (await findRow(tx, DeadlineReferrals, { referralId })) ?? { referralId, receivedAt: null, firstVisitDue: null, firstVisitDueSetAt: null };
  if (event.type === 'ReferralReceived') await saveRow(tx, DeadlineReferrals, { ...known, receivedAt: instant(event.data.receivedAt) });
  else await saveRow(tx, DeadlineReferrals, { ...known, firstVisitDue: event.data.firstVisitDue, firstVisitDueSetAt: instant(event.data.decidedAt) });
}

@Controller()
export class CaseDeadlinesFeed {
  constructor(private readonly projections: ProjectionHost) {}

  /** Case planning's events in one ordered group: a file opens before its steps, closure and reopening. */
  @ReadModelEvents('reporting', caseDeadlinesProjection, CaseFileOpened, CaseFileClosed, CaseFileReopened, FirstVisitHeld, PlanAgreed, PlanRevised, EvaluationHeld)
  async onCaseStep(@Payload() event: CasePlanningEvent): Promise<void> {
    await this.projections.applyOnce(caseDeadlinesProjection.name, event.id, (tx) => recordCaseStep(tx, event));
  }

  /** Intake's events, in no order with case planning's: the referral's time is joined when a list is asked. */
  @ReadModelEvents('reporting', caseDeadlinesProjection, ReferralReceived, CoachesAssigned)
  async onReferralEvent(@Payload() event: IntakeEvent): Promise<void> {
    await this.projections.applyOnce(caseDeadlinesProjection.name, event.id, (tx) => recordReferral(tx, event));
  }
}
