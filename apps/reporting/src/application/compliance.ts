import { Injectable } from '@nestjs/common';
import { addDays, Clock, dateOf } from '@wijkteam/contracts';
import { ProjectionHost } from '@wijkteam/projections';
import { type EntityManager, type FindOptionsWhere, In, LessThan } from 'typeorm';
import {
  COMPLIANCE_CHECKS,
  type ComplianceCheck,
  ComplianceDeadlines,
  type ComplianceDeadlineRow,
  type ComplianceFindingRow,
  ComplianceFindings,
  DEADLINE_CHECKS,
  type DeadlineCheck,
  type Evidence,
} from '../projections/compliance-tables';

/** Which findings: of one check or all, one team or all, whose moment falls in a range of days (both ends included). */
export interface ComplianceQuery {
  check?: ComplianceCheck;
  team?: string;
  from?: string;
  to?: string;
}

/**
 * A finding as the auditor reads it. `detail` says which part of the check: for the event checks a
 * rule code (no_permit, same_professional, …); for the deadline checks `late` (it happened after the
 * deadline), `open` (not yet, the deadline passed) or `missed` (the file closed after the deadline
 * without it). `at` is the violating event's time, or for a deadline the first moment it was overdue.
 */
export interface Finding {
  check: ComplianceCheck;
  detail: string;
  team: string;
  at: string;
  /** The deadline day of a deadline check; null otherwise. */
  due: string | null;
  /** The events that show it, oldest first; for a deadline the event that started the clock first. */
  evidence: Evidence[];
}

export interface CheckCount {
  check: ComplianceCheck;
  count: number;
}

const isDeadline = (check: ComplianceCheck): check is DeadlineCheck => (DEADLINE_CHECKS as readonly string[]).includes(check);

/** The compliance findings of reporting's `reporting_compliance` read model, deadlines judged against the clock. */
@Injectable()
export class Compliance {
  constructor(
    private readonly projections: ProjectionHost,
    private readonly clock: Clock,
  ) {}

  findings(query: ComplianceQuery): Promise<Finding[]> {
    return findingsIn(this.projections.db.manager, query, this.clock.now());
  }

  summary(query: Omit<ComplianceQuery, 'check'>): Promise<CheckCount[]> {
    return summaryIn(this.projections.db.manager, query, this.clock.now());
  }
}

/** The findings in the read model, oldest first; the deadlines judged as they stand at `now`. */
export async function findingsIn(db: EntityManager, query: ComplianceQuery, now: Date): Promise<Finding[]> {
  const checks = query.check ? [query.check] : [...COMPLIANCE_CHECKS];
  const found = await eventFindings(db, checks.filter((check) => !isDeadline(check)), query.team);
  const overdue = await deadlineFindings(db, checks.filter(isDeadline), query.team, dateOf(now.toISOString()));
  const inRange = (finding: Finding) => (!query.from || dateOf(finding.at) >= query.from) && (!query.to || dateOf(finding.at) <= query.to);
  const last = (finding: Finding) => finding.evidence[finding.evidence.length - 1].eventId;
  return [...found, ...overdue].filter(inRange).sort((a, b) => a.at.localeCompare(b.at) || a.check.localeCompare(b.check) || last(a).localeCompare(last(b)));
}

/** How many findings of each check, every check listed (a clean history shows zeros). */
export async function summaryIn(db: EntityManager, query: Omit<ComplianceQuery, 'check'>, now: Date): Promise<CheckCount[]> {
  const findings = await findingsIn(db, query, now);
  return COMPLIANCE_CHECKS.map((check) => ({ check, count: findings.filter((finding) => finding.check === check).length }));
}

async function eventFindings(db: EntityManager, checks: ComplianceCheck[], team?: string): Promise<Finding[]> {
  if (checks.length === 0) return [];
  const where: FindOptionsWhere<ComplianceFindingRow> = { check: In(checks) };
  if (team) where.team = team;
  const rows = await db.find(ComplianceFindings, { where });
  return rows.map(({ check, detail, team: of, at, evidence }) => ({ check, detail, team: of, at, due: null, evidence }));
}

async function deadlineFindings(db: EntityManager, checks: DeadlineCheck[], team: string | undefined, today: string): Promise<Finding[]> {
  if (checks.length === 0) return [];
  // Only a deadline already passed can be a finding.
  const where: FindOptionsWhere<ComplianceDeadlineRow> = { check: In(checks), due: LessThan(today) };
  if (team) where.team = team;
  const rows = await db.find(ComplianceDeadlines, { where });
  return rows.flatMap((row) => {
    const judged = judge(row, today);
    return judged ? [{ check: row.check, detail: judged.detail, team: row.team, at: `${addDays(row.due, 1)}T00:00:00.000Z`, due: row.due, evidence: [row.clock, ...judged.shown] }] : [];
  });
}

/** A deadline is a finding once passed: met late, still open, or missed at closure. Met in time, or closed in time, it is none. */
function judge(row: ComplianceDeadlineRow, today: string): { detail: 'late' | 'open' | 'missed'; shown: Evidence[] } | null {
  if (row.met) return row.metOn! > row.due ? { detail: 'late', shown: [row.met] } : null;
  if (row.closed) return dateOf(row.closed.at) > row.due ? { detail: 'missed', shown: [row.closed] } : null;
  return today > row.due ? { detail: 'open', shown: [] } : null;
}
