import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CaseFileClosed, CaseFileOpened, CaseFileReopened, type PublicEvent, SafetyPlanRecorded, SafetyPlanRequired } from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, ProjectionHost, runStatement, saveRow } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { type FileLifecycleEvent, filePeriodsTable, listedFilesTable, recordFilePeriod } from './case-file-periods';

/**
 * seed 000: ETM 5 requires a safety plan by a deadline. One row per requirement (the ETM 5
 * assessment), as an interval in event time: missing from `requiredAt` until a plan version is
 * recorded (`recordedAt`, null while missing). Ids and dates only.
 */
export interface SafetyPlanRequirementRow {
  assessmentId: string;
  caseFileId: string;
  requiredAt: string;
  /** The last day (UTC, YYYY-MM-DD) to record the plan; overdue after it. */
  due: string;
  recordedAt: string | null;
}

export const SafetyPlanRequirements = new EntitySchema<SafetyPlanRequirementRow>({
  name: 'reporting_safety_plans_required',
  columns: {
    assessmentId: { type: 'varchar', length: 36, primary: true, name: 'assessment_id' },
    caseFileId: { type: 'varchar', length: 36, name: 'case_file_id' },
    requiredAt: { type: 'varchar', length: 30, name: 'required_at' },
    due: { type: 'varchar', length: 10 },
    recordedAt: { type: 'varchar', length: 30, nullable: true, name: 'recorded_at' },
  },
  indices: [{ name: 'reporting_safety_plans_required_file', columns: ['caseFileId'] }],
});

export const SafetyPlanFiles = listedFilesTable('reporting_safety_plans_files');
export const SafetyPlanFilePeriods = filePeriodsTable('reporting_safety_plans_file_periods');

/**
 * Safety plans missing at ETM 5 (issue 16), per team, now or at any moment: a requirement counts
 * while its file is open (as safety's own worklist shows it). The team is the file's (case
 * planning's CaseFileOpened), joined when the list is read.
 */
export const safetyPlansProjection = defineBusProjection({ name: 'reporting_safety_plans', version: 1, tables: [SafetyPlanRequirements, SafetyPlanFiles, SafetyPlanFilePeriods] });

export async function recordSafetyPlanFact(tx: EntityManager, event: PublicEvent<typeof SafetyPlanRequired | typeof SafetyPlanRecorded>): Promise<void> {
  if (event.type === 'SafetyPlanRequired') {
    const { assessmentId, caseFileId, requiredAt, due } = event.data;
    await saveRow(tx, SafetyPlanRequirements, { assessmentId, caseFileId, requiredAt, due, recordedAt: null });
    return;
  }
  // A plan version answers every requirement of the file made before it (safety: "recorded after the requirement").
  const { caseFileId, recordedAt } = event.data;
  await runStatement(tx, 'UPDATE reporting_safety_plans_required SET recorded_at = ? WHERE case_file_id = ? AND recorded_at IS NULL AND required_at <= ?', [recordedAt, caseFileId, recordedAt]);
}

export const recordSafetyPlanFile = (tx: EntityManager, event: FileLifecycleEvent): Promise<void> => recordFilePeriod(tx, SafetyPlanFiles, SafetyPlanFilePeriods, event);

@Controller()
export class SafetyPlansFeed {
  constructor(private readonly projections: ProjectionHost) {}

  @ReadModelEvents('reporting', safetyPlansProjection, SafetyPlanRequired, SafetyPlanRecorded)
  async onSafetyEvent(@Payload() event: PublicEvent<typeof SafetyPlanRequired | typeof SafetyPlanRecorded>): Promise<void> {
    await this.projections.applyOnce(safetyPlansProjection.name, event.id, (tx) => recordSafetyPlanFact(tx, event));
  }

  @ReadModelEvents('reporting', safetyPlansProjection, CaseFileOpened, CaseFileClosed, CaseFileReopened)
  async onCaseFileEvent(@Payload() event: FileLifecycleEvent): Promise<void> {
    await this.projections.applyOnce(safetyPlansProjection.name, event.id, (tx) => recordSafetyPlanFile(tx, event));
  }
}
