import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPreconditionFailedResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { DomainError } from '@wijkteam/contracts';
import { type CommandContext, Clock, etagOf, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { CaseFiles } from '../application/case-files';
import { FirstVisitRecording } from '../application/first-visits';
import type { FirstVisitHeldData } from '../domain/first-visit';
import { RecordFirstVisitDto } from './first-visit.dto';

/** The first visit of a case file as the API shows it; clientId for the access log. */
export interface FirstVisitView {
  caseFileId: string;
  clientId: string;
  status: 'none' | 'held';
  visit: FirstVisitHeldData | null;
}

@ApiTags('case-files')
@Controller('case-files')
export class FirstVisitController {
  constructor(
    private readonly queries: QueryBus,
    private readonly recording: FirstVisitRecording,
    private readonly clock: Clock,
    private readonly teams: TeamFileAccess,
  ) {}

  /** seed 000: the first visit, within 2 weeks of the referral, preferably by two coaches at home. */
  @Post(':caseFileId/first-visit')
  @HttpCode(201)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Record the first visit (kennismakingshuisbezoek); the ETM is recorded through the safety service (four eyes)' })
  @ApiOkResponse({ description: 'FirstVisitHeld appended (and EtmAssessed in safety); ETag is the first-visit revision.' })
  @ApiForbiddenResponse({ description: 'other_team: the case file belongs to another team.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found' })
  @ApiConflictResponse({ description: 'first_visit_already_recorded or case_file_closed.' })
  @ApiPreconditionFailedResponse({ description: 'If-Match does not match the first-visit revision.' })
  @ApiUnprocessableEntityResponse({ description: 'A field at fault, e.g. explained.privacy, zrm.financien, safetyAnalysisNeeded, etm.secondAssessorId (four_eyes_required, from safety).' })
  async record(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: RecordFirstVisitDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FirstVisitView> {
    const { state: caseFile } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayAct(user, caseFile, 'first-visit');
    const result = await this.recording.record(caseFile, { ...body, heldAt: this.clock.now().toISOString() }, context, ifMatchRevision(ifMatch));
    response.setHeader('ETag', etagOf(result.revision));
    return { caseFileId, clientId: caseFile.clientId as string, status: result.state.status, visit: result.state.visit ?? null };
  }

  @Get(':caseFileId/first-visit')
  @Roles('coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @AccessLogged({ part: 'first-visit', purpose: 'care_delivery' })
  @ApiOperation({ summary: 'Read the first visit of a case file of your team (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'The recorded first visit, or status none; ETag is the first-visit revision (absent before the visit).' })
  @ApiForbiddenResponse({ description: 'other_team: the case file belongs to another team.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found' })
  async get(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<FirstVisitView> {
    const { state: caseFile } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayRead(user, caseFile, 'first-visit');
    if (!caseFile.clientId) throw new DomainError('case_file_not_found', 'not_found');
    const { state, revision } = await this.recording.current(caseFileId);
    if (revision !== undefined) response.setHeader('ETag', etagOf(revision));
    return { caseFileId, clientId: caseFile.clientId, status: state.status, visit: state.visit ?? null };
  }
}
