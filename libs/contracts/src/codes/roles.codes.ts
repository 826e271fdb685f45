/**
 * Roles a professional can hold. docs/domain.md: front office takes in referrals, coaches do the work,
 * the behavioural scientist weighs specialist care, the CJG-coördinator decides where there is no
 * consensus, auditors read the history, the adult team works only with adults, partners only
 * receive what consent allows, the privacy officer handles client-rights requests (destruction,
 * erasure) and the retention list. Here because public events name the role of who decided.
 */
export const ROLES = [
  'front-office',
  'coach',
  'behavioural-scientist',
  'team-coordinator',
  'auditor',
  'adult-team',
  'partner',
  'privacy-officer',
] as const;
