import { addDays, dateOf } from '@wijkteam/contracts';
import type { RecordedEvent } from '@wijkteam/event-store';
import { defineProjection } from '@wijkteam/projections';
import type { Page, Paging } from '@wijkteam/runtime';
import { type EntityManager, EntitySchema } from 'typeorm';
import { caseFileStream } from '../domain/case-file';
import { FIRST_VISIT_DAYS, firstVisitStream } from '../domain/first-visit';

/** Per case file: its team, when the first visit is due, whether it was held. Ids, codes and dates. */
export interface FirstVisitDeadlineRow {
  caseFileId: string;
  teamId: string | null;
  clientId: string;
  /** JSON array of the file's children (client ids): each is shown, so each read is logged. */
  childIds: string;
  referredOn: string;
  /** YYYY-MM-DD: the case conference's date, or referral + 14 days. */
  due: string;
  /** Null until the first visit was held. */
  heldOn: string | null;
  status: 'open' | 'closed';
}

export const FirstVisitDeadlineFiles = new EntitySchema<FirstVisitDeadlineRow>({
  name: 'first_visit_deadlines_files',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    teamId: { type: 'varchar', length: 64, nullable: true, name: 'team_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    childIds: { type: 'text', name: 'child_ids' },
    referredOn: { type: 'varchar', length: 10, name: 'referred_on' },
    due: { type: 'varchar', length: 10 },
    heldOn: { type: 'varchar', length: 10, nullable: true, name: 'held_on' },
    status: { type: 'varchar', length: 8 },
  },
  // The worklist's query: one team's open files without a visit, by due date.
  indices: [{ name: 'first_visit_deadlines_overdue', columns: ['teamId', 'status', 'heldOn', 'due'] }],
});

/**
 * seed 000: the first visit within 2 weeks of the referral. Fed by case planning's own streams (the
 * case file and its first visit), each batch once; overdue is decided at query time against the
 * clock (`due < today`), never by a timer. Version 1.
 */
export const firstVisitDeadlinesProjection = defineProjection({
  name: 'first_visit_deadlines',
  version: 1,
  streamPrefixes: [caseFileStream.prefix, firstVisitStream.prefix],
  eventTypes: ['CaseFileOpened', 'CaseCoachesAssigned', 'FirstVisitHeld', 'CaseFileClosed', 'CaseFileReopened'],
  tables: [FirstVisitDeadlineFiles],
  async handle(events: readonly RecordedEvent[], tx) {
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const caseFileId = data.caseFileId as string;
      switch (event.type) {
        case 'CaseFileOpened': {
          const referredOn = dateOf(data.openedAt as string);
          // A file opened before issue 14 names no team and only the referred child.
          const childIds = (data.childIds as string[] | undefined) ?? [data.clientId as string];
          await tx.upsert(
            FirstVisitDeadlineFiles,
            { caseFileId, teamId: (data.teamId as string | null | undefined) ?? null, clientId: data.clientId as string, childIds: JSON.stringify(childIds), referredOn, due: addDays(referredOn, FIRST_VISIT_DAYS), heldOn: null, status: 'open' },
            ['caseFileId'],
          );
          break;
        }
        case 'CaseCoachesAssigned':
          await tx.update(FirstVisitDeadlineFiles, { caseFileId }, { due: data.firstVisitDue as string });
          break;
        case 'FirstVisitHeld':
          await tx.update(FirstVisitDeadlineFiles, { caseFileId }, { heldOn: data.heldOn as string });
          break;
        case 'CaseFileClosed':
          await tx.update(FirstVisitDeadlineFiles, { caseFileId }, { status: 'closed' });
          break;
        case 'CaseFileReopened':
          await tx.update(FirstVisitDeadlineFiles, { caseFileId }, { status: 'open' });
          break;
      }
    }
  },
});

/** A file whose first visit is overdue, as the worklist shows it: ids and dates, never a name. */
export interface OverdueFirstVisit {
  caseFileId: string;
  clientId: string;
  childIds: string[];
  referredOn: string;
  due: string;
  daysOverdue: number;
}

export type OverduePage = Page<OverdueFirstVisit>;

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);

/** One team's open files without a first visit whose due date lies before `today` (YYYY-MM-DD), most overdue first. */
export async function overdueFirstVisits(db: EntityManager, teamId: string, today: string, { page, pageSize }: Paging): Promise<OverduePage> {
  const [rows, total] = await db
    .createQueryBuilder(FirstVisitDeadlineFiles, 'f')
    .where('f.teamId = :teamId', { teamId })
    .andWhere('f.status = :open', { open: 'open' })
    .andWhere('f.heldOn IS NULL')
    .andWhere('f.due < :today', { today })
    .orderBy('f.due', 'ASC')
    .addOrderBy('f.caseFileId', 'ASC')
    .offset((page - 1) * pageSize)
    .limit(pageSize)
    .getManyAndCount();
  const items = rows.map((row) => ({
    caseFileId: row.caseFileId,
    clientId: row.clientId,
    childIds: JSON.parse(row.childIds) as string[],
    referredOn: row.referredOn,
    due: row.due,
    daysOverdue: daysBetween(row.due, today),
  }));
  return { items, page, pageSize, total };
}
