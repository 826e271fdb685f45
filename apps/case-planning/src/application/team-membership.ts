import { Injectable } from '@nestjs/common';
import { ServiceClients } from '@wijkteam/messaging';
import type { DirectorMembership } from '../domain/case-file';

/**
 * Asks intake's team directory (`intake.team-member`, read from the team's stream) whether a user
 * is a member of the file's team now, and of the Jeugdteam or the Volwassenenteam: the decider
 * refuses a director who is not (seed 004). Intake unreachable: 503, nothing appended.
 */
@Injectable()
export class TeamMembership {
  constructor(private readonly clients: ServiceClients) {}

  async of(teamId: string | null | undefined, userId: string): Promise<DirectorMembership> {
    if (!teamId) return null;
    const reply = await this.clients.get('intake').request<{ kind: 'jeugdteam' | 'volwassenenteam' | null }>('intake.team-member', { teamId, userId });
    return reply.kind;
  }
}
