import { Body, Controller, Get, Inject, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiPropertyOptional, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { DomainError } from '@wijkteam/contracts';
import { type CommandContext, Clock, etagOf, IdGenerator, IsCanonicalId, RequestContext, UuidParam } from '@wijkteam/runtime';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { SafetyAssessments } from '../application/safety-assessments';
import { ETM_REASONS, type EtmReason } from '../domain/safety-assessment';
import type { EtmLevels } from '../domain/etm-levels';
import { ETM_LEVELS, SafetySettings } from '../safety.settings';
import { safetyViewOf, type SafetyView } from './safety-view';
import { Professionals } from '../application/professionals';
import { SafetyCaseFiles } from '../application/safety-case-files';

export class RecordEtmAssessmentDto {
  @ApiProperty({ description: 'Opaque id of the client assessed (for the access log and the file).' })
  @IsCanonicalId()
  clientId!: string;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'ETM (ernsttaxatiemodel) score.' })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @ApiProperty({ description: 'User id of the second professional (four eyes).' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'secondAssessorId must be a lower-case user id' })
  secondAssessorId!: string;

  @ApiProperty({ enum: ETM_REASONS, isArray: true, description: 'Waarom dit niveau: een of meer redenen uit de lijst.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ETM_REASONS.length)
  @IsIn(ETM_REASONS, { each: true })
  reasons!: EtmReason[];

  @ApiPropertyOptional({ description: 'Toelichting in eigen woorden (versleuteld opgeslagen, nooit gepubliceerd); verplicht bij reden `other`.' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  explanation?: string;
}

@ApiTags('safety')
@Controller('safety')
export class SafetyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly files: SafetyCaseFiles,
    private readonly professionals: Professionals,
    @Inject(SafetySettings.token) private readonly settings: SafetySettings,
    @Inject(ETM_LEVELS) private readonly etmLevels: EtmLevels,
  ) {}

  @Get('etm-levels')
  @Roles('coach', 'behavioural-scientist', 'team-coordinator')
  @ApiOperation({ summary: 'What each ETM level means (reference data the municipality configures; not public)' })
  @ApiOkResponse({ description: 'The version of the wording and the levels 1 to 5 with their Dutch label and description.' })
  levels(): EtmLevels {
    return this.etmLevels;
  }

  @Post(':caseFileId/etm-assessments')
  @Roles('coach', 'behavioural-scientist')
  @ApiOperation({ summary: 'Record an ETM assessment, by the caller and a second assessor (four eyes)' })
  @ApiCreatedResponse({ description: 'EtmAssessed appended (and SafetyPlanRequired with its deadline at ETM 5); the body is the safety state.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found (caseFileId): case planning never opened this case file; nothing appended.' })
  @ApiForbiddenResponse({ description: 'other_team: the case file belongs to another team.' })
  @ApiUnprocessableEntityResponse({ description: 'four_eyes_required / second_professional_unknown (secondAssessorId: another member of the team), client_not_on_case_file (clientId), explanation_required (explanation, with reason other), or a field at fault.' })
  @ApiConflictResponse({ description: 'Another assessment of this case file was recorded at the same moment; try again.' })
  async assess(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: RecordEtmAssessmentDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SafetyView> {
    const file = await this.files.forAct(user, caseFileId);
    if (![...file.childIds, ...file.familyMemberIds].includes(body.clientId)) throw new DomainError('client_not_on_case_file', 'unprocessable', 'clientId');
    await this.professionals.assertSecond(file, user.userId, body.secondAssessorId, 'secondAssessorId');
    const result = await this.commands.execute(
      new SafetyAssessments.Command(
        caseFileId,
        {
          type: 'RecordEtmAssessment',
          data: {
            caseFileId,
            clientId: body.clientId,
            assessmentId: this.ids.next(),
            score: body.score,
            reasons: body.reasons,
            explanation: body.explanation ?? null,
            assessorId: context.actor.userId,
            secondAssessorId: body.secondAssessorId,
            assessedAt: this.clock.now().toISOString(),
            safetyPlanDays: this.settings.SAFETY_PLAN_DAYS,
          },
        },
        context,
      ),
    );
    response.setHeader('ETag', etagOf(result.revision));
    return safetyViewOf(result.state, caseFileId, file.clientId);
  }

  @Get(':caseFileId')
  @Roles('coach', 'behavioural-scientist', 'team-coordinator', 'auditor')
  @AccessLogged({ part: 'safety', purpose: 'safety_assessment' })
  @ApiOperation({ summary: 'Read the safety state of a case file (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'Latest ETM assessment (score, reasons, explanation), whether a safety plan is required and by when, the CIT decision, the plan version (its agreements: GET safety-plan); ETag is the revision.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found (caseFileId): case planning never opened this case file.' })
  @ApiForbiddenResponse({ description: 'other_team: the case file belongs to another team.' })
  async get(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<SafetyView> {
    const file = await this.files.forRead(user, caseFileId);
    // A known file nobody assessed yet reads as nothing assessed, no plan required (no ETag).
    const { state, revision } = await this.queries.execute(new SafetyAssessments.Current(caseFileId));
    if (revision !== undefined) response.setHeader('ETag', etagOf(revision));
    return safetyViewOf(state, caseFileId, file.clientId);
  }
}
