import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { DomainError } from '@wijkteam/contracts';
import { type CommandContext, Clock, etagOf, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { Referrals } from '../application/referrals';
import { TeamDirectory } from '../application/team-directory';
import { teamStateOf } from '../application/teams';
import { needsOf, suggestCoaches } from '../domain/coach-suggestions';
import { IntakeSettings } from '../intake.settings';
import { AssignCoachesDto } from './team.dto';

const DECIDERS = ['coach', 'team-coordinator'] as const;

/**
 * The case conference's assignment (seed 000: one or two coaches; seed 002: by expertise and
 * capacity, not by area alone). The service suggests, a person decides: capacity is reported, never
 * enforced.
 */
@ApiTags('referrals')
@Controller('referrals')
export class AssignmentController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly teams: TeamFileAccess,
    private readonly directory: TeamDirectory,
    @Inject(IntakeSettings.token) private readonly settings: IntakeSettings,
  ) {}

  @Get(':referralId/coach-suggestions')
  @Roles(...DECIDERS)
  @AccessLogged({ part: 'referral' })
  @ApiOperation({ summary: "Coaches of the referral's team ranked for it: by expertise matching its needs, then by free capacity (full coaches last)" })
  @ApiOkResponse({ description: "The referral's needs (themes, lvb, jonge_kinderen, jongvolwassenen) and per coach matchedExpertise, caseload, capacity, freeCapacity and score. The read is recorded in the access log." })
  @ApiForbiddenResponse({ description: 'other_team: the referral belongs to another team.' })
  @ApiNotFoundResponse({ description: 'not_found: no referral with this id.' })
  async suggestions(@UuidParam('referralId') referralId: string, @CurrentUser() user: AuthenticatedUser) {
    const { state } = await this.queries.execute(new Referrals.Query(referralId));
    await this.teams.assertMayAct(user, state, 'referral');
    const teamId = state.teamId as string;
    const needs = needsOf(state, this.today());
    const members = await this.directory.members(teamId);
    return { referralId, clientId: state.clientId, teamId, needs, suggestions: suggestCoaches(teamId, needs, members) };
  }

  @Post(':referralId/coach-assignment')
  @HttpCode(200)
  @Roles(...DECIDERS)
  @ApiOperation({ summary: 'Assign one or two coaches of the team (the case conference decides; capacity is reported, not enforced)' })
  @ApiOkResponse({ description: 'CoachesAssigned appended; the body names the coaches, the first-visit deadline and, per coach, caseload and capacity before this assignment. ETag of the referral.' })
  @ApiForbiddenResponse({ description: 'other_team: the referral belongs to another team.' })
  @ApiNotFoundResponse({ description: 'not_found: no referral with this id.' })
  @ApiUnprocessableEntityResponse({ description: 'unknown_coach (coachIds): not an active Jeugdteam member of the team; one_or_two_coaches; conferenceDate malformed.' })
  @ApiConflictResponse({ description: 'referral_closed or referral_on_waiting_list, or changed meanwhile (412 with If-Match).' })
  async assign(
    @UuidParam('referralId') referralId: string,
    @Body() body: AssignCoachesDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { state } = await this.queries.execute(new Referrals.Query(referralId));
    await this.teams.assertMayAct(user, state, 'referral');
    const teamId = state.teamId as string;
    // The team's stream, not the read model: a member who just left is no longer assignable.
    const { members } = await teamStateOf(this.queries, teamId);
    const unknown = body.coachIds.find((coachId) => !Object.hasOwn(members, coachId) || members[coachId].kind !== 'jeugdteam');
    if (unknown !== undefined) throw new DomainError('unknown_coach', 'unprocessable', 'coachIds');
    const caseloads = await this.directory.caseloads(body.coachIds);
    const result = await this.commands.execute(
      new Referrals.Command(
        referralId,
        {
          type: 'AssignCoaches',
          data: {
            coachIds: body.coachIds,
            decidedBy: user.userId,
            conferenceDate: body.conferenceDate ?? this.today(),
            firstVisitWithinDays: this.settings.INTAKE_FIRST_VISIT_DAYS,
            decidedAt: this.clock.now().toISOString(),
          },
        },
        context,
        { ifMatch: ifMatchRevision(ifMatch) },
      ),
    );
    response.setHeader('ETag', etagOf(result.revision));
    return {
      referralId,
      coachIds: body.coachIds,
      firstVisitDue: result.state.firstVisitDue,
      coaches: body.coachIds.map((coachId) => {
        const caseload = caseloads.get(coachId) ?? 0;
        const { capacity } = members[coachId];
        return { userId: coachId, caseload, capacity, freeCapacity: capacity - caseload };
      }),
    };
  }

  /** Today in UTC (YYYY-MM-DD): the day ages are counted at and the default conference date. */
  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }
}
