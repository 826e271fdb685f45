import { Injectable } from '@nestjs/common';
import { addDays, dateOf, evaluationDueDate, firstVisitDueOf, planDueOf } from '@wijkteam/contracts';
import { ProjectionHost } from '@wijkteam/projections';
import { type EntityManager, type EntitySchema, In, LessThanOrEqual } from 'typeorm';
import { DeadlineFilePeriods, DeadlineMilestones, DeadlineReferrals, type MilestoneRow } from '../projections/case-deadlines.projection';
import { CaseloadCoaches, CaseloadDirectors, CaseloadFilePeriods } from '../projections/caseload.projection';
import { daysBetween, type FilePeriodRow, heldAt } from '../projections/intervals';
import { WaitingListEntries } from '../projections/waiting-list.projection';

/** Which list: one team (null: every team) as it stood at one moment (canonical ISO instant). */
export interface ListQuery {
  team: string | null;
  at: string;
}

export type ListRow = Record<string, string | number | null>;

/** A list as JSON and CSV answer it: the moment it stood at, its columns and rows. */
export interface ListTable {
  list: string;
  team: string | null;
  asOf: string;
  columns: string[];
  rows: ListRow[];
}

export type CaseloadGrouping = 'coach' | 'team';

/** Ids in one `IN (…)` at most: below the bind-parameter limits of SQLite and PostgreSQL. */
const CHUNK = 500;

/**
 * Reporting's lists of the work of intake and case planning (issue 16), each answered at a moment T
 * from the intervals its read model keeps: a fact counts at T when it began at or before T and had
 * not ended at T; a deadline is past when T's UTC day is after it (as case planning's worklists).
 */
@Injectable()
export class CaseLists {
  constructor(private readonly projections: ProjectionHost) {}

  private get db(): EntityManager {
    return this.projections.db.manager;
  }

  /** seed 004: who waits, by priority (urgent first) and days on the list. */
  async waitingList({ team, at }: ListQuery): Promise<ListTable> {
    const query = heldAt(this.db.createQueryBuilder(WaitingListEntries, 'w'), 'w', at, 'waitlistedAt', 'leftAt');
    if (team !== null) query.andWhere('w.team = :team', { team });
    // 'urgent' sorts after 'regular': descending puts the urgent first (seed 004).
    const entries = await query.orderBy('w.priority', 'DESC').addOrderBy('w.waitlistedAt', 'ASC').addOrderBy('w.referralId', 'ASC').getMany();
    const today = dateOf(at);
    const rows = entries.map((entry) => ({ team: entry.team, referralId: entry.referralId, priority: entry.priority, waitlistedOn: dateOf(entry.waitlistedAt), daysWaiting: daysBetween(dateOf(entry.waitlistedAt), today) }));
    return { list: 'waiting-list', team, asOf: at, columns: ['team', 'referralId', 'priority', 'waitlistedOn', 'daysWaiting'], rows };
  }

  /** The open case files per coach (directing or assigned) or per team, at T. */
  async caseload({ team, at }: ListQuery, by: CaseloadGrouping): Promise<ListTable> {
    const files = await this.openFiles(CaseloadFilePeriods, team, at);
    const caseFileIds = files.map((file) => file.caseFileId);
    const directors = await inChunks(caseFileIds, (ids) => heldAt(this.db.createQueryBuilder(CaseloadDirectors, 'd').where('d.caseFileId IN (:...ids)', { ids }), 'd', at).getMany());
    const coaches = await inChunks([...new Set(files.map((file) => file.referralId))], (ids) =>
      heldAt(this.db.createQueryBuilder(CaseloadCoaches, 'c').where('c.referralId IN (:...ids)', { ids }), 'c', at).getMany(),
    );
    const directorOf = new Map(directors.filter((row) => row.directorKind === 'coach').map((row) => [row.caseFileId, row.directorId]));
    const coachesOf = groupBy(coaches, (row) => row.referralId);
    const perCoach = new Map<string, { team: string; coachId: string; caseFiles: Set<string>; directing: number; assigned: number }>();
    const load = (teamOf: string, coachId: string) => {
      const key = `${teamOf}\u0000${coachId}`;
      const entry = perCoach.get(key) ?? { team: teamOf, coachId, caseFiles: new Set<string>(), directing: 0, assigned: 0 };
      perCoach.set(key, entry);
      return entry;
    };
    for (const file of files) {
      const director = directorOf.get(file.caseFileId);
      if (director !== undefined) {
        const entry = load(file.team, director);
        entry.caseFiles.add(file.caseFileId);
        entry.directing++;
      }
      for (const coach of coachesOf.get(file.referralId) ?? []) {
        const entry = load(file.team, coach.coachId);
        entry.caseFiles.add(file.caseFileId);
        entry.assigned++;
      }
    }
    if (by === 'team') {
      const perTeam = new Map<string, { caseFiles: number; coaches: number }>();
      for (const file of files) perTeam.set(file.team, { caseFiles: (perTeam.get(file.team)?.caseFiles ?? 0) + 1, coaches: 0 });
      for (const entry of perCoach.values()) perTeam.get(entry.team)!.coaches++;
      const rows = [...perTeam].sort(([a], [b]) => a.localeCompare(b)).map(([teamOf, counts]) => ({ team: teamOf, ...counts }));
      return { list: 'caseload', team, asOf: at, columns: ['team', 'caseFiles', 'coaches'], rows };
    }
    const rows = [...perCoach.values()]
      .sort((a, b) => a.team.localeCompare(b.team) || a.coachId.localeCompare(b.coachId))
      .map(({ team: teamOf, coachId, caseFiles, directing, assigned }) => ({ team: teamOf, coachId, caseFiles: caseFiles.size, directing, assigned }));
    return { list: 'caseload', team, asOf: at, columns: ['team', 'coachId', 'caseFiles', 'directing', 'assigned'], rows };
  }

  /** seed 000: open files whose first visit was due (the conference's date, or 2 weeks after the referral) and not held by T. */
  async firstVisitsOverdue(query: ListQuery): Promise<ListTable> {
    const today = dateOf(query.at);
    const rows: ListRow[] = [];
    for (const file of await this.deadlineFiles(query)) {
      if (file.steps.some((step) => step.kind === 'first_visit')) continue;
      const due = file.conferenceDue ?? firstVisitDueOf(file.referredAt);
      if (today > due) rows.push({ ...file.ids, due, daysOverdue: daysBetween(due, today) });
    }
    return overdueTable('first-visits-overdue', query, rows);
  }

  /** seed 000: open files without an agreed plan of approach by T, six weeks after the referral. */
  async plansOverdue(query: ListQuery): Promise<ListTable> {
    const today = dateOf(query.at);
    const rows: ListRow[] = [];
    for (const file of await this.deadlineFiles(query)) {
      if (file.steps.some((step) => step.kind === 'plan_agreed')) continue;
      const due = planDueOf(file.referredAt);
      if (today > due) rows.push({ ...file.ids, due, daysOverdue: daysBetween(due, today) });
    }
    return overdueTable('plans-overdue', query, rows);
  }

  /**
   * seed 000: the next evaluation of each open file (3n months after the referral), overdue when T's
   * day is past it, due when it falls within `withinDays` of T; none after one that concluded `close`.
   * `plan` is the plan as it stood: none agreed yet, agreed, or revised and not agreed again.
   */
  async evaluations(query: ListQuery, withinDays: number): Promise<ListTable> {
    const today = dateOf(query.at);
    const horizon = addDays(today, withinDays);
    const rows: ListRow[] = [];
    for (const file of await this.deadlineFiles(query)) {
      const held = file.steps.filter((step) => step.kind === 'evaluation');
      if (held.some((step) => step.conclusion === 'close')) continue;
      const evaluationNumber = Math.max(0, ...held.map((step) => step.number)) + 1;
      const due = evaluationDueDate(file.referredAt, evaluationNumber);
      if (due > horizon) continue;
      const overdue = today > due;
      rows.push({ ...file.ids, evaluationNumber, due, status: overdue ? 'overdue' : 'due', daysOverdue: overdue ? daysBetween(due, today) : 0, plan: planAt(file.steps) });
    }
    rows.sort((a, b) => String(a.due).localeCompare(String(b.due)) || String(a.caseFileId).localeCompare(String(b.caseFileId)));
    return {
      list: 'evaluations',
      team: query.team,
      asOf: query.at,
      columns: ['team', 'caseFileId', 'referralId', 'referredOn', 'evaluationNumber', 'due', 'status', 'daysOverdue', 'plan'],
      rows,
    };
  }

  /** The files of a projection open at T (one row each: the period holding T), with the first opening of each. */
  private async openFiles(table: EntitySchema<FilePeriodRow>, team: string | null, at: string): Promise<(FilePeriodRow & { firstOpenedAt: string })[]> {
    const where = team === null ? { from: LessThanOrEqual(at) } : { team, from: LessThanOrEqual(at) };
    const periods = await this.db.find(table, { where, order: { caseFileId: 'ASC', from: 'ASC' } });
    const first = new Map<string, string>();
    for (const period of periods) if (!first.has(period.caseFileId)) first.set(period.caseFileId, period.from);
    return periods.filter((period) => period.until === null || period.until > at).map((period) => ({ ...period, firstOpenedAt: first.get(period.caseFileId)! }));
  }

  /** The open files at T with what their deadlines count from and the steps recorded by T. */
  private async deadlineFiles({ team, at }: ListQuery) {
    const files = await this.openFiles(DeadlineFilePeriods, team, at);
    const referrals = await inChunks([...new Set(files.map((file) => file.referralId))], (ids) => this.db.findBy(DeadlineReferrals, { referralId: In(ids) }));
    const steps = await inChunks(
      files.map((file) => file.caseFileId),
      (ids) => this.db.findBy(DeadlineMilestones, { caseFileId: In(ids), at: LessThanOrEqual(at) }),
    );
    const referralOf = new Map(referrals.map((row) => [row.referralId, row]));
    const stepsOf = groupBy(steps, (step) => step.caseFileId);
    return files.map((file) => {
      const referral = referralOf.get(file.referralId);
      // The referral precedes its file; until intake's event has arrived, the file's opening stands in for it.
      const referredAt = referral?.receivedAt ?? file.firstOpenedAt;
      const conferenceDue = referral?.firstVisitDueSetAt && referral.firstVisitDueSetAt <= at ? referral.firstVisitDue : null;
      return {
        ids: { team: file.team, caseFileId: file.caseFileId, referralId: file.referralId, referredOn: dateOf(referredAt) },
        referredAt,
        conferenceDue,
        steps: stepsOf.get(file.caseFileId) ?? [],
      };
    });
  }
}

function planAt(steps: readonly MilestoneRow[]): 'none' | 'agreed' | 'revised' {
  const plan = steps.filter((step) => step.kind === 'plan_agreed' || step.kind === 'plan_revised').sort((a, b) => a.at.localeCompare(b.at) || a.number - b.number);
  const last = plan[plan.length - 1];
  return !last ? 'none' : last.kind === 'plan_agreed' ? 'agreed' : 'revised';
}

function overdueTable(list: string, query: ListQuery, rows: ListRow[]): ListTable {
  rows.sort((a, b) => String(a.due).localeCompare(String(b.due)) || String(a.caseFileId).localeCompare(String(b.caseFileId)));
  return { list, team: query.team, asOf: query.at, columns: ['team', 'caseFileId', 'referralId', 'referredOn', 'due', 'daysOverdue'], rows };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

async function inChunks<T>(ids: readonly string[], read: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) rows.push(...(await read(ids.slice(i, i + CHUNK))));
  return rows;
}
