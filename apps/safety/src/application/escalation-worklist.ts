import { Injectable } from '@nestjs/common';
import { ProjectionHost } from '@wijkteam/projections';
import type { Page, Paging } from '@wijkteam/runtime';
import { type EscalationWorklistRow, EscalationWorklistRows } from '../projections/escalation-worklist.projection';

/** An open escalation as the team's worklist shows it: ids, codes and dates, never a name or a text. */
export type EscalationWorklistItem = Omit<EscalationWorklistRow, 'teamId' | 'childIds'> & { childIds: string[] };

/** The team's open escalations, the oldest first, paged in the database; eventually consistent with the streams. */
@Injectable()
export class EscalationWorklist {
  constructor(private readonly projections: ProjectionHost) {}

  async open(teamId: string, { page, pageSize }: Paging): Promise<Page<EscalationWorklistItem>> {
    const [rows, total] = await this.projections.db.manager.findAndCount(EscalationWorklistRows, {
      where: { teamId },
      order: { proposedAt: 'ASC', escalationId: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(({ teamId: _team, childIds, ...row }) => ({ ...row, childIds: JSON.parse(childIds) as string[] })), page, pageSize, total };
  }
}
