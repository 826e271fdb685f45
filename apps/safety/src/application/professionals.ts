import { Injectable } from '@nestjs/common';
import { DomainError } from '@wijkteam/contracts';
import { ServiceClients } from '@wijkteam/messaging';

/**
 * The second professional of a four-eyes decision (seed 002: safety decisions are never taken
 * alone): another active member of the file's team's Jeugdteam, as intake's team directory has them
 * now (`intake.team-member`, read from the team's stream); never the caller, never a free string.
 * Intake unreachable: 503, nothing appended.
 */
@Injectable()
export class Professionals {
  constructor(private readonly clients: ServiceClients) {}

  async assertSecond(file: { teamId: string | null }, callerId: string, secondId: string, field: string): Promise<void> {
    if (secondId === callerId) throw new DomainError('four_eyes_required', 'unprocessable', field);
    if (!file.teamId) throw new DomainError('second_professional_unknown', 'unprocessable', field);
    const { kind } = await this.clients.get('intake').request<{ kind: string | null }>('intake.team-member', { teamId: file.teamId, userId: secondId });
    if (kind !== 'jeugdteam') throw new DomainError('second_professional_unknown', 'unprocessable', field);
  }
}
