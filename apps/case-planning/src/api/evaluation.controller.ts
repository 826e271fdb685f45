import { Body, Controller, Get, Headers, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { DomainError } from '@wijkteam/contracts';
import { type CommandContext, Clock, etagOf, IsCanonicalId, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { Response } from 'express';
import { CaseFiles } from '../application/case-files';
import { openCaseFile } from '../application/case-file-of';
import { Evaluations } from '../application/evaluations';
import { Plans } from '../application/plans';
import { EVALUATION_CONCLUSIONS, type EvaluationConclusion, type EvaluatedPlan, type EvaluationDue, evaluationDueOf, type EvaluationState, GOAL_PROGRESS, type GoalProgress } from '../domain/evaluation';

const DATE = { message: '$property must be a date YYYY-MM-DD' };

export class GoalProgressDto {
  @ApiProperty({ format: 'uuid', description: 'Een doel van het huidige, ingestemde plan.' })
  @IsCanonicalId()
  goalId!: string;

  @ApiProperty({ enum: GOAL_PROGRESS })
  @IsIn(GOAL_PROGRESS)
  progress!: GoalProgress;
}

export class HoldEvaluationDto {
  @ApiProperty({ format: 'date', description: 'Datum van het evaluatiegesprek.' })
  @IsDateString({ strict: true }, DATE)
  @Length(10, 10, DATE)
  heldOn!: string;

  @ApiProperty({ type: [GoalProgressDto], description: 'Voortgang op elk doel van het plan.' })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => GoalProgressDto)
  goals!: GoalProgressDto[];

  @ApiProperty({ minimum: 1, maximum: 10, description: 'Tevredenheid van de cliënt over de zorg van het wijkteam.' })
  @IsInt()
  @Min(1)
  @Max(10)
  clientSatisfaction!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', minimum: 1, maximum: 5 }, description: 'De ZRM opnieuw gescoord: elk leefgebied 1-5.' })
  @IsObject()
  zrm!: Record<string, number>;

  @ApiPropertyOptional({ description: 'Vanaf 6 maanden na aanmelding: waarom de zorg doorloopt (versleuteld opgeslagen).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reasonToContinue?: string;

  @ApiProperty({ enum: EVALUATION_CONCLUSIONS })
  @IsIn(EVALUATION_CONCLUSIONS)
  conclusion!: EvaluationConclusion;
}

/** The evaluations of a file: how many were held, which is due next. */
export interface EvaluationsView {
  caseFileId: string;
  clientId: string;
  held: number;
  concluded: boolean;
  next: EvaluationDue | null;
}

/**
 * The evaluations of a case file (seed 000): each against the current agreed plan, which this
 * handler reads and hands to the decider (its goals are what is evaluated).
 */
@ApiTags('evaluations')
@Controller('case-files/:caseFileId/evaluations')
export class EvaluationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly teams: TeamFileAccess,
  ) {}

  @Get()
  @Roles('coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @AccessLogged({ part: 'plan' })
  @ApiOperation({ summary: 'How many evaluations were held and which is due next, on which day (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'ETag is the revision of the evaluation stream (absent before the first).' })
  async get(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<EvaluationsView> {
    const { state: fileState } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayRead(user, fileState, 'plan');
    const file = openCaseFile(fileState);
    const loaded = await optional(this.queries.execute(new Evaluations.Query(caseFileId)));
    if (loaded) response.setHeader('ETag', etagOf(loaded.revision));
    return viewOf(file.caseFileId, file.clientId, file.referredAt, loaded?.state ?? { held: 0, concluded: false }, this.today());
  }

  @Post()
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Record an evaluation with the client: progress per goal of the agreed plan, satisfaction, the ZRM rescored' })
  @ApiCreatedResponse({ description: 'EvaluationHeld appended.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiConflictResponse({ description: 'no_agreed_plan, evaluations_concluded, case_file_closed, or changed meanwhile (without If-Match).' })
  @ApiUnprocessableEntityResponse({ description: 'reasonToContinue (from 6 months), goals.N.goalId (not in the plan), goals (a goal not evaluated), zrm.<domain>, clientSatisfaction.' })
  async hold(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: HoldEvaluationDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EvaluationsView> {
    const { state: fileState } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayAct(user, fileState, 'plan');
    const file = openCaseFile(fileState);
    const plan = await optional(this.queries.execute(new Plans.Query(caseFileId)));
    const agreed: EvaluatedPlan | null = plan && plan.state.agreedVersion !== null ? { version: plan.state.agreedVersion, goalIds: plan.state.agreedGoalIds } : null;
    const result = await this.commands.execute(
      new Evaluations.Command(
        caseFileId,
        {
          type: 'HoldEvaluation',
          data: {
            caseFileId: file.caseFileId,
            clientId: file.clientId,
            referredAt: file.referredAt,
            plan: agreed,
            heldOn: body.heldOn,
            goals: body.goals.map(({ goalId, progress }) => ({ goalId, progress })),
            clientSatisfaction: body.clientSatisfaction,
            zrm: body.zrm,
            reasonToContinue: body.reasonToContinue ?? null,
            conclusion: body.conclusion,
            heldBy: user.userId,
            heldAt: this.clock.now().toISOString(),
          },
        },
        context,
        { ifMatch: ifMatchRevision(ifMatch) },
      ),
    );
    response.setHeader('ETag', etagOf(result.revision));
    return viewOf(file.caseFileId, file.clientId, file.referredAt, result.state, this.today());
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }
}

function viewOf(caseFileId: string, clientId: string, referredAt: string, state: EvaluationState, today: string): EvaluationsView {
  return { caseFileId, clientId, held: state.held, concluded: state.concluded, next: state.concluded ? null : evaluationDueOf(referredAt, state.held, today) };
}

/** A stream that does not exist yet reads as absent (no plan, no evaluation so far). */
async function optional<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'not_found') return undefined;
    throw error;
  }
}
