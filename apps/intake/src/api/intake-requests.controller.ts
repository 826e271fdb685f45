import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Payload } from '@nestjs/microservices';
import { DomainError, OrganisationCode, UserId } from '@wijkteam/contracts';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import { InvalidMessage, IsCanonicalId, validateMessage } from '@wijkteam/runtime';
import { IsString } from 'class-validator';
import { Referrals } from '../application/referrals';
import { teamStateOf } from '../application/teams';
import type { TeamKind } from '../domain/team';

export class TeamMemberRequest {
  @IsString()
  teamId!: string;

  @IsString()
  userId!: string;
}

export class ReferralAssignmentRequest {
  @IsCanonicalId()
  referralId!: string;
}

/** A referral's case file (once accepted), its coaches and first-visit deadline (once assigned), and when it came in: ids and dates only. */
export type ReferralAssignment = { referralId: string; caseFileId: string | null; coachIds: string[]; firstVisitDue: string | null; receivedAt: string | null };

/** Whether a user is an active member of a team now, and of which kind of team (seed 004: Jeugdteam or Volwassenenteam). */
export type TeamMembership = { teamId: string; userId: string; kind: TeamKind | null };

/**
 * Intake's answers to case planning over NATS (request/reply). `intake.team-member`: case planning asks before it makes someone case director, so an
 * adult-team professional cannot become director of a youth file as a "coach" (seed 004). Read from
 * the team's stream, not the read model: a member registered a moment ago counts.
 */
@Controller()
export class IntakeRequestsController {
  constructor(private readonly queries: QueryBus) {}

  @ServiceMessagePattern('intake', 'intake.team-member')
  async member(@Payload() payload: unknown): Promise<TeamMembership> {
    const { teamId, userId } = await validateMessage(TeamMemberRequest, payload);
    // The same codes the team stream's decider checks (libs/contracts fields).
    if (!OrganisationCode.safeParse(teamId).success) throw new InvalidMessage('teamId');
    if (!UserId.safeParse(userId).success) throw new InvalidMessage('userId');
    const team = await teamStateOf(this.queries, teamId);
    return { teamId, userId, kind: team.members[userId]?.kind ?? null };
  }

  /**
   * `intake.referral-assignment`: case planning asks when it opens a file, and again when the case
   * conference assigns coaches, so whichever of ReferralAccepted and CoachesAssigned comes last finds
   * both (the referral's stream is read, not a read model). Unknown referral: all null.
   */
  @ServiceMessagePattern('intake', 'intake.referral-assignment')
  async assignment(@Payload() payload: unknown): Promise<ReferralAssignment> {
    const { referralId } = await validateMessage(ReferralAssignmentRequest, payload);
    try {
      const { state } = await this.queries.execute(new Referrals.Query(referralId));
      return { referralId, caseFileId: state.caseFileId ?? null, coachIds: state.coachIds ?? [], firstVisitDue: state.firstVisitDue ?? null, receivedAt: state.receivedAt ?? null };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') return { referralId, caseFileId: null, coachIds: [], firstVisitDue: null, receivedAt: null };
      throw error;
    }
  }
}
