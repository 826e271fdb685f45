import type { RecordedEvent } from '@wijkteam/event-store';
import { defineProjection } from '@wijkteam/projections';
import type { Page, Paging } from '@wijkteam/runtime';
import { EntitySchema, type EntityManager, In } from 'typeorm';
import { safetyStream } from '../domain/safety-assessment';
import { DEFAULT_SAFETY_PLAN_DAYS, safetyPlanDueOf } from '../domain/safety-plan';
import { SafetyCaseFileRows } from './safety-case-files.projection';

/** One case file's safety-plan requirement (seed 000: ETM 5): ids, codes and dates only. */
export interface SafetyPlanDeadlineRow {
  caseFileId: string;
  /** The ETM 5 assessment that required the plan. */
  assessmentId: string;
  requiredAt: string;
  /** The last day to record the plan (YYYY-MM-DD). */
  due: string;
  /** True until a plan version is recorded after the requirement. */
  open: boolean;
  /** Whether the CIT decision of this ETM 5 was recorded. */
  crisisInterventionDecided: boolean;
}

export const SafetyPlanDeadlineRows = new EntitySchema<SafetyPlanDeadlineRow>({
  name: 'safety_plan_deadlines_files',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    assessmentId: { type: 'varchar', length: 36, name: 'assessment_id' },
    requiredAt: { type: 'varchar', length: 30, name: 'required_at' },
    due: { type: 'varchar', length: 10 },
    open: { type: 'boolean' },
    crisisInterventionDecided: { type: 'boolean', name: 'crisis_intervention_decided' },
  },
  indices: [{ name: 'safety_plan_deadlines_open_due', columns: ['open', 'due'] }],
});

/**
 * The safety plans ETM 5 requires and nobody recorded yet, with their deadline, from safety's own
 * assessment streams. The team is not copied here: the worklist joins the file's current team from
 * `safety_case_files`, so a file that changes hands moves with it. No sealed field is opened.
 */
export const safetyPlanDeadlinesProjection = defineProjection({
  name: 'safety_plan_deadlines',
  version: 1,
  streamPrefixes: [safetyStream.prefix],
  eventTypes: ['SafetyPlanRequired', 'SafetyPlanRecorded', 'CrisisInterventionConsidered'],
  tables: [SafetyPlanDeadlineRows],
  async handle(events: readonly RecordedEvent[], tx: EntityManager) {
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const caseFileId = data.caseFileId as string;
      switch (event.type) {
        case 'SafetyPlanRequired': {
          const requiredAt = data.requiredAt as string;
          // A requirement recorded before deadlines existed had the default one.
          const due = (data.due as string | undefined) ?? safetyPlanDueOf(requiredAt, DEFAULT_SAFETY_PLAN_DAYS);
          await tx.upsert(SafetyPlanDeadlineRows, { caseFileId, assessmentId: data.assessmentId as string, requiredAt, due, open: true, crisisInterventionDecided: false }, ['caseFileId']);
          break;
        }
        case 'SafetyPlanRecorded':
          await tx.update(SafetyPlanDeadlineRows, { caseFileId }, { open: false });
          break;
        case 'CrisisInterventionConsidered':
          await tx.update(SafetyPlanDeadlineRows, { caseFileId }, { crisisInterventionDecided: true });
          break;
      }
    }
  },
});

/** A file whose safety plan is missing, as the worklist shows it: ids, codes and dates, never a name or a text. */
export interface MissingSafetyPlan {
  caseFileId: string;
  clientId: string;
  childIds: string[];
  assessmentId: string;
  requiredAt: string;
  due: string;
  /** Past the deadline: `today` is after `due`. */
  overdue: boolean;
  crisisInterventionDecided: boolean;
}

/**
 * One team's open files with ETM 5 and no safety plan recorded since, the earliest deadline first
 * (overdue ones on top), paged in the database. `today` is YYYY-MM-DD (UTC).
 */
export async function safetyPlansMissing(db: EntityManager, teamId: string, today: string, { page, pageSize }: Paging): Promise<Page<MissingSafetyPlan>> {
  const [rows, total] = await db
    .createQueryBuilder(SafetyPlanDeadlineRows, 'd')
    .innerJoin(SafetyCaseFileRows.options.name, 'f', 'f.caseFileId = d.caseFileId')
    .where('d.open = :open', { open: true })
    .andWhere('f.teamId = :teamId', { teamId })
    .andWhere('f.status = :status', { status: 'open' })
    .orderBy('d.due', 'ASC')
    .addOrderBy('d.caseFileId', 'ASC')
    .offset((page - 1) * pageSize)
    .limit(pageSize)
    .getManyAndCount();
  const files = new Map((rows.length ? await db.findBy(SafetyCaseFileRows, { caseFileId: In(rows.map((row) => row.caseFileId)) }) : []).map((file) => [file.caseFileId, file]));
  const items = rows.map(({ open: _open, ...row }) => {
    const file = files.get(row.caseFileId);
    return { ...row, clientId: file?.clientId ?? '', childIds: JSON.parse(file?.childIds ?? '[]') as string[], overdue: today > row.due };
  });
  return { items, page, pageSize, total };
}
