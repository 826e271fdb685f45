import { ForbiddenException, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@wijkteam/auth';

/** Roles that read across teams (read-only, every read access-logged): audit and privacy. */
const ACROSS_TEAMS = new Set(['auditor', 'privacy-officer']);

/**
 * Team separation in intake (seed 004): a referral belongs to the team that received it (its
 * organisation code); only members of that Jeugdteam read or decide on it. An adult-team user sees
 * what a youth-to-adult handover gave them, which is case planning's business, never a referral.
 */
@Injectable()
export class TeamAccess {
  mayRead(user: AuthenticatedUser, teamId: string | null | undefined): boolean {
    if (user.roles.some((role) => ACROSS_TEAMS.has(role))) return true;
    return this.mayAct(user, teamId);
  }

  mayAct(user: AuthenticatedUser, teamId: string | null | undefined): boolean {
    return user.team === 'jeugdteam' && typeof teamId === 'string' && user.organisation === teamId;
  }

  assertMayRead(user: AuthenticatedUser, teamId: string | null | undefined): void {
    if (!this.mayRead(user, teamId)) throw refused();
  }

  assertMayAct(user: AuthenticatedUser, teamId: string | null | undefined): void {
    if (!this.mayAct(user, teamId)) throw refused();
  }
}

const refused = () => new ForbiddenException({ statusCode: 403, error: 'Forbidden', code: 'other_team', message: 'team separation: this referral belongs to another team' });
