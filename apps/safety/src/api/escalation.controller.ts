import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
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
import { Escalations } from '../application/escalations';
import { type SafetyCaseFile, SafetyCaseFiles } from '../application/safety-case-files';
import { type EscalationCommand, type EscalationState } from '../domain/escalation';
import { RaiseEscalationDto, ResolveEscalationDto } from './escalation.dto';
import { assertOpen, professionalOf } from './professional-of';

type EscalationView = EscalationState & { caseFileId: string; clientId: string };

/**
 * Escalations of a case file (seeds 000/002): raised by one professional, confirmed by a second one
 * who records it themselves while logged in (four eyes: user and role from the token, never from a
 * body), then resolved once. Only on case files case planning opened, of the caller's own team.
 */
@ApiTags('safety')
@Controller('safety/:caseFileId/escalations')
export class EscalationController {
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
  @ApiOperation({ summary: 'The escalations of a case file, open and resolved (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'Every escalation with its status, the two professionals and the outcome; ETag is the revision.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found (caseFileId): case planning never opened this case file.' })
  @ApiForbiddenResponse({ description: 'other_team: the case file belongs to another team.' })
  async get(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<EscalationView> {
    const file = await this.files.forRead(user, caseFileId);
    const { state, revision } = await this.queries.execute(new Escalations.Current(caseFileId));
    if (revision !== undefined) response.setHeader('ETag', etagOf(revision));
    return { ...state, caseFileId, clientId: file.clientId };
  }

  @Post()
  @Roles('coach', 'behavioural-scientist', 'team-coordinator')
  @ApiOperation({ summary: 'Propose an escalation (Veilig Thuis, GI, GOSA, CIT, Raad); a second professional confirms it' })
  @ApiCreatedResponse({ description: 'EscalationProposed appended; the body lists the escalations (the new one last).' })
  @ApiNotFoundResponse({ description: 'case_file_not_found (caseFileId); nothing appended.' })
  @ApiForbiddenResponse({ description: 'other_team.' })
  @ApiUnprocessableEntityResponse({ description: 'reason_not_for_<target> (reason), receiving_party_required (receivingParty), or a field at fault.' })
  @ApiConflictResponse({ description: 'escalation_open_for_target, case_file_closed, or changed meanwhile (without If-Match).' })
  @ApiPreconditionFailedResponse({ description: 'If-Match is not the current revision.' })
  raise(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: RaiseEscalationDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EscalationView> {
    return this.handle(caseFileId, user, context, ifMatch, response, (file) => ({
      type: 'RaiseEscalation',
      data: {
        caseFileId,
        clientId: assertOpen(file).clientId,
        teamId: file.teamId,
        childIds: file.childIds,
        escalationId: this.ids.next(),
        target: body.target,
        reason: body.reason,
        receivingParty: body.receivingParty ?? null,
        raisedBy: professionalOf(user),
        raisedAt: this.now(),
      },
    }));
  }

  @Post(':escalationId/confirmation')
  @Roles('coach', 'behavioural-scientist', 'team-coordinator')
  @ApiOperation({ summary: 'Confirm an escalation as the second professional (four eyes; never the one who proposed it): then it is raised' })
  @ApiCreatedResponse({ description: 'EscalationRaised appended, with your user id and role from the token.' })
  @ApiForbiddenResponse({ description: 'four_eyes_required (you proposed it), or other_team.' })
  @ApiNotFoundResponse({ description: 'escalation_not_found (escalationId), case_file_not_found (caseFileId).' })
  @ApiConflictResponse({ description: 'escalation_already_confirmed, or changed meanwhile.' })
  confirm(
    @UuidParam('caseFileId') caseFileId: string,
    @UuidParam('escalationId') escalationId: string,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EscalationView> {
    return this.handle(caseFileId, user, context, ifMatch, response, () => ({ type: 'ConfirmEscalation', data: { escalationId, confirmedBy: professionalOf(user), confirmedAt: this.now() } }));
  }

  @Post(':escalationId/resolution')
  @HttpCode(200)
  @Roles('coach', 'behavioural-scientist', 'team-coordinator')
  @ApiOperation({ summary: "Record how an escalation ended (the receiving party's answer, a withdrawal, or handled), once" })
  @ApiOkResponse({ description: 'EscalationResolved appended; accepted by the GI or GOSA, case planning moves case direction there.' })
  @ApiNotFoundResponse({ description: 'escalation_not_found (escalationId), case_file_not_found (caseFileId).' })
  @ApiConflictResponse({ description: 'escalation_already_resolved, escalation_not_confirmed (only a withdrawal before confirmation), or changed meanwhile.' })
  @ApiUnprocessableEntityResponse({ description: 'outcome at fault.' })
  resolve(
    @UuidParam('caseFileId') caseFileId: string,
    @UuidParam('escalationId') escalationId: string,
    @Body() body: ResolveEscalationDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EscalationView> {
    return this.handle(caseFileId, user, context, ifMatch, response, () => ({
      type: 'ResolveEscalation',
      data: { escalationId, outcome: body.outcome, resolvedBy: professionalOf(user), resolvedAt: this.now() },
    }));
  }

  private async handle(
    caseFileId: string,
    user: AuthenticatedUser,
    context: CommandContext,
    ifMatch: string | undefined,
    response: Response,
    command: (file: SafetyCaseFile) => EscalationCommand,
  ): Promise<EscalationView> {
    const file = await this.files.forAct(user, caseFileId);
    const result = await this.commands.execute(new Escalations.Command(caseFileId, command(file), context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return { ...result.state, caseFileId, clientId: file.clientId };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
