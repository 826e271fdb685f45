import { Injectable } from '@nestjs/common';
import { addMonths, dateOf } from '@wijkteam/contracts';
import { ProjectionHost } from '@wijkteam/projections';
import type { CommandContext } from '@wijkteam/runtime';
import { type EntitySchema, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { FilePeriodRow, ListedFileRow } from '../projections/case-file-periods';
import { UNATTRIBUTED } from '../projections/figure-counts';
import { Escalations, MeldcodeEscalationFiles, MeldcodeSteps, MeldcodeTrajectories } from '../projections/meldcode-escalations.projection';
import { SafetyPlanFilePeriods, SafetyPlanFiles, SafetyPlanRequirements } from '../projections/safety-plans.projection';
import { TransitionAnswers, TransitionFilePeriods, TransitionFiles } from '../projections/transitions.projection';
import { IntakeEighteenthMonths } from './intake-eighteenth-months';

export type ListName = 'safety-plans-missing' | 'meldcode-open' | 'escalations-open' | 'turning-18';
export type ListValue = string | number | boolean | null;

/** Which rows: one team (null: every team) at the moment `asOf` (ISO 8601, UTC). */
export interface ListQuery {
  team: string | null;
  asOf: string;
}

/** A list as JSON and CSV show it: the moment it answers for, its columns, one row per entry (or count). */
export interface ListTable {
  list: ListName;
  team: string | null;
  asOf: string;
  columns: string[];
  rows: Record<string, ListValue>[];
}

type Query<T extends ObjectLiteral> = SelectQueryBuilder<T>;

/** Started at or before T and not ended at T: `alias.from <= T < alias.until` (until null: not ended). */
function atMoment<T extends ObjectLiteral>(query: Query<T>, from: string, until: string): Query<T> {
  return query.andWhere(`${from} <= :asOf`).andWhere(`(${until} IS NULL OR ${until} > :asOf)`);
}

/** The file's team, `unattributed` while its opening has not reached reporting; one team or all. */
function ofTeam<T extends ObjectLiteral>(query: Query<T>, team: string | null): Query<T> {
  query.addSelect(`COALESCE(f.team, '${UNATTRIBUTED}')`, 'team').addSelect('f.clientId', 'clientId');
  return team === null ? query : query.andWhere(`COALESCE(f.team, '${UNATTRIBUTED}') = :team`, { team });
}

/** The file is open at T, or not known to reporting yet (its facts are not hidden for that). */
function fileOpenAt(periods: EntitySchema<FilePeriodRow>, fileColumn: string): string {
  const table = periods.options.name;
  const ofFile = `p.case_file_id = ${fileColumn}`;
  return `(NOT EXISTS (SELECT 1 FROM ${table} p WHERE ${ofFile}) OR EXISTS (SELECT 1 FROM ${table} p WHERE ${ofFile} AND p.opened_at <= :asOf AND (p.closed_at IS NULL OR p.closed_at > :asOf)))`;
}

const joinFile = <T extends ObjectLiteral>(query: Query<T>, files: EntitySchema<ListedFileRow>, alias: string): Query<T> =>
  query.select([]).leftJoin(files.options.name, 'f', `f.caseFileId = ${alias}.caseFileId`);

const table = (list: ListName, query: ListQuery, columns: string[], rows: Record<string, ListValue>[]): ListTable => ({ list, team: query.team, asOf: query.asOf, columns, rows });

/**
 * Reporting's safety and 18-/18+ lists (issue 16), each answered from interval rows in event time,
 * so the same rows answer now and at any earlier moment T. Ids, codes, dates and counts only.
 */
@Injectable()
export class SafetyLists {
  constructor(
    private readonly projections: ProjectionHost,
    private readonly intake: IntakeEighteenthMonths,
  ) {}

  /** seed 000: ETM 5 requirements without a plan at T, on files open at T; overdue when T's day is after the due day. */
  async safetyPlansMissing(query: ListQuery): Promise<ListTable> {
    const q = joinFile(this.projections.db.manager.createQueryBuilder(SafetyPlanRequirements, 'r'), SafetyPlanFiles, 'r')
      .addSelect('r.caseFileId', 'caseFileId')
      .addSelect('r.assessmentId', 'assessmentId')
      .addSelect('r.requiredAt', 'requiredAt')
      .addSelect('r.due', 'due');
    atMoment(ofTeam(q, query.team), 'r.requiredAt', 'r.recordedAt')
      .andWhere(fileOpenAt(SafetyPlanFilePeriods, 'r.case_file_id'))
      .setParameter('asOf', query.asOf)
      .orderBy('r.due', 'ASC')
      .addOrderBy('r.caseFileId', 'ASC');
    const today = dateOf(query.asOf);
    const rows = (await q.getRawMany<Record<string, string>>()).map((row) => ({
      team: row.team,
      caseFileId: row.caseFileId,
      clientId: row.clientId ?? null,
      assessmentId: row.assessmentId,
      requiredAt: row.requiredAt,
      due: row.due,
      overdue: today > row.due,
    }));
    return table('safety-plans-missing', query, ['team', 'caseFileId', 'clientId', 'assessmentId', 'requiredAt', 'due', 'overdue'], rows);
  }

  /** seeds 000, 002: trajectories open at T, the last step completed by T and since when. */
  async meldcodeOpen(query: ListQuery): Promise<ListTable> {
    const q = joinFile(this.projections.db.manager.createQueryBuilder(MeldcodeTrajectories, 't'), MeldcodeEscalationFiles, 't')
      .addSelect('t.trajectoryId', 'trajectoryId')
      .addSelect('t.caseFileId', 'caseFileId')
      .addSelect('t.startedAt', 'startedAt');
    atMoment(ofTeam(q, query.team), 't.startedAt', 't.decidedAt').setParameter('asOf', query.asOf).orderBy('t.startedAt', 'ASC').addOrderBy('t.trajectoryId', 'ASC');
    const open = await q.getRawMany<Record<string, string>>();
    const steps = open.length === 0 ? [] : await this.projections.db.manager.findBy(MeldcodeSteps, { trajectoryId: In(open.map((t) => t.trajectoryId)) });
    const lastStep = new Map<string, { step: number; completedAt: string }>();
    for (const step of steps) {
      const last = lastStep.get(step.trajectoryId);
      if (step.completedAt <= query.asOf && (!last || step.step > last.step)) lastStep.set(step.trajectoryId, step);
    }
    const rows = open.map((row) => ({
      team: row.team,
      caseFileId: row.caseFileId,
      clientId: row.clientId ?? null,
      trajectoryId: row.trajectoryId,
      step: lastStep.get(row.trajectoryId)?.step ?? null,
      stepCompletedAt: lastStep.get(row.trajectoryId)?.completedAt ?? null,
      startedAt: row.startedAt,
    }));
    return table('meldcode-open', query, ['team', 'caseFileId', 'clientId', 'trajectoryId', 'step', 'stepCompletedAt', 'startedAt'], rows);
  }

  /** seeds 000, 002: escalations raised by T and not resolved at T, the oldest first. */
  async escalationsOpen(query: ListQuery): Promise<ListTable> {
    const q = joinFile(this.projections.db.manager.createQueryBuilder(Escalations, 'e'), MeldcodeEscalationFiles, 'e')
      .addSelect('e.escalationId', 'escalationId')
      .addSelect('e.caseFileId', 'caseFileId')
      .addSelect('e.target', 'target')
      .addSelect('e.reason', 'reason')
      .addSelect('e.receivingParty', 'receivingParty')
      .addSelect('e.movesCaseDirection', 'movesCaseDirection')
      .addSelect('e.raisedAt', 'raisedAt');
    atMoment(ofTeam(q, query.team), 'e.raisedAt', 'e.resolvedAt').setParameter('asOf', query.asOf).orderBy('e.raisedAt', 'ASC').addOrderBy('e.escalationId', 'ASC');
    const rows = (await q.getRawMany<Record<string, string | number | boolean | null>>()).map((row) => ({
      team: row.team,
      caseFileId: row.caseFileId,
      clientId: row.clientId ?? null,
      escalationId: row.escalationId,
      target: row.target,
      reason: row.reason,
      receivingParty: row.receivingParty ?? null,
      movesCaseDirection: Boolean(row.movesCaseDirection),
      raisedAt: row.raisedAt,
    }));
    return table('escalations-open', query, ['team', 'caseFileId', 'clientId', 'escalationId', 'target', 'reason', 'receivingParty', 'movesCaseDirection', 'raisedAt'], rows);
  }

  /**
   * seed 004: counts of the youths of files open at T whose 18th birthday falls in T's month up to
   * `horizonMonths` later, or earlier without the transition question recorded (overdue), per team,
   * month of the 18th birthday and where their transition stood at T. The months are asked of
   * intake at this read and never kept; a youth intake holds no birth date of is not counted.
   */
  async turningEighteen(query: ListQuery, horizonMonths: number, context: CommandContext): Promise<ListTable> {
    const db = this.projections.db.manager;
    const q = db.createQueryBuilder(TransitionFiles, 'f').where(fileOpenAt(TransitionFilePeriods, 'f.case_file_id')).setParameter('asOf', query.asOf);
    if (query.team !== null) q.andWhere('f.team = :team', { team: query.team });
    const files = await q.getMany();
    const youths = files.flatMap((file) => (JSON.parse(file.childIds) as string[]).map((clientId) => ({ file, clientId })));
    if (youths.length === 0) return table('turning-18', query, TURNING_18_COLUMNS, []);
    const answers = await atMoment(db.createQueryBuilder(TransitionAnswers, 'a').where({ caseFileId: In(files.map((f) => f.caseFileId)) }), 'a.from', 'a.until')
      .setParameter('asOf', query.asOf)
      .getMany();
    const answer = new Map(answers.map((a) => [`${a.caseFileId}/${a.clientId}/${a.fact}`, a.code]));
    const months = await this.intake.of(youths.map((y) => y.clientId), context);
    const first = query.asOf.slice(0, 7);
    const last = addMonths(dateOf(query.asOf), horizonMonths).slice(0, 7);
    const counts = new Map<string, Record<string, ListValue>>();
    for (const { file, clientId } of youths) {
      const eighteenMonth = months.get(clientId);
      if (!eighteenMonth || eighteenMonth > last) continue;
      const of = (fact: string) => answer.get(`${file.caseFileId}/${clientId}/${fact}`);
      const question = of('question') ?? 'not_asked';
      const questionOverdue = eighteenMonth < first && question === 'not_asked';
      if (eighteenMonth < first && !questionOverdue) continue;
      const row = { team: file.team, eighteenMonth, question, otherProviders: of('other_providers') ?? 'not_asked', handover: of('handover') ?? 'none', questionOverdue };
      const key = JSON.stringify(row);
      const counted = counts.get(key) ?? { ...row, count: 0 };
      counted.count = (counted.count as number) + 1;
      counts.set(key, counted);
    }
    const rows = [...counts.values()].sort((a, b) => String(a.team).localeCompare(String(b.team)) || String(a.eighteenMonth).localeCompare(String(b.eighteenMonth)) || JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return table('turning-18', query, TURNING_18_COLUMNS, rows);
  }
}

const TURNING_18_COLUMNS = ['team', 'eighteenMonth', 'question', 'otherProviders', 'handover', 'questionOverdue', 'count'];
