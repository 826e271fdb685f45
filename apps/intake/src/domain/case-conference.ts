/**
 * The case-conference schedule (seed 000: the team meets on fixed weekdays, Monday and Thursday by
 * default, INTAKE_CONFERENCE_DAYS). Pure: the days are configuration, the date arrives from the
 * caller. Dates are calendar days `YYYY-MM-DD`, counted in UTC as the referral decider counts the
 * first-visit deadline.
 */

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Weekday numbers, 0 = Sunday … 6 = Saturday, as IntakeSettings parses them. */
export type ConferenceDays = readonly number[];

export interface ConferenceDates {
  /** The conference on or after the given date. */
  date: string;
  /** The conference before that one (strictly before `date`). */
  previousDate: string;
}

export class InvalidConferenceSchedule extends Error {
  readonly code = 'invalid_conference_schedule';
  constructor(message: string) {
    super(`case-conference schedule: ${message}`);
    this.name = 'InvalidConferenceSchedule';
  }
}

function dayOf(date: string): number {
  if (!DATE.test(date)) throw new InvalidConferenceSchedule('a date must be YYYY-MM-DD');
  const time = Date.parse(`${date}T00:00:00.000Z`);
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== date) throw new InvalidConferenceSchedule('a date must be a calendar day');
  return time / DAY_MS;
}

const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (day: number): number => new Date(day * DAY_MS).getUTCDay();

function checked(days: ConferenceDays): Set<number> {
  const set = new Set(days);
  if (set.size === 0 || [...set].some((day) => !Number.isInteger(day) || day < 0 || day > 6)) throw new InvalidConferenceSchedule('the days must be weekday numbers 0..6, at least one');
  return set;
}

/** The first conference on or after `date` (the date itself when it is a conference day). */
export function nextConferenceDate(days: ConferenceDays, date: string): string {
  const set = checked(days);
  const start = dayOf(date);
  for (let day = start; ; day += 1) if (set.has(weekdayOf(day))) return dateOf(day);
}

/** The last conference strictly before `date`. */
export function previousConferenceDate(days: ConferenceDays, date: string): string {
  const set = checked(days);
  const start = dayOf(date);
  for (let day = start - 1; ; day -= 1) if (set.has(weekdayOf(day))) return dateOf(day);
}

/** The conference on or after `date`, and the one before it: the window whose new referrals it discusses. */
export function conferenceDatesFrom(days: ConferenceDays, date: string): ConferenceDates {
  const next = nextConferenceDate(days, date);
  return { date: next, previousDate: previousConferenceDate(days, next) };
}
