import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Payload } from '@nestjs/microservices';
import { OrganisationCode, UserId } from '@wijkteam/contracts';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import { InvalidMessage, validateMessage } from '@wijkteam/runtime';
import { IsString } from 'class-validator';
import { teamStateOf } from '../application/teams';
import type { TeamKind } from '../domain/team';

export class TeamMemberRequest {
  @IsString()
  teamId!: string;

  @IsString()
  userId!: string;
}

/** Whether a user is an active member of a team now, and of which kind of team (seed 004: Jeugdteam or Volwassenenteam). */
export type TeamMembership = { teamId: string; userId: string; kind: TeamKind | null };

/**
 * `intake.team-member` over NATS: case planning asks before it makes someone case director, so an
 * adult-team professional cannot become director of a youth file as a "coach" (seed 004). Read from
 * the team's stream, not the read model: a member registered a moment ago counts.
 */
@Controller()
export class TeamRequestsController {
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
}
