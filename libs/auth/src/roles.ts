import { ROLES } from '@wijkteam/contracts';

// The list lives in libs/contracts: public events name the role of who decided.
export { ROLES };
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
