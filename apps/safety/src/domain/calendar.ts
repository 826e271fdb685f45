import { DomainError } from '@wijkteam/contracts';

/** UTC calendar days for safety's deadlines: dates (YYYY-MM-DD) counted from the UTC day of the assessment. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC calendar day of an instant. */
export const dateOf = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** A real calendar date (no 31 April), or a 422 naming the field. */
export function assertDate(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || !DATE.test(value) || addDays(value, 0) !== value) throw new DomainError('invalid_date', 'unprocessable', field);
}
