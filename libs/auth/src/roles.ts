/**
 * Roles a professional can hold. DOMAIN.md: front office takes in referrals, coaches do the work,
 * the behavioural scientist weighs specialist care, the CJG-coördinator decides where there is no
 * consensus, auditors read the history, the adult team works only with adults, partners only
 * receive what consent allows, the privacy officer handles client-rights requests (destruction,
 * erasure) and the retention list.
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
export type Role = (typeof ROLES)[number];

/** Seed 004: Jeugdteam and Volwassenenteam data are separate; partners are outside both. */
export const TEAMS = ['jeugdteam', 'volwassenenteam', 'partner'] as const;
export type Team = (typeof TEAMS)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isTeam(value: unknown): value is Team {
  return typeof value === 'string' && (TEAMS as readonly string[]).includes(value);
}
