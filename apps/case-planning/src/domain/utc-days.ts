/** Deadlines in UTC calendar days (YYYY-MM-DD): compared as strings, computed from events, never timers. */
const DAY_MS = 86_400_000;

/** The UTC calendar day of an ISO instant. */
export const dateOf = (instant: string): string => new Date(Date.parse(instant)).toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** A real calendar date in the YYYY-MM-DD form (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = Date.parse(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === value;
}
