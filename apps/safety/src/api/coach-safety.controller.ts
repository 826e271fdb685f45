import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type CommandContext, Clock, etagOf, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { CoachSafety } from '../application/coach-safety';
import { type SafetyCaseFile, SafetyCaseFiles } from '../application/safety-case-files';
import { type CoachSafetyCommand, type CoachSafetyState } from '../domain/coach-safety';
import { FlagCoachSafetyDto } from './coach-safety.dto';

type CoachSafetyView = CoachSafetyState & { caseFileId: string; clientId: string };

/** The whole family by id: a new referral of any of its members meets the flag in intake. */
const familyOf = (file: SafetyCaseFile): string[] => [...new Set([file.clientId, ...file.childIds, ...file.familyMemberIds])];

/** The coach-safety flag of a family (case file): set or reviewed, and lifted, by the file's team. */
@ApiTags('safety')
@Controller('safety/:caseFileId/coach-safety')
export class CoachSafetyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly files: SafetyCaseFiles,
  ) {}

  @Get()
  @Roles('coach', 'behavioural-scientist', 'team-coordinator', 'auditor')
  @AccessLogged({ part: 'safety', purpose: 'safety_assessment' })
  @ApiOperation({ summary: 'The coach-safety flag of a family (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'Whether the family is flagged, why (a code) and when it is reviewed; ETag is the revision.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found (caseFileId).' })
  @ApiForbiddenResponse({ description: 'other_team.' })
  async get(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<CoachSafetyView> {
    const file = await this.files.forRead(user, caseFileId);
    const { state, revision } = await this.queries.execute(new CoachSafety.Current(caseFileId));
    if (revision !== undefined) response.setHeader('ETag', etagOf(revision));
    return { ...state, caseFileId, clientId: file.clientId };
  }

  @Post()
  @HttpCode(200)
  @Roles('coach', 'behavioural-scientist', 'team-coordinator')
  @ApiOperation({ summary: 'Flag the family as unsafe for coaches, or review the flag (a new reason or review date)' })
  @ApiOkResponse({ description: 'CoachSafetyFlagged appended, for every member of the family.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found (caseFileId); nothing appended.' })
  @ApiUnprocessableEntityResponse({ description: 'review_date_out_of_range / invalid_date (reviewOn: within a year), or reason at fault.' })
  @ApiConflictResponse({ description: 'coach_safety_flag_unchanged, or changed meanwhile.' })
  flag(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: FlagCoachSafetyDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CoachSafetyView> {
    return this.handle(caseFileId, user, context, ifMatch, response, (file) => ({
      type: 'FlagCoachSafety',
      data: { caseFileId, clientIds: familyOf(file), reason: body.reason, reviewOn: body.reviewOn, flaggedBy: user.userId, flaggedAt: this.now() },
    }));
  }

  @Post('lifting')
  @HttpCode(200)
  @Roles('coach', 'behavioural-scientist', 'team-coordinator')
  @ApiOperation({ summary: 'Lift the coach-safety flag of the family' })
  @ApiOkResponse({ description: 'CoachSafetyFlagLifted appended.' })
  @ApiConflictResponse({ description: 'no_coach_safety_flag, or changed meanwhile.' })
  lift(
    @UuidParam('caseFileId') caseFileId: string,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CoachSafetyView> {
    return this.handle(caseFileId, user, context, ifMatch, response, () => ({ type: 'LiftCoachSafetyFlag', data: { liftedBy: user.userId, liftedAt: this.now() } }));
  }

  private async handle(
    caseFileId: string,
    user: AuthenticatedUser,
    context: CommandContext,
    ifMatch: string | undefined,
    response: Response,
    command: (file: SafetyCaseFile) => CoachSafetyCommand,
  ): Promise<CoachSafetyView> {
    const file = await this.files.forAct(user, caseFileId);
    const result = await this.commands.execute(new CoachSafety.Command(caseFileId, command(file), context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return { ...result.state, caseFileId, clientId: file.clientId };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
