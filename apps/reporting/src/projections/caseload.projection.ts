import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CaseDirectionTransferred, CaseDirectorAssigned, CaseFileClosed, CaseFileOpened, CaseFileReopened, CoachesAssigned, type PublicEvent } from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, ProjectionHost, saveRow, updateRows } from '@wijkteam/projections';
import { EntitySchema, IsNull, type EntityManager } from 'typeorm';
import { filePeriodsTable, instant, recordFilePeriod } from './intervals';

/** When each case file was open, and its team (case planning). */
export const CaseloadFilePeriods = filePeriodsTable('reporting_caseload_file_periods');

/** Who directed a case file when (case planning): a coach, the GI or GOSA (seed 000). */
export interface CaseloadDirectorRow {
  caseFileId: string;
  from: string;
  until: string | null;
  directorId: string;
  directorKind: string;
}

export const CaseloadDirectors = new EntitySchema<CaseloadDirectorRow>({
  name: 'reporting_caseload_directors',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    from: { type: 'varchar', length: 24, primary: true, name: 'directs_from' },
    until: { type: 'varchar', length: 24, nullable: true, name: 'directs_until' },
    directorId: { type: 'varchar', length: 255, name: 'director_id' },
    directorKind: { type: 'varchar', length: 32, name: 'director_kind' },
  },
});

/** Which coaches the case conference assigned to a referral, when (intake; the file names the referral). */
export interface CaseloadCoachRow {
  referralId: string;
  coachId: string;
  from: string;
  until: string | null;
}

export const CaseloadCoaches = new EntitySchema<CaseloadCoachRow>({
  name: 'reporting_caseload_coaches',
  columns: {
    referralId: { type: 'varchar', length: 36, primary: true, name: 'referral_id' },
    coachId: { type: 'varchar', length: 255, primary: true, name: 'coach_id' },
    from: { type: 'varchar', length: 24, primary: true, name: 'assigned_from' },
    until: { type: 'varchar', length: 24, nullable: true, name: 'assigned_until' },
  },
});

/**
 * Caseload per coach and per team (seed 001: ~15 cases per coach): the open case files each coach
 * directs or was assigned to. Three kinds of intervals, each written by the events of one publisher:
 * open periods and directors from case planning, assigned coaches from intake. The two publishers
 * arrive in no order with each other, so nothing is joined on arrival: a coach's caseload at T is
 * the files open at T whose director at T is the coach, or whose referral had the coach assigned at T.
 */
export const caseloadProjection = defineBusProjection({ name: 'reporting_caseload', version: 1, tables: [CaseloadFilePeriods, CaseloadDirectors, CaseloadCoaches] });

type CaseFileEvent = PublicEvent<typeof CaseFileOpened | typeof CaseFileClosed | typeof CaseFileReopened | typeof CaseDirectorAssigned | typeof CaseDirectionTransferred>;

export async function recordCaseFile(tx: EntityManager, event: CaseFileEvent): Promise<void> {
  switch (event.type) {
    case 'CaseDirectorAssigned': {
      const { caseFileId, directorId, directorKind, assignedAt } = event.data;
      return direct(tx, caseFileId, directorId, directorKind, instant(assignedAt));
    }
    case 'CaseDirectionTransferred': {
      const { caseFileId, toDirectorId, toDirectorKind, transferredAt } = event.data;
      return direct(tx, caseFileId, toDirectorId, toDirectorKind, instant(transferredAt));
    }
    default:
      return recordFilePeriod(tx, CaseloadFilePeriods, event);
  }
}

/** A new director ends the previous one's interval at the same moment. */
async function direct(tx: EntityManager, caseFileId: string, directorId: string, directorKind: string, at: string): Promise<void> {
  await updateRows(tx, CaseloadDirectors, { caseFileId, until: null }, { until: at });
  await saveRow(tx, CaseloadDirectors, { caseFileId, from: at, until: null, directorId, directorKind });
}

/** A new assignment replaces the referral's coaches: who stays keeps their interval, who goes ends it. */
export async function recordCoaches(tx: EntityManager, event: PublicEvent<typeof CoachesAssigned>): Promise<void> {
  const { referralId, coachIds, decidedAt } = event.data;
  const at = instant(decidedAt);
  const current = await tx.findBy(CaseloadCoaches, { referralId, until: IsNull() });
  for (const row of current.filter((row) => !coachIds.includes(row.coachId))) await updateRows(tx, CaseloadCoaches, { referralId, coachId: row.coachId, from: row.from }, { until: at });
  for (const coachId of coachIds.filter((id) => !current.some((row) => row.coachId === id))) await saveRow(tx, CaseloadCoaches, { referralId, coachId, from: at, until: null });
}

@Controller()
export class CaseloadFeed {
  constructor(private readonly projections: ProjectionHost) {}

  /** Case planning's events in one ordered group: a file opens before it is directed, closed or reopened. */
  @ReadModelEvents('reporting', caseloadProjection, CaseFileOpened, CaseFileClosed, CaseFileReopened, CaseDirectorAssigned, CaseDirectionTransferred)
  async onCaseFileEvent(@Payload() event: CaseFileEvent): Promise<void> {
    await this.projections.applyOnce(caseloadProjection.name, event.id, (tx) => recordCaseFile(tx, event));
  }

  @ReadModelEvents('reporting', caseloadProjection, CoachesAssigned)
  async onCoachesAssigned(@Payload() event: PublicEvent<typeof CoachesAssigned>): Promise<void> {
    await this.projections.applyOnce(caseloadProjection.name, event.id, (tx) => recordCoaches(tx, event));
  }
}
