import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ADULT_TEAM_RECIPIENT, DomainError } from '@wijkteam/contracts';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type CommandContext, Clock, etagOf, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { CaseFiles } from '../application/case-files';
import { ConsentPermits } from '../application/consent-permits';
import { IntakeLookups } from '../application/intake-lookups';
import { Networks } from '../application/network';
import type { CaseFileCommand, CaseFileState } from '../domain/case-file';
import { AssignCaseDirectorDto, CloseCaseFileDto, ReopenCaseFileDto, ReviewWaakvlamDto, TransferCaseDirectionDto } from './case-file.dto';

/** seed 004: what the adult team needs to take over direction: the plan of approach, under the client's consent. */
const HANDOVER_CATEGORIES = ['plan_of_approach'];

type Decide = (state: CaseFileState) => Promise<CaseFileCommand> | CaseFileCommand;

@ApiTags('case-files')
@Controller('case-files')
export class CaseFileController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly teams: TeamFileAccess,
    private readonly intake: IntakeLookups,
    private readonly permits: ConsentPermits,
  ) {}

  @Get(':caseFileId')
  @Roles('coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @AccessLogged({ part: 'case-file', purpose: 'case_direction' })
  @ApiOperation({ summary: "Read a case file of your team, with the history of its directors (the read is recorded in the access log; another team's attempt too)" })
  @ApiOkResponse({ description: 'The case file as folded from its events; ETag is its revision.' })
  @ApiForbiddenResponse({ description: 'other_team: the case file belongs to another team.' })
  @ApiNotFoundResponse({ description: 'not_found: no case file with this id.' })
  async get(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<CaseFileState> {
    const { state, revision } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayRead(user, state, 'case-file');
    response.setHeader('ETag', etagOf(revision));
    return state;
  }

  /** The first case director, decided at the case conference or the first visit (seed 000). */
  @Post(':caseFileId/case-director')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Assign the first case director (casusregie); a coach must be a Jeugdteam member of the team' })
  @ApiOkResponse({ description: 'CaseDirectorAssigned appended; the body is the case file.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found' })
  @ApiConflictResponse({ description: 'case_file_closed, case_director_already_assigned (use a transfer), director_unchanged, or changed meanwhile (without If-Match).' })
  @ApiUnprocessableEntityResponse({ description: 'director_not_a_coach_of_the_team (directorId), case_direction_stays_with_… (directorKind), warm_handover_is_a_transfer (reason), or a field at fault.' })
  @ApiServiceUnavailableResponse({ description: "Intake's team directory did not answer; nothing appended." })
  assignDirector(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: AssignCaseDirectorDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseFileState> {
    return this.handle(caseFileId, user, context, ifMatch, response, async (state) => ({
      type: 'AssignCaseDirector',
      data: { ...body, assignedAt: this.now(), membership: body.directorKind === 'coach' ? await this.intake.membership(state.teamId, body.directorId) : null },
    }));
  }

  /**
   * Every later change of casusregie (seed 000, 002, 004): who decided, on whose behalf, how and why.
   * To the adult team only with the client's consent for the warm handover, asked now.
   */
  @Post(':caseFileId/case-direction/transfers')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Transfer case direction: to another coach, the GI (dwang/drang), GOSA (stagnation), back on de-escalation, or to the adult team (warm handover, with consent)' })
  @ApiOkResponse({ description: 'CaseDirectionTransferred appended; the body is the case file with the history of its directors.' })
  @ApiConflictResponse({ description: 'no_case_director_yet, director_unchanged, case_file_closed, or changed meanwhile.' })
  @ApiForbiddenResponse({ description: 'other_team, or coordinator_decision_by_coordinator_only (decision).' })
  @ApiUnprocessableEntityResponse({ description: 'consent_required_<denial reason> (consent), <reason>_goes_to_<kind> (toDirectorKind), <kind>_only_on_<reason> (reason), director_not_… (toDirectorId), or a field at fault.' })
  @ApiServiceUnavailableResponse({ description: 'The consent service or the team directory did not answer; nothing appended.' })
  transfer(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: TransferCaseDirectionDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseFileState> {
    return this.handle(caseFileId, user, context, ifMatch, response, async (state) => {
      const person = body.toDirectorKind === 'coach' || body.toDirectorKind === 'adult_team';
      const membership = person ? await this.intake.membership(state.teamId, body.toDirectorId) : null;
      let consentDecisionId: string | null = null;
      if (body.toDirectorKind === 'adult_team' && body.reason === 'warm_handover' && membership === 'volwassenenteam') {
        if (!body.clientId || !state.childIds?.includes(body.clientId)) throw new DomainError('client_not_a_child_of_the_file', 'unprocessable', 'clientId');
        const permit = await this.permits.require({ clientId: body.clientId, purpose: 'warm_handover', recipient: { organisation: ADULT_TEAM_RECIPIENT }, dataCategories: HANDOVER_CATEGORIES }, context, 'consent');
        consentDecisionId = permit.decisionId;
      }
      return {
        type: 'TransferCaseDirection',
        data: {
          toDirectorId: body.toDirectorId,
          toDirectorKind: body.toDirectorKind,
          reason: body.reason,
          decision: body.decision ?? 'consensus',
          decidedBy: user.userId,
          decidedByRole: context.actor.role,
          onBehalfOf: body.onBehalfOf ?? null,
          consentDecisionId,
          membership,
          transferredAt: this.now(),
        },
      };
    });
  }

  /** Care ends: starts the client's retention clock (Jeugdwet art. 7.3.8). */
  @Post(':caseFileId/closure')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Close a case file, with its closure reason, who was informed, and the waakvlam when goals were reached and the team keeps watch' })
  @ApiOkResponse({ description: "CaseFileClosed (and WaakvlamStarted) appended; the client's retention clock starts." })
  @ApiNotFoundResponse({ description: 'case_file_not_found' })
  @ApiConflictResponse({ description: 'case_file_already_closed, or changed meanwhile (without If-Match).' })
  @ApiUnprocessableEntityResponse({ description: 'jgz_and_gp_to_be_informed / network_parties_to_be_informed (informed), waakvlam_required / waakvlam_only_when_goals_reached (waakvlam), review_date_out_of_range (waakvlam.reviewOn).' })
  close(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: CloseCaseFileDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseFileState> {
    const waakvlam = body.waakvlam ? { reviewOn: body.waakvlam.reviewOn, monitoredBy: body.waakvlam.monitoredBy ?? user.userId } : null;
    return this.handle(caseFileId, user, context, ifMatch, response, async () => ({
      type: 'CloseCaseFile',
      data: { reason: body.reason, informed: body.informed ?? [], networkParties: await this.networkPartiesOf(caseFileId), waakvlam, closedAt: this.now() },
    }));
  }

  @Post(':caseFileId/waakvlam/reviews')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Review the waakvlam: keep watching until a next date, or end it (a signal reopens the file instead)' })
  @ApiOkResponse({ description: 'WaakvlamReviewed appended.' })
  @ApiConflictResponse({ description: 'no_active_waakvlam' })
  @ApiUnprocessableEntityResponse({ description: 'next_review_date_required / review_date_out_of_range / no_next_review_when_ended (nextReviewOn).' })
  reviewWaakvlam(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: ReviewWaakvlamDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseFileState> {
    return this.handle(caseFileId, user, context, ifMatch, response, () => ({
      type: 'ReviewWaakvlam',
      data: { outcome: body.outcome, nextReviewOn: body.nextReviewOn ?? null, reviewedBy: user.userId, reviewedAt: this.now() },
    }));
  }

  @Post(':caseFileId/reopening')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Reopen a closed case file, with a reason (waakvlam_signal: a signal during the waakvlam)' })
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
    return this.handle(caseFileId, user, context, ifMatch, response, () => ({ type: 'ReopenCaseFile', data: { reason: body.reason, reopenedAt: this.now() } }));
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** The professional parties of the file's network analysis (the informal network is told by the family). */
  private async networkPartiesOf(caseFileId: string): Promise<string[]> {
    const { state } = await this.queries.execute(new Networks.Current(caseFileId));
    return [...new Set(Object.values(state.parties).filter((party) => party.role !== 'informal_network').map((party) => party.party))];
  }

  /**
   * A decision by the file's own team (team separation first: 404 when it does not exist, 403 for
   * another team), then the lookups the command needs, then the command on the revision decided on.
   */
  private async handle(caseFileId: string, user: AuthenticatedUser, context: CommandContext, ifMatch: string | undefined, response: Response, decide: Decide): Promise<CaseFileState> {
    const { state } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayAct(user, state, 'case-file');
    const command = await decide(state);
    const result = await this.commands.execute(new CaseFiles.Command(caseFileId, command, context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return result.state;
  }
}
