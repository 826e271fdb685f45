import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type CommandContext, Clock, etagOf, IdGenerator, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { Professionals } from '../application/professionals';
import { SafetyAssessments } from '../application/safety-assessments';
import { type SafetyCaseFile, SafetyCaseFiles } from '../application/safety-case-files';
import type { SafetyCommand } from '../domain/safety-assessment';
import type { SafetyPerformer, SafetyPlanVersion } from '../domain/safety-plan';
import { DecideCrisisInterventionDto, RecordSafetyPlanDto } from './safety-plan.dto';
import { safetyViewOf, type SafetyView } from './safety-view';

/** A plan version with its agreements' words opened (erased words read as `{ $erased: true }`). */
export interface SafetyPlanVersionView {
  version: number;
  agreements: { agreementId: string; who: SafetyPerformer; what: unknown; watches: unknown }[];
  reviewOn: string;
  recordedBy: string;
  recordedAt: string;
}

export interface SafetyPlanView {
  caseFileId: string;
  clientId: string;
  required: boolean;
  due: string | null;
  current: SafetyPlanVersionView | null;
  /** Earlier versions, oldest first. */
  previousVersions: SafetyPlanVersionView[];
}

const versionView = ({ agreements, texts, ...version }: SafetyPlanVersion): SafetyPlanVersionView => ({
  ...version,
  agreements: agreements.map(({ agreementId, who }) => ({ agreementId, who, what: texts?.agreements?.[agreementId]?.what ?? null, watches: texts?.agreements?.[agreementId]?.watches ?? null })),
});

/**
 * ETM 5's consequences (seed 000): the safety plan, its versions, and the decision whether to
 * involve the Crisis Interventie Team, taken with a second professional of the team (seed 002).
 * Only the file's own team acts; the plan's words are read here only, each read access-logged.
 */
@ApiTags('safety')
@Controller('safety/:caseFileId')
export class SafetyPlanController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly files: SafetyCaseFiles,
    private readonly professionals: Professionals,
  ) {}

  @Get('safety-plan')
  @Roles('coach', 'behavioural-scientist', 'team-coordinator', 'auditor')
  @AccessLogged({ part: 'safety', purpose: 'safety_assessment' })
  @ApiOperation({ summary: 'Read the safety plan with its agreements and earlier versions (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'Whether a plan is required and by when, the current version (null before the first) and earlier versions; ETag is the revision.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found (caseFileId): case planning never opened this case file.' })
  @ApiForbiddenResponse({ description: 'other_team: the case file belongs to another team.' })
  async get(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<SafetyPlanView> {
    const file = await this.files.forRead(user, caseFileId);
    const { state, revision } = await this.queries.execute(new SafetyAssessments.Current(caseFileId));
    if (revision !== undefined) response.setHeader('ETag', etagOf(revision));
    return {
      caseFileId,
      clientId: file.clientId,
      required: state.safetyPlanRequired,
      due: state.safetyPlanDue,
      current: state.safetyPlan ? versionView(state.safetyPlan) : null,
      previousVersions: state.previousSafetyPlans.map(versionView),
    };
  }

  @Post('safety-plan')
  @HttpCode(200)
  @Roles('coach', 'behavioural-scientist')
  @ApiOperation({ summary: 'Record the safety plan, or a revision of it (a new version); ends the requirement of ETM 5' })
  @ApiOkResponse({ description: 'SafetyPlanRecorded appended; the body is the safety state (the plan by version and count); ETag is the revision.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found (caseFileId).' })
  @ApiForbiddenResponse({ description: 'other_team: the case file belongs to another team.' })
  @ApiUnprocessableEntityResponse({ description: 'The field at fault, e.g. agreements.0.who.clientId (not_of_the_family), reviewOn (review_in_past).' })
  @ApiConflictResponse({ description: 'The safety state changed meanwhile (without If-Match); read it and try again.' })
  @ApiPreconditionFailedResponse({ description: 'If-Match is not the current revision.' })
  record(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: RecordSafetyPlanDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SafetyView> {
    return this.handle(caseFileId, user, context, ifMatch, response, async (file) => ({
      type: 'RecordSafetyPlan',
      data: {
        caseFileId,
        clientId: file.clientId,
        familyIds: [...file.childIds, ...file.familyMemberIds],
        agreements: body.agreements.map((agreement) => ({
          agreementId: agreement.agreementId ?? this.ids.next(),
          what: agreement.what,
          who: agreement.who.kind === 'family' ? { kind: 'family', clientId: agreement.who.clientId as string } : { kind: agreement.who.kind, partyCode: agreement.who.partyCode as string },
          watches: agreement.watches,
        })),
        reviewOn: body.reviewOn,
        recordedBy: user.userId,
        recordedAt: this.clock.now().toISOString(),
      },
    }));
  }

  @Post('crisis-intervention')
  @HttpCode(200)
  @Roles('coach', 'behavioural-scientist')
  @ApiOperation({ summary: 'Decide, with a second professional, whether to involve the Crisis Interventie Team (asked at ETM 5, once)' })
  @ApiOkResponse({ description: 'CrisisInterventionConsidered appended; the body is the safety state; ETag is the revision.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found (caseFileId).' })
  @ApiForbiddenResponse({ description: 'other_team: the case file belongs to another team.' })
  @ApiUnprocessableEntityResponse({ description: 'four_eyes_required / second_professional_unknown (secondProfessionalId), or a field at fault.' })
  @ApiConflictResponse({ description: 'crisis_intervention_not_asked (no ETM 5) or crisis_intervention_already_decided; or the state changed meanwhile.' })
  @ApiPreconditionFailedResponse({ description: 'If-Match is not the current revision.' })
  decide(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: DecideCrisisInterventionDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SafetyView> {
    return this.handle(caseFileId, user, context, ifMatch, response, async (file) => {
      await this.professionals.assertSecond(file, user.userId, body.secondProfessionalId, 'secondProfessionalId');
      return {
        type: 'DecideCrisisIntervention',
        data: { caseFileId, involve: body.involve, reason: body.reason, decidedBy: user.userId, secondProfessionalId: body.secondProfessionalId, decidedAt: this.clock.now().toISOString() },
      };
    });
  }

  /** The caller's team's known file first, then the command on the file's safety stream (If-Match on it). */
  private async handle(
    caseFileId: string,
    user: AuthenticatedUser,
    context: CommandContext,
    ifMatch: string | undefined,
    response: Response,
    command: (file: SafetyCaseFile) => Promise<SafetyCommand>,
  ): Promise<SafetyView> {
    const file = await this.files.forAct(user, caseFileId);
    const result = await this.commands.execute(new SafetyAssessments.Command(caseFileId, await command(file), context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return safetyViewOf(result.state, caseFileId, file.clientId);
  }

}
