import { DomainError } from './decider';

/**
 * UTC calendar days for the deadlines of the services (case planning's first visit, network, plan,
 * evaluations and 18-/18+ horizon; safety's safety plan): a deadline is a date (YYYY-MM-DD), counted
 * from a UTC day, compared as strings, never from a local clock or a timer.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC calendar day of an instant. */
export const dateOf = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

const parts = (date: string): [number, number, number] => date.split('-').map(Number) as [number, number, number];
const format = (time: number): string => new Date(time).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const [year, month, day] = parts(date);
  return format(Date.UTC(year, month - 1, day + days));
}

/**
 * `months` calendar months later; a day the target month lacks becomes its last day
 * (31 August + 3 months = 30 November, 30 November + 3 months = 28 or 29 February).
 */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = parts(date);
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return format(Date.UTC(year, month - 1 + months, Math.min(day, lastDay)));
}

/** A real calendar date in the YYYY-MM-DD form (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  return DATE.test(value) && format(Date.parse(`${value}T00:00:00.000Z`) || 0) === value;
}

/** A real calendar date (no 31 April), or a 422 naming the field. */
export function assertDate(value: unknown, field: string): void {
  if (typeof value !== 'string' || !isCalendarDate(value))
    throw new DomainError('invalid_date', 'unprocessable', field);
}
