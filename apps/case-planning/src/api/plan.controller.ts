import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPreconditionFailedResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type CommandContext, Clock, etagOf, IdGenerator, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { CaseFiles } from '../application/case-files';
import { openCaseFile } from '../application/case-file-of';
import { Plans } from '../application/plans';
import type { GoalInput, Performer, PlanCommand, PlanFile, PlanState, PlanVersionSummary } from '../domain/plan';
import { AgreePlanDto, DraftPlanDto, type PlanGoalDto, RevisePlanDto } from './plan.dto';

/** The current version with the client's words opened, and every version without them. */
export interface PlanView {
  caseFileId: string;
  clientId: string;
  version: number;
  status: 'draft' | 'agreed';
  due: string | null;
  agreedVersion: number | null;
  goals: { goalId: string; text: unknown; actions: { actionId: string; performer: Performer; what: unknown; dueOn: string }[] }[];
  history: PlanVersionSummary[];
}

/**
 * The plan of approach of a case file (seed 000, 1 gezin 1 plan): drafted, agreed by the client,
 * revised and agreed again. Only the file's own team acts on it (seed 004); the file must be open.
 */
@ApiTags('plan')
@Controller('case-files/:caseFileId/plan')
export class PlanController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly teams: TeamFileAccess,
  ) {}

  @Get()
  @Roles('coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @AccessLogged({ part: 'plan' })
  @ApiOperation({ summary: 'Read the plan of approach: the current version in the client\'s words, and the version history (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'The plan; ETag is the revision of its stream.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiNotFoundResponse({ description: 'not_found: no case file, or no plan yet.' })
  async get(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<PlanView> {
    const { state: file } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayRead(user, file, 'plan');
    const { state, revision } = await this.queries.execute(new Plans.Query(caseFileId));
    response.setHeader('ETag', etagOf(revision));
    return viewOf(state);
  }

  @Post()
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Draft the plan (version 1), or redo the draft while the client has not agreed' })
  @ApiOkResponse({ description: 'PlanDrafted appended; the body is the plan.' })
  @ApiConflictResponse({ description: 'plan_agreed_revise_instead, case_file_closed, or changed meanwhile (without If-Match).' })
  @ApiPreconditionFailedResponse({ description: 'If-Match is not the current revision of the plan.' })
  @ApiUnprocessableEntityResponse({ description: 'A field at fault, e.g. goals.0.actions.1.performer.clientId (not of the family).' })
  draft(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: DraftPlanDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PlanView> {
    return this.handle(caseFileId, user, (file) => ({ type: 'DraftPlan', data: { file, goals: this.goalsOf(body.goals), draftedBy: user.userId, draftedAt: this.now() } }), context, ifMatch, response);
  }

  @Post('agreement')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: "Record the client's agreement with a version (seed 003: a 1G1P meeting with two or more professional providers)" })
  @ApiOkResponse({ description: 'PlanAgreed appended; the body is the plan.' })
  @ApiConflictResponse({ description: 'plan_already_agreed, case_file_closed, or changed meanwhile (without If-Match).' })
  @ApiPreconditionFailedResponse({ description: 'If-Match is not the current revision of the plan.' })
  @ApiUnprocessableEntityResponse({ description: 'oneFamilyOnePlanMeetingOn (required), agreedBy.N (not of the family), version, agreedOn.' })
  agree(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: AgreePlanDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PlanView> {
    return this.handle(
      caseFileId,
      user,
      (file) => ({
        type: 'AgreePlan',
        data: {
          file,
          version: body.version,
          agreedBy: body.agreedBy,
          agreedOn: body.agreedOn,
          signedDocumentId: body.signedDocumentId ?? null,
          oneFamilyOnePlanMeetingOn: body.oneFamilyOnePlanMeetingOn ?? null,
          agreedAt: this.now(),
        },
      }),
      context,
      ifMatch,
      response,
    );
  }

  @Post('revisions')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Revise the agreed plan: a new version (what changed is computed), to be agreed again' })
  @ApiOkResponse({ description: 'PlanRevised appended; the body is the plan.' })
  @ApiConflictResponse({ description: 'plan_not_agreed (redo the draft instead), case_file_closed, or changed meanwhile (without If-Match).' })
  @ApiPreconditionFailedResponse({ description: 'If-Match is not the current revision of the plan.' })
  @ApiUnprocessableEntityResponse({ description: 'plan_unchanged (goals), reason, or a field at fault.' })
  revise(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: RevisePlanDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PlanView> {
    return this.handle(
      caseFileId,
      user,
      (file) => ({ type: 'RevisePlan', data: { file, goals: this.goalsOf(body.goals), reason: body.reason, revisedBy: user.userId, revisedAt: this.now() } }),
      context,
      ifMatch,
      response,
    );
  }

  /** Team separation on the case file first, then the plan's own command on its own stream (If-Match on it). */
  private async handle(
    caseFileId: string,
    user: AuthenticatedUser,
    command: (file: PlanFile) => PlanCommand,
    context: CommandContext,
    ifMatch: string | undefined,
    response: Response,
  ): Promise<PlanView> {
    const { state } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayAct(user, state, 'plan');
    const { caseFileId: id, clientId, familyIds, referredAt } = openCaseFile(state);
    const result = await this.commands.execute(new Plans.Command(caseFileId, command({ caseFileId: id, clientId, familyIds, referredAt }), context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return viewOf(result.state);
  }

  /** New goals and actions get their ids here; existing ones keep theirs (a revision compares by id). */
  private goalsOf(goals: PlanGoalDto[]): GoalInput[] {
    return goals.map((goal) => ({
      goalId: goal.goalId ?? this.ids.next(),
      text: goal.text,
      actions: goal.actions.map((action) => ({
        actionId: action.actionId ?? this.ids.next(),
        performer: action.performer.kind === 'family' ? { kind: 'family', clientId: action.performer.clientId as string } : { kind: action.performer.kind, partyCode: action.performer.partyCode as string },
        what: action.what,
        dueOn: action.dueOn,
      })),
    }));
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function viewOf(state: PlanState): PlanView {
  const texts = state.texts;
  return {
    caseFileId: state.caseFileId as string,
    clientId: state.clientId as string,
    version: state.version,
    status: state.status === 'agreed' ? 'agreed' : 'draft',
    due: state.due ?? null,
    agreedVersion: state.agreedVersion,
    // Erased texts read as { $erased: true }: shown as they are.
    goals: state.goals.map(({ goalId }) => ({
      goalId,
      text: texts?.goals?.[goalId] ?? null,
      actions: state.actions
        .filter((action) => action.goalId === goalId)
        .map(({ actionId, performer, dueOn }) => ({ actionId, performer, what: texts?.actions?.[actionId] ?? null, dueOn })),
    })),
    history: state.history,
  };
}
