import { addDays, addMonths, dateOf } from './calendar';

/**
 * seed 000's terms of a case, counted from the referral's UTC day. Case planning decides with them
 * and reporting lists what is past them, so both count the same days.
 */

/** seed 000: "binnen 2 weken na aanmelding" (unless the case conference set the date). */
export const FIRST_VISIT_DAYS = 14;

/** seed 000: network analysis and plan of approach within 2-6 weeks of the referral. */
export const PLAN_DUE_DAYS = 42;

/** seed 000: evaluations 3 and 6 months after the referral, then every 3 months. */
export const EVALUATION_INTERVAL_MONTHS = 3;

export const firstVisitDueOf = (referredAt: string): string => addDays(dateOf(referredAt), FIRST_VISIT_DAYS);

export const planDueOf = (referredAt: string): string => addDays(dateOf(referredAt), PLAN_DUE_DAYS);

/** The n-th evaluation (1, 2, …) is due 3n months after the referral: a late one does not move the next. */
export const evaluationDueDate = (referredAt: string, evaluationNumber: number): string => addMonths(dateOf(referredAt), EVALUATION_INTERVAL_MONTHS * evaluationNumber);
