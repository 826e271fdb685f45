import { ForbiddenException, Injectable } from '@nestjs/common';
import { AccessLog } from '@wijkteam/audit';
import type { AuthenticatedUser } from '@wijkteam/auth';

/** Roles that read across teams (read-only, every read access-logged): audit and privacy. */
const ACROSS_TEAMS = new Set(['auditor', 'privacy-officer']);

/**
 * Team separation in intake (seed 004): a referral belongs to the team that received it (its
 * organisation code); only members of that Jeugdteam read or decide on it. An adult-team user sees
 * what a youth-to-adult handover gave them, which is case planning's business, never a referral.
 * A refusal is itself recorded in the client's access log (NEN 7513: attempts are logged too).
 */
@Injectable()
export class TeamAccess {
  constructor(private readonly log: AccessLog) {}

  mayRead(user: AuthenticatedUser, teamId: string | null | undefined): boolean {
    if (user.roles.some((role) => ACROSS_TEAMS.has(role))) return true;
    return this.mayAct(user, teamId);
  }

  mayAct(user: AuthenticatedUser, teamId: string | null | undefined): boolean {
    return user.team === 'jeugdteam' && typeof teamId === 'string' && user.organisation === teamId;
  }

  /** Refuses (403 other_team) a read of another team's referral, and records the refusal for its client. */
  async assertMayRead(user: AuthenticatedUser, teamId: string | null | undefined, clientId: string | undefined): Promise<void> {
    if (!this.mayRead(user, teamId)) await this.refuse(user, clientId);
  }

  /** Refuses (403 other_team) any decision on another team's referral, and records the refusal for its client. */
  async assertMayAct(user: AuthenticatedUser, teamId: string | null | undefined, clientId: string | undefined): Promise<void> {
    if (!this.mayAct(user, teamId)) await this.refuse(user, clientId);
  }

  /** The team's lists: only a Jeugdteam member has one (no client is shown, so there is nothing to record). */
  assertYouthTeamMember(user: AuthenticatedUser): void {
    if (user.team !== 'jeugdteam') throw refused();
  }

  private async refuse(user: AuthenticatedUser, clientId: string | undefined): Promise<never> {
    // Recorded before answering: if it cannot be recorded the caller gets a 5xx, still no data.
    if (clientId) await this.log.recordRefusal({ clientId, part: 'referral', userId: user.userId, role: user.roles[0], organisation: user.organisation, reason: 'other_team' });
    throw refused();
  }
}

const refused = () => new ForbiddenException({ statusCode: 403, error: 'Forbidden', code: 'other_team', message: 'team separation: this referral belongs to another team' });
