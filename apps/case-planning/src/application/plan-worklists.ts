import { addDays } from '@wijkteam/contracts';
import { Injectable } from '@nestjs/common';
import { ProjectionHost } from '@wijkteam/projections';
import type { Page, Paging } from '@wijkteam/runtime';
import type { SelectQueryBuilder } from 'typeorm';
import { PlanWorklistFiles, type PlanWorklistRow } from '../projections/plan-worklist.projection';

/** A case file as the plan worklists show it: ids, codes and dates, never a name or a text. */
export interface PlanWorklistItem {
  caseFileId: string;
  clientId: string;
  childIds: string[];
  referredAt: string;
  planDue: string;
  planStatus: PlanWorklistRow['planStatus'];
  planAgreedOn: string | null;
  evaluationsHeld: number;
  nextEvaluationNumber: number | null;
  nextEvaluationDue: string | null;
}

const itemOf = ({ teamId: _team, status: _status, childIds, ...row }: PlanWorklistRow): PlanWorklistItem => ({ ...row, childIds: JSON.parse(childIds) as string[] });

/**
 * The team's plan worklists, from the plan_worklist read model: one team's open files, ordered and
 * paged in the database. Eventually consistent with the streams.
 */
@Injectable()
export class PlanWorklists {
  constructor(private readonly projections: ProjectionHost) {}

  /** seed 000: no plan agreed and more than six weeks since the referral; the longest overdue first. */
  overduePlans(teamId: string, today: string, paging: Paging): Promise<Page<PlanWorklistItem>> {
    const query = this.openOf(teamId).andWhere('f.planAgreedOn IS NULL').andWhere('f.planDue < :today', { today });
    return this.page(query.orderBy('f.planDue', 'ASC').addOrderBy('f.caseFileId', 'ASC'), paging);
  }

  /** The evaluations due within `withinDays` (overdue ones included), the earliest first. */
  evaluationsDue(teamId: string, today: string, withinDays: number, paging: Paging): Promise<Page<PlanWorklistItem>> {
    const query = this.openOf(teamId).andWhere('f.nextEvaluationDue IS NOT NULL').andWhere('f.nextEvaluationDue <= :until', { until: addDays(today, withinDays) });
    return this.page(query.orderBy('f.nextEvaluationDue', 'ASC').addOrderBy('f.caseFileId', 'ASC'), paging);
  }

  private openOf(teamId: string): SelectQueryBuilder<PlanWorklistRow> {
    return this.projections.db.manager.createQueryBuilder(PlanWorklistFiles, 'f').where('f.teamId = :teamId', { teamId }).andWhere('f.status = :open', { open: 'open' });
  }

  private async page(query: SelectQueryBuilder<PlanWorklistRow>, { page, pageSize }: Paging): Promise<Page<PlanWorklistItem>> {
    const [rows, total] = await query.offset((page - 1) * pageSize).limit(pageSize).getManyAndCount();
    return { items: rows.map(itemOf), page, pageSize, total };
  }
}
