import type { AuthenticatedUser } from './authenticated-user';

/** Roles that read files across teams (read-only, every read access-logged): audit and client rights. */
const READ_ACROSS_TEAMS = new Set(['auditor', 'privacy-officer']);

/**
 * Seed 004: a file (a referral, a case file) belongs to the team that holds it, named by its
 * organisation code (the `org` claim of its members); only that Jeugdteam's members act on it.
 * Adult-team professionals and partners never act on a youth file directly: they receive what a
 * warm handover or a disclosure decision releases (consent), which is not a role check.
 */
export function mayActOnTeamFile(user: AuthenticatedUser, teamId: string | null | undefined): boolean {
  return user.team === 'jeugdteam' && typeof teamId === 'string' && user.organisation === teamId;
}

/** The file's own team, and the roles that read across teams. */
export function mayReadTeamFile(user: AuthenticatedUser, teamId: string | null | undefined): boolean {
  return user.roles.some((role) => READ_ACROSS_TEAMS.has(role)) || mayActOnTeamFile(user, teamId);
}
