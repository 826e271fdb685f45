import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type CommandContext, Clock, etagOf, IdGenerator, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { RiskSignals } from '../application/risk-signals';
import { type SafetyCaseFile, SafetyCaseFiles } from '../application/safety-case-files';
import { type RiskSignalCommand, type RiskSignalState } from '../domain/risk-signal';
import { assertOpen } from './professional-of';
import { IssueRiskSignalDto, WithdrawRiskSignalDto } from './risk-signal.dto';

type RiskSignalView = RiskSignalState & { caseFileId: string; clientId: string };

/**
 * Verwijsindex (SISA) signals for the children of a case file (seeds 000/002): content-free, only
 * "this organisation is involved with this child", discussed with the parents. The caller's team's
 * known case files only.
 */
@ApiTags('safety')
@Controller('safety/:caseFileId/risk-signals')
export class RiskSignalController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly files: SafetyCaseFiles,
  ) {}

  @Get()
  @Roles('coach', 'behavioural-scientist', 'team-coordinator', 'auditor')
  @AccessLogged({ part: 'safety', purpose: 'safety_assessment' })
  @ApiOperation({ summary: "The risk signals of a case file's children (the read is recorded in the access log)" })
  @ApiOkResponse({ description: 'Every signal, active or withdrawn; ETag is the revision.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found (caseFileId).' })
  @ApiForbiddenResponse({ description: 'other_team.' })
  async get(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<RiskSignalView> {
    const file = await this.files.forRead(user, caseFileId);
    const { state, revision } = await this.queries.execute(new RiskSignals.Current(caseFileId));
    if (revision !== undefined) response.setHeader('ETag', etagOf(revision));
    return { ...state, caseFileId, clientId: file.clientId };
  }

  @Post()
  @Roles('coach', 'behavioural-scientist', 'team-coordinator')
  @ApiOperation({ summary: 'Issue a risk signal in the Verwijsindex for a child of the file' })
  @ApiCreatedResponse({ description: 'RiskSignalIssued appended.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found (caseFileId); nothing appended.' })
  @ApiUnprocessableEntityResponse({ description: 'not_a_child_of_the_case_file (clientId), parents_not_informed_reason_required (parentsNotInformedReason), or a field at fault.' })
  @ApiConflictResponse({ description: 'risk_signal_already_active for this child, case_file_closed, or changed meanwhile.' })
  issue(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: IssueRiskSignalDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RiskSignalView> {
    return this.handle(caseFileId, user, context, ifMatch, response, (file) => ({
      type: 'IssueRiskSignal',
      data: {
        caseFileId,
        childIds: assertOpen(file).childIds,
        clientId: body.clientId,
        signalId: this.ids.next(),
        organisation: file.teamId ?? user.organisation,
        parentsInformed: body.parentsInformed,
        parentsNotInformedReason: body.parentsNotInformedReason ?? null,
        issuedBy: user.userId,
        issuedAt: this.now(),
      },
    }));
  }

  @Post(':signalId/withdrawal')
  @HttpCode(200)
  @Roles('coach', 'behavioural-scientist', 'team-coordinator')
  @ApiOperation({ summary: 'Withdraw a risk signal, with a reason' })
  @ApiOkResponse({ description: 'RiskSignalWithdrawn appended.' })
  @ApiNotFoundResponse({ description: 'risk_signal_not_found (signalId), case_file_not_found (caseFileId).' })
  @ApiConflictResponse({ description: 'risk_signal_already_withdrawn, or changed meanwhile.' })
  withdraw(
    @UuidParam('caseFileId') caseFileId: string,
    @UuidParam('signalId') signalId: string,
    @Body() body: WithdrawRiskSignalDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RiskSignalView> {
    return this.handle(caseFileId, user, context, ifMatch, response, () => ({ type: 'WithdrawRiskSignal', data: { signalId, reason: body.reason, withdrawnBy: user.userId, withdrawnAt: this.now() } }));
  }

  private async handle(
    caseFileId: string,
    user: AuthenticatedUser,
    context: CommandContext,
    ifMatch: string | undefined,
    response: Response,
    command: (file: SafetyCaseFile) => RiskSignalCommand,
  ): Promise<RiskSignalView> {
    const file = await this.files.forAct(user, caseFileId);
    const result = await this.commands.execute(new RiskSignals.Command(caseFileId, command(file), context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return { ...result.state, caseFileId, clientId: file.clientId };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
