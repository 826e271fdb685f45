import { Injectable } from '@nestjs/common';
import { ServiceClients } from '@wijkteam/messaging';
import type { DirectorMembership } from '../domain/case-file';

/** What intake answers about a referral: ids and dates only. */
export type ReferralAssignment = { referralId: string; caseFileId: string | null; coachIds: string[]; firstVisitDue: string | null; receivedAt: string | null };

/**
 * Case planning's questions to intake (request/reply, read from intake's streams, not its read
 * models). Intake unreachable: 503 to a caller, a redelivery for a reactor; nothing appended.
 */
@Injectable()
export class IntakeLookups {
  constructor(private readonly clients: ServiceClients) {}

  /** Whether a user is a member of the file's team now, of the Jeugdteam or the Volwassenenteam (seed 004). */
  async membership(teamId: string | null | undefined, userId: string): Promise<DirectorMembership> {
    if (!teamId) return null;
    const reply = await this.clients.get('intake').request<{ kind: 'jeugdteam' | 'volwassenenteam' | null }>('intake.team-member', { teamId, userId });
    return reply.kind;
  }

  /** The referral's case file, coaches, first-visit deadline and date of receipt. */
  referralAssignment(referralId: string): Promise<ReferralAssignment> {
    return this.clients.get('intake').request<ReferralAssignment>('intake.referral-assignment', { referralId });
  }
}
