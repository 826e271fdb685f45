import { Injectable } from '@nestjs/common';
import { ProjectionHost } from '@wijkteam/projections';
import type { Page, Paging } from '@wijkteam/runtime';
import { Brackets, type SelectQueryBuilder } from 'typeorm';
import type { Channel, DoubtReason, Route } from '../domain/referral';
import { ReferralWorklistCoaches, ReferralWorklistReferrals, type ReferralWorklistRow, type WorklistStatus } from '../projections/referral-worklist.projection';

/** A referral as a worklist shows it: ids, codes and dates, never a name. */
export interface WorklistItem {
  referralId: string;
  clientId: string;
  childIds: string[];
  route: Route;
  channel: Channel;
  status: WorklistStatus;
  priority: 'urgent' | 'regular' | null;
  etmIndication: number | null;
  receivedAt: string;
  inDoubt: DoubtReason | null;
  markedForDiscussion: boolean;
  coachIds: string[];
  firstVisitDue: string | null;
  caseFileId: string | null;
}

export type WaitingListItem = WorklistItem & { daysWaiting: number };

export type { Page, Paging } from '@wijkteam/runtime';

export interface WorklistFilter {
  route?: Route;
  priority?: 'urgent' | 'regular';
}

/** Not yet decided: received (also back from the waiting list) or waiting. */
const OPEN: WorklistStatus[] = ['received', 'waitlisted'];
const DAY_MS = 86_400_000;

const itemOf = (row: ReferralWorklistRow): WorklistItem => ({
  referralId: row.referralId,
  clientId: row.clientId,
  childIds: JSON.parse(row.childIds) as string[],
  route: row.route,
  channel: row.channel,
  status: row.status,
  priority: row.priority,
  etmIndication: row.etmIndication,
  receivedAt: row.receivedAt,
  inDoubt: row.inDoubt,
  markedForDiscussion: Boolean(row.markedForDiscussion),
  coachIds: JSON.parse(row.coachIds) as string[],
  firstVisitDue: row.firstVisitDue,
  caseFileId: row.caseFileId,
});

/** Whole days from the referral to now (seed 004 counts waiting from the referral, not from the list). */
export const daysWaitingOf = (receivedAt: string, now: Date): number => Math.max(0, Math.floor((now.getTime() - Date.parse(receivedAt)) / DAY_MS));

/**
 * The team's worklists (issue 13), from the referral_worklist read model: always one team's rows
 * (the caller's organisation), filtered, ordered and paged in the database. Eventually consistent
 * with the referral streams.
 */
@Injectable()
export class Worklists {
  constructor(private readonly projections: ProjectionHost) {}

  /** Received and not yet given coaches: the front office's and the team's inbox, newest first. */
  newReferrals(teamId: string, filter: WorklistFilter, paging: Paging): Promise<Page<WorklistItem>> {
    const query = this.ofTeam(teamId, filter).andWhere('r.status = :received', { received: 'received' }).andWhere("r.coachIds = '[]'");
    return this.page(query.orderBy('r.receivedAt', 'DESC').addOrderBy('r.referralId', 'DESC'), paging);
  }

  /** seed 004: urgent (Veilig Thuis, ETM 5) first, then the oldest referral first, with the days each has waited. */
  async waitingList(teamId: string, filter: WorklistFilter, paging: Paging, now: Date): Promise<Page<WaitingListItem>> {
    const query = this.ofTeam(teamId, filter).andWhere('r.status = :waitlisted', { waitlisted: 'waitlisted' });
    if (filter.priority) query.andWhere('r.priority = :priority', { priority: filter.priority });
    // In the order of the index (team, status, priorityRank, receivedAt, referralId): no sort of the whole list per page.
    const page = await this.page(query.orderBy('r.priorityRank', 'ASC').addOrderBy('r.receivedAt', 'ASC').addOrderBy('r.referralId', 'ASC'), paging);
    return { ...page, items: page.items.map((item) => ({ ...item, daysWaiting: daysWaitingOf(item.receivedAt, now) })) };
  }

  /**
   * The agenda of the conference on `date`: referrals received since the previous conference
   * (receivedAt in [previousDate, date)) still without coaches, and every open referral marked for
   * discussion; oldest first.
   */
  caseConference(teamId: string, window: { date: string; previousDate: string }, filter: WorklistFilter, paging: Paging): Promise<Page<WorklistItem>> {
    const query = this.ofTeam(teamId, filter).andWhere(
      new Brackets((agenda) =>
        agenda
          .where(
            new Brackets((fresh) =>
              fresh
                .where('r.status = :received', { received: 'received' })
                .andWhere("r.coachIds = '[]'")
                .andWhere('r.receivedAt >= :previousDate', { previousDate: window.previousDate })
                .andWhere('r.receivedAt < :date', { date: window.date }),
            ),
          )
          .orWhere(new Brackets((marked) => marked.where('r.markedForDiscussion = :marked', { marked: true }).andWhere('r.status IN (:...open)', { open: OPEN }))),
      ),
    );
    return this.page(query.orderBy('r.receivedAt', 'ASC').addOrderBy('r.referralId', 'ASC'), paging);
  }

  /** The referrals the coach is assigned to, not declined or withdrawn; the first visit due first. */
  myReferrals(teamId: string, coachId: string, filter: WorklistFilter, paging: Paging): Promise<Page<WorklistItem>> {
    const query = this.ofTeam(teamId, filter)
      .innerJoin(ReferralWorklistCoaches.options.name, 'c', 'c.referralId = r.referralId AND c.coachId = :coachId', { coachId })
      .andWhere('r.status NOT IN (:...closed)', { closed: ['declined', 'withdrawn'] });
    return this.page(query.orderBy('r.firstVisitDue', 'ASC').addOrderBy('r.receivedAt', 'ASC').addOrderBy('r.referralId', 'ASC'), paging);
  }

  /** Open referrals in doubt: the coordinator's list for consultation with the referrer, oldest first. */
  inDoubt(teamId: string, filter: WorklistFilter, paging: Paging): Promise<Page<WorklistItem>> {
    const query = this.ofTeam(teamId, filter).andWhere('r.inDoubt IS NOT NULL').andWhere('r.status IN (:...open)', { open: OPEN });
    return this.page(query.orderBy('r.receivedAt', 'ASC').addOrderBy('r.referralId', 'ASC'), paging);
  }

  private ofTeam(teamId: string, filter: WorklistFilter): SelectQueryBuilder<ReferralWorklistRow> {
    const query = this.projections.db.manager.createQueryBuilder(ReferralWorklistReferrals, 'r').where('r.teamId = :teamId', { teamId });
    if (filter.route) query.andWhere('r.route = :route', { route: filter.route });
    return query;
  }

  private async page(query: SelectQueryBuilder<ReferralWorklistRow>, { page, pageSize }: Paging): Promise<Page<WorklistItem>> {
    // offset/limit, not skip/take: the rows are one entity and a join never multiplies them.
    const [rows, total] = await query.offset((page - 1) * pageSize).limit(pageSize).getManyAndCount();
    return { items: rows.map(itemOf), page, pageSize, total };
  }
}
