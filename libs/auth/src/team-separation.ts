import { ForbiddenException } from '@nestjs/common';
import type { AuthenticatedUser } from './authenticated-user';
import type { Team } from './roles';

/**
 * Seed 004: Jeugdteam and Volwassenenteam data are separate, and adult-team
 * professionals may not act on youth files. A file belongs to the team that holds it; only that
 * team's members act on it. Partners never act on a team's file directly: they receive what a
 * disclosure decision releases, which is the consent service's business, not a role check.
 */
export function mayActOnFileOf(user: AuthenticatedUser, fileTeam: Team): boolean {
  return fileTeam !== 'partner' && user.team === fileTeam;
}

/** The same rule as a 403 for services to call after loading a file. */
export function assertMayActOnFileOf(user: AuthenticatedUser, fileTeam: Team): void {
  if (!mayActOnFileOf(user, fileTeam)) {
    throw new ForbiddenException(`team separation: members of ${user.team} may not act on ${fileTeam} files`);
  }
}
