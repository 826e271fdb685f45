import { Body, Controller, Delete, ForbiddenException, Get, Headers, HttpStatus, Put, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles, mayActOnTeamFile } from '@wijkteam/auth';
import { type CommandContext, Clock, etagOf, ifMatchRevision, RequestContext } from '@wijkteam/runtime';
import type { Response } from 'express';
import { TeamDirectory, type TeamMemberWithCaseload } from '../application/team-directory';
import { Teams, teamStateOf } from '../application/teams';
import type { TeamCommand } from '../domain/team';
import { TeamIdParam, UserIdParam } from './params';
import { TeamMemberDto } from './team.dto';

/**
 * The team directory (seed 002): who works in the team, with which expertise and for how many
 * families. Team separation (seed 004): only the team's own Jeugdteam members read it; its
 * coordinator keeps it.
 */
@ApiTags('teams')
@Controller('teams')
export class TeamController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly directory: TeamDirectory,
  ) {}

  @Get(':teamId/members')
  @Roles('front-office', 'coach', 'team-coordinator', 'behavioural-scientist')
  @ApiOperation({ summary: 'The members of your team: kind, neighbourhood, expertise, capacity, current caseload and free capacity' })
  @ApiOkResponse({ description: 'The active members by user id; caseload counts the families a coach carries whose case file is not closed.' })
  @ApiBadRequestResponse({ description: 'teamId is not an organisation code.' })
  @ApiForbiddenResponse({ description: 'other_team: this is not your team.' })
  async members(@TeamIdParam('teamId') teamId: string, @CurrentUser() user: AuthenticatedUser): Promise<TeamMemberWithCaseload[]> {
    this.assertOwnTeam(user, teamId);
    return this.directory.members(teamId);
  }

  @Put(':teamId/members/:userId')
  @Roles('team-coordinator')
  @ApiOperation({ summary: 'Register a member of your team, or change their kind, neighbourhood, expertise or capacity' })
  @ApiCreatedResponse({ description: 'TeamMemberRegistered appended (a new member). ETag of the team stream.' })
  @ApiOkResponse({ description: 'TeamMemberChanged appended, or nothing when the profile is the same.' })
  @ApiBadRequestResponse({ description: 'teamId or userId malformed.' })
  @ApiForbiddenResponse({ description: 'other_team: this is not your team.' })
  @ApiUnprocessableEntityResponse({ description: 'A field at fault: kind, neighbourhood, expertise, capacity (0..40).' })
  @ApiConflictResponse({ description: 'The team was changed meanwhile (412 with If-Match).' })
  async put(
    @TeamIdParam('teamId') teamId: string,
    @UserIdParam('userId') userId: string,
    @Body() body: TeamMemberDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    this.assertOwnTeam(user, teamId);
    const profile = { kind: body.kind, neighbourhood: body.neighbourhood, expertise: body.expertise, capacity: body.capacity };
    const known = await this.isMember(teamId, userId);
    const command: TeamCommand = known
      ? { type: 'ChangeTeamMember', data: { teamId, userId, ...profile, changedBy: user.userId, changedAt: this.now() } }
      : { type: 'RegisterTeamMember', data: { teamId, userId, ...profile, registeredBy: user.userId, registeredAt: this.now() } };
    const result = await this.execute(teamId, command, context, ifMatch, response);
    response.status(known ? HttpStatus.OK : HttpStatus.CREATED);
    return { teamId, userId, ...profile, status: known ? (result.events.length > 0 ? 'changed' : 'unchanged') : 'registered' };
  }

  @Delete(':teamId/members/:userId')
  @Roles('team-coordinator')
  @ApiOperation({ summary: 'A member left your team: no longer suggested nor assignable (their caseload stays theirs)' })
  @ApiOkResponse({ description: 'TeamMemberLeft appended.' })
  @ApiForbiddenResponse({ description: 'other_team: this is not your team.' })
  @ApiNotFoundResponse({ description: 'member_not_found (userId).' })
  async remove(
    @TeamIdParam('teamId') teamId: string,
    @UserIdParam('userId') userId: string,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    this.assertOwnTeam(user, teamId);
    const leftAt = this.now();
    await this.execute(teamId, { type: 'RemoveTeamMember', data: { teamId, userId, leftBy: user.userId, leftAt } }, context, ifMatch, response);
    return { teamId, userId, status: 'left', leftAt };
  }

  /** Team separation: the team's own Jeugdteam members only (seed 004). */
  private assertOwnTeam(user: AuthenticatedUser, teamId: string): void {
    if (!mayActOnTeamFile(user, teamId))
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', code: 'other_team', message: 'team separation: this is not your team' });
  }

  private async isMember(teamId: string, userId: string): Promise<boolean> {
    return Object.hasOwn((await teamStateOf(this.queries, teamId)).members, userId);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private async execute(teamId: string, command: TeamCommand, context: CommandContext, ifMatch: string | undefined, response: Response) {
    const result = await this.commands.execute(new Teams.Command(teamId, command, context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return result;
  }
}
