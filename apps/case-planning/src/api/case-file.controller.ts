import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type CommandContext, Clock, etagOf, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import { IsIn, IsString, Matches } from 'class-validator';
import type { Response } from 'express';
import { CaseFiles } from '../application/case-files';
import {
  CLOSURE_REASONS,
  type CaseFileCommand,
  type CaseFileState,
  type ClosureReason,
  DIRECTION_REASONS,
  type DirectionReason,
  DIRECTOR_KINDS,
  type DirectorKind,
  REOPENING_REASONS,
  type ReopeningReason,
} from '../domain/case-file';

export class AssignCaseDirectorDto {
  @ApiProperty({ description: 'User id of the coach, or the code of the GI / GOSA table.' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'directorId must be a lower-case id' })
  directorId!: string;

  @ApiProperty({ enum: DIRECTOR_KINDS })
  @IsIn(DIRECTOR_KINDS)
  directorKind!: DirectorKind;

  @ApiProperty({ enum: DIRECTION_REASONS })
  @IsIn(DIRECTION_REASONS)
  reason!: DirectionReason;
}

export class CloseCaseFileDto {
  @ApiProperty({ enum: CLOSURE_REASONS, description: 'Seed 000: the closure outcomes of the process.' })
  @IsIn(CLOSURE_REASONS)
  reason!: ClosureReason;
}

export class ReopenCaseFileDto {
  @ApiProperty({ enum: REOPENING_REASONS })
  @IsIn(REOPENING_REASONS)
  reason!: ReopeningReason;
}

@ApiTags('case-files')
@Controller('case-files')
export class CaseFileController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly teams: TeamFileAccess,
  ) {}

  @Get(':caseFileId')
  @Roles('coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @AccessLogged({ part: 'case-file', purpose: 'case_direction' })
  @ApiOperation({ summary: "Read a case file of your team (the read is recorded in the access log; another team's attempt too)" })
  @ApiOkResponse({ description: 'The case file as folded from its events; ETag is its revision.' })
  @ApiForbiddenResponse({ description: 'other_team: the case file belongs to another team.' })
  @ApiNotFoundResponse({ description: 'not_found: no case file with this id.' })
  async get(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<CaseFileState> {
    const { state, revision } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayRead(user, state, 'case-file');
    response.setHeader('ETag', etagOf(revision));
    return state;
  }

  /** Casusregie is decided at the case conference; the coordinator decides where there is no consensus. */
  @Post(':caseFileId/case-director')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Assign the case director (casusregie)' })
  @ApiOkResponse({ description: 'CaseDirectorAssigned appended; the body is the case file.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found' })
  @ApiConflictResponse({ description: 'case_file_closed or director_unchanged, or changed meanwhile (without If-Match).' })
  @ApiUnprocessableEntityResponse({ description: 'case_direction_stays_with_certified_institution / _gosa (directorKind), or a field at fault.' })
  assignDirector(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: AssignCaseDirectorDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseFileState> {
    return this.handle(caseFileId, user, { type: 'AssignCaseDirector', data: { ...body, assignedAt: this.clock.now().toISOString() } }, context, ifMatch, response);
  }

  /** Care ends: starts the client's retention clock (Jeugdwet art. 7.3.8). */
  @Post(':caseFileId/closure')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Close a case file, with its closure reason' })
  @ApiOkResponse({ description: 'CaseFileClosed appended; the client\'s retention clock starts.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found' })
  @ApiConflictResponse({ description: 'case_file_already_closed, or changed meanwhile (without If-Match).' })
  close(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: CloseCaseFileDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseFileState> {
    return this.handle(caseFileId, user, { type: 'CloseCaseFile', data: { reason: body.reason, closedAt: this.clock.now().toISOString() } }, context, ifMatch, response);
  }

  @Post(':caseFileId/reopening')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Reopen a closed case file, with a reason' })
  @ApiOkResponse({ description: 'CaseFileReopened appended; the retention clock stops.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found' })
  @ApiConflictResponse({ description: 'case_file_not_closed, or changed meanwhile (without If-Match).' })
  reopen(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: ReopenCaseFileDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseFileState> {
    return this.handle(caseFileId, user, { type: 'ReopenCaseFile', data: { reason: body.reason, reopenedAt: this.clock.now().toISOString() } }, context, ifMatch, response);
  }

  /** A decision by the file's own team (team separation first: 404 when it does not exist, 403 for another team). */
  private async handle(caseFileId: string, user: AuthenticatedUser, command: CaseFileCommand, context: CommandContext, ifMatch: string | undefined, response: Response): Promise<CaseFileState> {
    const { state } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayAct(user, state, 'case-file');
    const result = await this.commands.execute(new CaseFiles.Command(caseFileId, command, context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return result.state;
  }
}
