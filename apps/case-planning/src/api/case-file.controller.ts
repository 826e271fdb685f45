import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { Roles } from '@wijkteam/auth';
import { type CommandContext, Clock, etagOf, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import { IsIn, IsString, Matches } from 'class-validator';
import type { Response } from 'express';
import { GetCaseFileQuery, HandleCaseFileCommand } from '../application/case-file.handlers';
import { DIRECTION_REASONS, type DirectionReason, DIRECTOR_KINDS, type DirectorKind, type CaseFileState } from '../domain/case-file';

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

@ApiTags('case-files')
@ApiBearerAuth()
@Controller('case-files')
export class CaseFileController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Get(':caseFileId')
  @Roles('coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @AccessLogged({ part: 'case-file', purpose: 'case_direction' })
  @ApiOkResponse({ description: 'The case file as folded from its events; ETag is its revision.' })
  async get(@UuidParam('caseFileId') caseFileId: string, @Res({ passthrough: true }) response: Response): Promise<CaseFileState> {
    const { state, revision } = await this.queries.execute(new GetCaseFileQuery(caseFileId));
    response.setHeader('ETag', etagOf(revision));
    return state;
  }

  /** Casusregie is decided at the case conference; the coordinator decides where there is no consensus. */
  @Post(':caseFileId/case-director')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  async assignDirector(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: AssignCaseDirectorDto,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseFileState> {
    const result = await this.commands.execute(
      new HandleCaseFileCommand(
        caseFileId,
        { type: 'AssignCaseDirector', data: { ...body, assignedAt: this.clock.now().toISOString() } },
        context,
        ifMatchRevision(ifMatch),
      ),
    );
    response.setHeader('ETag', etagOf(result.revision));
    return result.state;
  }
}
