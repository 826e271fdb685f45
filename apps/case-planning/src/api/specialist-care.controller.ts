import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type CommandContext, Clock, etagOf, IdGenerator, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import { IsIn } from 'class-validator';
import type { Response } from 'express';
import { CaseFiles } from '../application/case-files';
import { openCaseFile } from '../application/case-file-of';
import { SpecialistCare } from '../application/specialist-care';
import { SPECIALIST_CARE_OUTCOMES, SPECIALIST_CARE_TYPES, type SpecialistCareCommand, type SpecialistCareOutcome, type SpecialistCareState, type SpecialistCareType } from '../domain/specialist-care';

export class RequestSpecialistCareDto {
  @ApiProperty({ enum: SPECIALIST_CARE_TYPES })
  @IsIn(SPECIALIST_CARE_TYPES)
  careType!: SpecialistCareType;
}

export class DecideSpecialistCareDto {
  @ApiProperty({ enum: SPECIALIST_CARE_OUTCOMES })
  @IsIn(SPECIALIST_CARE_OUTCOMES)
  outcome!: SpecialistCareOutcome;
}

/**
 * Specialist care for a case file (seeds 002/003): requested by the case director, weighed with a
 * colleague and the behavioural scientist, each recording it themselves while logged in (who and in
 * which role come from the token, never from the body), then decided. Direction does not move.
 */
@ApiTags('specialist-care')
@Controller('case-files/:caseFileId/specialist-care')
export class SpecialistCareController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly teams: TeamFileAccess,
  ) {}

  @Get()
  @Roles('coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @AccessLogged({ part: 'case-file', purpose: 'case_direction' })
  @ApiOperation({ summary: 'The requests for specialist care of a case file, with their consultations and decisions (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'ETag is the revision of the specialist-care stream.' })
  async get(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<SpecialistCareState> {
    const { state: file } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayRead(user, file, 'case-file');
    const { state, revision } = await this.queries.execute(new SpecialistCare.Query(caseFileId));
    response.setHeader('ETag', etagOf(revision));
    return state;
  }

  @Post()
  @Roles('coach')
  @ApiOperation({ summary: 'Request specialist care: only the case director' })
  @ApiCreatedResponse({ description: 'SpecialistCareRequested appended; the body lists the requests.' })
  @ApiForbiddenResponse({ description: 'not_case_director, or other_team.' })
  @ApiConflictResponse({ description: 'specialist_care_request_open, case_file_closed, or changed meanwhile.' })
  request(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: RequestSpecialistCareDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SpecialistCareState> {
    return this.handle(
      caseFileId,
      user,
      (file) => ({
        type: 'RequestSpecialistCare',
        data: { caseFileId: file.caseFileId, clientId: file.clientId, requestId: this.ids.next(), careType: body.careType, directorId: file.director?.directorId ?? null, requestedBy: user, requestedAt: this.now() },
      }),
      context,
      ifMatch,
      response,
    );
  }

  @Post(':requestId/consultations')
  @Roles('coach', 'behavioural-scientist')
  @ApiOperation({ summary: 'Record your own consultation on a request (as the colleague coach or the behavioural scientist; never the requester)' })
  @ApiCreatedResponse({ description: 'SpecialistCareConsulted appended, with your user id and role from the token.' })
  @ApiForbiddenResponse({ description: 'requester_cannot_consult, not_a_consultant_role, consulted_twice_by_one_person, or other_team.' })
  @ApiConflictResponse({ description: 'colleague_already_consulted / behavioural_scientist_already_consulted, specialist_care_already_decided.' })
  consult(
    @UuidParam('caseFileId') caseFileId: string,
    @UuidParam('requestId') requestId: string,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SpecialistCareState> {
    return this.handle(caseFileId, user, () => ({ type: 'RecordConsultation', data: { requestId, consultedBy: user, consultedAt: this.now() } }), context, ifMatch, response);
  }

  @Post(':requestId/decision')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Decide on a request (the case director or the team coordinator), after both consultations' })
  @ApiOkResponse({ description: 'SpecialistCareDecided appended.' })
  @ApiForbiddenResponse({ description: 'not_allowed_to_decide, or other_team.' })
  @ApiUnprocessableEntityResponse({ description: 'consultations_missing (consultations): the colleague and the behavioural scientist first.' })
  decide(
    @UuidParam('caseFileId') caseFileId: string,
    @UuidParam('requestId') requestId: string,
    @Body() body: DecideSpecialistCareDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SpecialistCareState> {
    return this.handle(
      caseFileId,
      user,
      (file) => ({ type: 'DecideSpecialistCare', data: { requestId, outcome: body.outcome, directorId: file.director?.directorId ?? null, decidedBy: user, decidedAt: this.now() } }),
      context,
      ifMatch,
      response,
    );
  }

  private async handle(
    caseFileId: string,
    user: AuthenticatedUser,
    command: (file: ReturnType<typeof openCaseFile>) => SpecialistCareCommand,
    context: CommandContext,
    ifMatch: string | undefined,
    response: Response,
  ): Promise<SpecialistCareState> {
    const { state } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayAct(user, state, 'case-file');
    const file = openCaseFile(state);
    const result = await this.commands.execute(new SpecialistCare.Command(caseFileId, command(file), context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return result.state;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
