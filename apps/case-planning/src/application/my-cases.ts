import { Injectable } from '@nestjs/common';
import { ProjectionHost } from '@wijkteam/projections';
import type { Page, Paging } from '@wijkteam/runtime';
import { Brackets } from 'typeorm';
import { CaseOverviewFiles, CaseOverviewPeople, type CaseOverviewRow } from '../projections/case-overview.projection';

/** A case file as "my cases" shows it: ids, codes and dates, never a name. */
export interface MyCaseItem {
  caseFileId: string;
  clientId: string;
  childIds: string[];
  status: 'open' | 'closed';
  /** director: you direct it; coach: you are one of its coaches. */
  myRole: 'director' | 'coach';
  directorId: string | null;
  directorKind: string | null;
  coachIds: string[];
  openedAt: string;
  firstVisitDue: string | null;
  waakvlamReviewOn: string | null;
}

/**
 * The files a coach is on (director or assigned coach), of their own team: the open ones and the
 * closed ones still under a waakvlam; the nearest deadline first. Eventually consistent.
 */
@Injectable()
export class MyCases {
  constructor(private readonly projections: ProjectionHost) {}

  async of(teamId: string, userId: string, { page, pageSize }: Paging): Promise<Page<MyCaseItem>> {
    const query = this.projections.db.manager
      .createQueryBuilder(CaseOverviewFiles, 'file')
      .innerJoin(CaseOverviewPeople.options.name, 'person', 'person.caseFileId = file.caseFileId AND person.userId = :userId', { userId })
      .where('file.teamId = :teamId', { teamId })
      .andWhere(new Brackets((open) => open.where('file.status = :open', { open: 'open' }).orWhere('file.waakvlamReviewOn IS NOT NULL')))
      // The nearest date first: the first visit due, else the waakvlam's review, else the opening.
      .addSelect('COALESCE("file"."first_visit_due", "file"."waakvlam_review_on", "file"."opened_at")', 'nearest')
      .orderBy('nearest', 'ASC')
      .addOrderBy('file.caseFileId', 'ASC');
    const [rows, total] = await query.offset((page - 1) * pageSize).limit(pageSize).getManyAndCount();
    return { items: rows.map((row) => itemOf(row, userId)), page, pageSize, total };
  }
}

function itemOf(row: CaseOverviewRow, userId: string): MyCaseItem {
  const { teamId: _team, childIds, coachIds, ...rest } = row;
  return { ...rest, childIds: JSON.parse(childIds) as string[], coachIds: JSON.parse(coachIds) as string[], myRole: row.directorId === userId ? 'director' : 'coach' };
}
