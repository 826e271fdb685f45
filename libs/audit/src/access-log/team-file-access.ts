import { ForbiddenException, Injectable } from '@nestjs/common';
import { type AuthenticatedUser, mayActOnTeamFile, mayReadTeamFile } from '@wijkteam/auth';
import { AccessLog } from './access-log';
import type { FilePart } from './access-log-entry';

/** The file a check is about: the team holding it, and its client (whose access log records a refusal). */
export interface TeamFile {
  teamId?: string | null;
  clientId?: string;
}

/**
 * Team separation at a service's edge (seed 004; the rules are libs/auth's): a read or a decision
 * on another team's file is refused with 403 `other_team`, and the refusal itself is recorded in the
 * client's access log first (NEN 7513 logs attempts too); if it cannot be recorded, the caller gets
 * a 5xx and still no data. One per service (AuditModule.forService), writing that service's log.
 */
@Injectable()
export class TeamFileAccess {
  constructor(private readonly log: AccessLog) {}

  async assertMayRead(user: AuthenticatedUser, file: TeamFile, part: FilePart): Promise<void> {
    if (!mayReadTeamFile(user, file.teamId)) await this.refuse(user, file, part);
  }

  async assertMayAct(user: AuthenticatedUser, file: TeamFile, part: FilePart): Promise<void> {
    if (!mayActOnTeamFile(user, file.teamId)) await this.refuse(user, file, part);
  }

  /** A team's lists: only a Jeugdteam member has one (no client is shown, so there is nothing to record). */
  assertYouthTeamMember(user: AuthenticatedUser): void {
    if (user.team !== 'jeugdteam') throw otherTeam();
  }

  private async refuse(user: AuthenticatedUser, file: TeamFile, part: FilePart): Promise<never> {
    if (file.clientId) await this.log.recordRefusal({ clientId: file.clientId, part, userId: user.userId, role: user.roles[0], organisation: user.organisation, reason: 'other_team' });
    throw otherTeam();
  }
}

const otherTeam = () => new ForbiddenException({ statusCode: 403, error: 'Forbidden', code: 'other_team', message: 'team separation: this file belongs to another team' });
