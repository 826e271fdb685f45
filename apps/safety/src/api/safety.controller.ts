import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { Roles } from '@wijkteam/auth';
import { type CommandContext, Clock, etagOf, IdGenerator, RequestContext, UuidParam } from '@wijkteam/runtime';
import { IsInt, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { SafetyAssessments } from '../application/safety-assessments';
import type { SafetyState } from '../domain/safety-assessment';

export class RecordEtmAssessmentDto {
  @ApiProperty({ description: 'Opaque id of the client assessed (for the access log and the file).' })
  @IsUUID()
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
}

@ApiTags('safety')
@Controller('safety')
export class SafetyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  @Post(':caseFileId/etm-assessments')
  @Roles('coach', 'behavioural-scientist')
  @ApiOperation({ summary: 'Record an ETM assessment, by the caller and a second assessor (four eyes)' })
  @ApiCreatedResponse({ description: 'EtmAssessed appended (and SafetyPlanRequired at ETM 5); the body is the safety state.' })
  @ApiUnprocessableEntityResponse({ description: 'four_eyes_required (secondAssessorId), client_mismatch, or a field at fault.' })
  @ApiConflictResponse({ description: 'Another assessment of this case file was recorded at the same moment; try again.' })
  async assess(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: RecordEtmAssessmentDto,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SafetyState> {
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
            assessorId: context.actor.userId,
            secondAssessorId: body.secondAssessorId,
            assessedAt: this.clock.now().toISOString(),
          },
        },
        context,
      ),
    );
    response.setHeader('ETag', etagOf(result.revision));
    return result.state;
  }

  @Get(':caseFileId')
  @Roles('coach', 'behavioural-scientist', 'team-coordinator', 'auditor')
  @AccessLogged({ part: 'safety', purpose: 'safety_assessment' })
  @ApiOperation({ summary: 'Read the safety state of a case file (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'Latest ETM score, number of assessments, whether a safety plan is required; ETag is the revision.' })
  @ApiNotFoundResponse({ description: 'not_found: no assessment for this case file.' })
  async get(@UuidParam('caseFileId') caseFileId: string, @Res({ passthrough: true }) response: Response): Promise<SafetyState> {
    const { state, revision } = await this.queries.execute(new SafetyAssessments.Query(caseFileId));
    response.setHeader('ETag', etagOf(revision));
    return state;
  }
}
