import { type AuthenticatedUser } from '@wijkteam/auth';
import { DomainError, isCalendarDate } from '@wijkteam/contracts';
import type { Response } from 'express';
import { toCsv, type CsvTable } from './csv';

/**
 * What every reporting read shares: whose team it may show, the moment it answers for, and JSON or
 * CSV by the Accept header.
 */

/** An auditor reads any team (null: all); a coordinator only their own organisation's. */
export function teamFor(user: AuthenticatedUser, team: string | undefined): string | null {
  if (user.roles.includes('auditor')) return team ?? null;
  if (team !== undefined && team !== user.organisation) throw new DomainError('other_team', 'forbidden', 'team');
  return user.organisation;
}

/** A bad `asOf` is the caller's mistake in the query, not a broken rule: 400, naming the field. */
export class InvalidAsOf extends Error {
  readonly httpStatus = 400;
  readonly field = 'asOf';
  constructor(readonly code: 'invalid_as_of' | 'as_of_in_future') {
    super(`${code}: asOf`);
    this.name = 'InvalidAsOf';
  }
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The moment a read answers for, as a canonical UTC instant: now without `asOf`; an ISO 8601
 * date-time with a zone (Z or ±hh:mm); or a date, meaning the end of that UTC day (today's date:
 * now, the day has not ended). Malformed, or later than now: 400 naming asOf.
 */
export function momentOf(asOf: unknown, now: Date): string {
  if (asOf === undefined) return now.toISOString();
  if (typeof asOf !== 'string') throw new InvalidAsOf('invalid_as_of');
  const today = now.toISOString().slice(0, 10);
  if (isCalendarDate(asOf)) {
    if (asOf > today) throw new InvalidAsOf('as_of_in_future');
    return asOf === today ? now.toISOString() : `${asOf}T23:59:59.999Z`;
  }
  const parts = DATE_TIME.exec(asOf);
  const time = Date.parse(asOf);
  if (!parts || !isCalendarDate(parts[1]) || Number.isNaN(time)) throw new InvalidAsOf('invalid_as_of');
  if (time > now.getTime()) throw new InvalidAsOf('as_of_in_future');
  return new Date(time).toISOString();
}

/** The table as JSON, or as CSV (RFC 4180) with `Accept: text/csv`, downloaded as `<name>.csv`. */
export function answerAs<T extends CsvTable>(table: T, name: string, accept: string | undefined, response: Response): T | string {
  return accept?.includes('text/csv') ? asCsv(table, name, response) : table;
}

/** The table as a CSV download (RFC 4180), `<name>.csv`: for a read whose JSON is not itself the table. */
export function asCsv(table: CsvTable, name: string, response: Response): string {
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
  return toCsv(table);
}
