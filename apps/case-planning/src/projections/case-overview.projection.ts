import type { RecordedEvent } from '@wijkteam/event-store';
import { defineProjection } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { caseFileStream } from '../domain/case-file';

/** A case file as "my cases" shows it: ids, codes and dates only. */
export interface CaseOverviewRow {
  caseFileId: string;
  clientId: string;
  /** JSON array of the family's children (client ids): each is shown, so each read is logged. */
  childIds: string;
  teamId: string | null;
  status: 'open' | 'closed';
  directorId: string | null;
  directorKind: string | null;
  /** JSON array of the assigned coaches' user ids. */
  coachIds: string;
  openedAt: string;
  firstVisitDue: string | null;
  /** While a waakvlam is on after closure: its next review date (seed 003). */
  waakvlamReviewOn: string | null;
}

/** Who is on a file (its director and its coaches), for the "my cases" lookup. */
export interface CaseOverviewPersonRow {
  caseFileId: string;
  userId: string;
}

export const CaseOverviewFiles = new EntitySchema<CaseOverviewRow>({
  name: 'case_overview_files',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    childIds: { type: 'text', name: 'child_ids' },
    teamId: { type: 'varchar', length: 64, nullable: true, name: 'team_id' },
    status: { type: 'varchar', length: 8 },
    directorId: { type: 'varchar', length: 255, nullable: true, name: 'director_id' },
    directorKind: { type: 'varchar', length: 32, nullable: true, name: 'director_kind' },
    coachIds: { type: 'text', name: 'coach_ids' },
    openedAt: { type: 'varchar', length: 30, name: 'opened_at' },
    firstVisitDue: { type: 'varchar', length: 10, nullable: true, name: 'first_visit_due' },
    waakvlamReviewOn: { type: 'varchar', length: 10, nullable: true, name: 'waakvlam_review_on' },
  },
});

export const CaseOverviewPeople = new EntitySchema<CaseOverviewPersonRow>({
  name: 'case_overview_people',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    userId: { type: 'varchar', length: 255, primary: true, name: 'user_id' },
  },
  indices: [{ name: 'case_overview_people_user', columns: ['userId'] }],
});

/** The director and the coaches are "on the file": rewritten whenever either changes. */
async function peopleOf(tx: EntityManager, row: CaseOverviewRow): Promise<void> {
  const people = new Set<string>(JSON.parse(row.coachIds) as string[]);
  if (row.directorId && row.directorKind !== 'certified_institution' && row.directorKind !== 'gosa') people.add(row.directorId);
  await tx.delete(CaseOverviewPeople, { caseFileId: row.caseFileId });
  if (people.size > 0) await tx.insert(CaseOverviewPeople, [...people].map((userId) => ({ caseFileId: row.caseFileId, userId })));
}

function changesOf(type: string, data: Record<string, unknown>): Partial<CaseOverviewRow> | undefined {
  switch (type) {
    case 'CaseCoachesAssigned':
      return { coachIds: JSON.stringify(data.coachIds), firstVisitDue: data.firstVisitDue as string };
    case 'CaseDirectorAssigned':
      return { directorId: data.directorId as string, directorKind: data.directorKind as string };
    case 'CaseDirectionTransferred':
      return { directorId: data.toDirectorId as string, directorKind: data.toDirectorKind as string };
    case 'CaseFileClosed':
      return { status: 'closed' };
    case 'WaakvlamStarted':
      return { waakvlamReviewOn: data.reviewOn as string };
    case 'WaakvlamReviewed':
      return { waakvlamReviewOn: data.outcome === 'continue_monitoring' ? (data.nextReviewOn as string) : null };
    case 'CaseFileReopened':
      return { status: 'open', waakvlamReviewOn: null };
    default:
      return undefined;
  }
}

/**
 * The case files of the team and who is on them (director, coaches), with the first-visit deadline
 * and the waakvlam's review date: the read model behind "my cases". Case planning's own case-file
 * streams; no sealed field. Version 1.
 */
export const caseOverviewProjection = defineProjection({
  name: 'case_overview',
  version: 1,
  streamPrefixes: [caseFileStream.prefix],
  eventTypes: ['CaseFileOpened', 'CaseCoachesAssigned', 'CaseDirectorAssigned', 'CaseDirectionTransferred', 'CaseFileClosed', 'WaakvlamStarted', 'WaakvlamReviewed', 'CaseFileReopened'],
  tables: [CaseOverviewFiles, CaseOverviewPeople],
  async handle(events: readonly RecordedEvent[], tx: EntityManager) {
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const caseFileId = caseFileStream.idOf(event.streamName);
      if (!caseFileId) continue;
      if (event.type === 'CaseFileOpened') {
        // A file opened before issue 14 names no team and only the referred child.
        const row: CaseOverviewRow = {
          caseFileId,
          clientId: data.clientId as string,
          childIds: JSON.stringify((data.childIds as string[] | undefined) ?? [data.clientId]),
          teamId: (data.teamId as string | null | undefined) ?? null,
          status: 'open',
          directorId: null,
          directorKind: null,
          coachIds: '[]',
          openedAt: data.openedAt as string,
          firstVisitDue: null,
          waakvlamReviewOn: null,
        };
        await tx.upsert(CaseOverviewFiles, row, ['caseFileId']);
        continue;
      }
      const changes = changesOf(event.type, data);
      const current = changes && (await tx.findOneBy(CaseOverviewFiles, { caseFileId }));
      if (!changes || !current) continue;
      const row = { ...current, ...changes };
      await tx.update(CaseOverviewFiles, { caseFileId }, changes);
      if ('coachIds' in changes || 'directorId' in changes) await peopleOf(tx, row);
    }
  },
});
