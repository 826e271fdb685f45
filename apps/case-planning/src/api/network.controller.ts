import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPreconditionFailedResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { DomainError } from '@wijkteam/contracts';
import { type CommandContext, Clock, etagOf, IdGenerator, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { CaseFiles } from '../application/case-files';
import { NetworkContacts, networkCaseFileOf, Networks } from '../application/network';
import type { CaseFileState } from '../domain/case-file';
import type { NetworkCommand, NetworkState } from '../domain/network';
import { AddNetworkPartyDto, CompleteNetworkAnalysisDto, ContactNetworkPartyDto } from './network.dto';

/** The network analysis as the API shows it; clientId (the referred child) for the access log. */
export interface NetworkView extends NetworkState {
  caseFileId: string;
  clientId: string;
}

/** A contact's outcome: contacted, or refused with the consent service's reason (the contact did not happen). */
export interface ContactOutcome {
  outcome: 'contacted' | 'refused';
  reason: string | null;
  decisionId: string;
  network: NetworkView;
}

@ApiTags('case-files')
@Controller('case-files')
export class NetworkController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly contacts: NetworkContacts,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly teams: TeamFileAccess,
  ) {}

  @Post(':caseFileId/network/parties')
  @HttpCode(201)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Add a party to the network analysis (seed 000: JGZ and the GP always, school or childcare where relevant)' })
  @ApiCreatedResponse({ description: 'NetworkPartyAdded appended; the body is the network, ETag its revision.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiConflictResponse({ description: 'party_already_in_network, network_analysis_completed, case_file_closed.' })
  @ApiUnprocessableEntityResponse({ description: 'party, role or relevance at fault.' })
  @ApiPreconditionFailedResponse({ description: 'If-Match does not match the network revision.' })
  async addParty(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: AddNetworkPartyDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NetworkView> {
    const caseFile = await this.fileToActOn(caseFileId, user);
    const command: NetworkCommand = { type: 'AddNetworkParty', data: { caseFileId, caseFile: networkCaseFileOf(caseFile), partyId: this.ids.next(), ...body, addedAt: this.now() } };
    return this.run(caseFile, command, context, ifMatch, response);
  }

  /** Consent decides at this moment: 200 either way, the outcome says whether the contact happened. */
  @Post(':caseFileId/network/parties/:partyId/contacts')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Contact a party: asks the consent service now; a denial is recorded as a refused contact' })
  @ApiOkResponse({ description: "outcome 'contacted' (NetworkPartyContacted) or 'refused' with the denial reason (NetworkContactRefused)." })
  @ApiNotFoundResponse({ description: 'party_not_found (partyId) or case_file_not_found.' })
  @ApiUnprocessableEntityResponse({ description: 'clientId (not of this family) or dataCategories at fault.' })
  @ApiPreconditionFailedResponse({ description: 'If-Match does not match the network revision.' })
  async contact(
    @UuidParam('caseFileId') caseFileId: string,
    @UuidParam('partyId') partyId: string,
    @Body() body: ContactNetworkPartyDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContactOutcome> {
    const caseFile = await this.fileToActOn(caseFileId, user);
    const request = { caseFileId, caseFile: networkCaseFileOf(caseFile), partyId, clientId: body.clientId, dataCategories: body.dataCategories };
    const { state, revision, decision } = await this.contacts.contact(request, this.now(), context, ifMatchRevision(ifMatch));
    response.setHeader('ETag', etagOf(revision));
    return {
      outcome: decision.outcome === 'permit' ? 'contacted' : 'refused',
      reason: decision.outcome === 'deny' ? decision.denialReason : null,
      decisionId: decision.decisionId,
      network: this.view(caseFile, state),
    };
  }

  @Post(':caseFileId/network/completion')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Complete the network analysis (seed 000: within 6 weeks; JGZ and the GP among the parties)' })
  @ApiOkResponse({ description: 'NetworkAnalysisCompleted appended, with the deadline and whether it was met.' })
  @ApiConflictResponse({ description: 'network_analysis_completed, case_file_closed.' })
  @ApiUnprocessableEntityResponse({ description: 'jgz_and_huisarts_required (parties), or completedOn at fault.' })
  @ApiPreconditionFailedResponse({ description: 'If-Match does not match the network revision.' })
  async complete(
    @UuidParam('caseFileId') caseFileId: string,
    @Body() body: CompleteNetworkAnalysisDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NetworkView> {
    const caseFile = await this.fileToActOn(caseFileId, user);
    const command: NetworkCommand = { type: 'CompleteNetworkAnalysis', data: { caseFileId, caseFile: networkCaseFileOf(caseFile), completedOn: body.completedOn, completedAt: this.now() } };
    return this.run(caseFile, command, context, ifMatch, response);
  }

  @Get(':caseFileId/network')
  @Roles('coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @AccessLogged({ part: 'network', purpose: 'care_delivery' })
  @ApiOperation({ summary: 'Read the network analysis of a case file of your team (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'The parties, their contacts and refusals, the completion; ETag is the network revision (absent before the first party).' })
  @ApiForbiddenResponse({ description: 'other_team' })
  async get(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<NetworkView> {
    const { state: caseFile } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayRead(user, caseFile, 'network');
    const { state, revision } = await this.contacts.current(caseFileId);
    if (revision !== undefined) response.setHeader('ETag', etagOf(revision));
    return this.view(caseFile, state);
  }

  /** Team separation first: 404 when the file does not exist, 403 (and logged) for another team. */
  private async fileToActOn(caseFileId: string, user: AuthenticatedUser): Promise<CaseFileState> {
    const { state } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayAct(user, state, 'network');
    return state;
  }

  private async run(caseFile: CaseFileState, command: NetworkCommand, context: CommandContext, ifMatch: string | undefined, response: Response): Promise<NetworkView> {
    const result = await this.commands.execute(new Networks.Command(command.data.caseFileId, command, context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return this.view(caseFile, result.state);
  }

  private view(caseFile: CaseFileState, state: NetworkState): NetworkView {
    if (!caseFile.caseFileId || !caseFile.clientId) throw new DomainError('case_file_not_found', 'not_found');
    return { caseFileId: caseFile.caseFileId, clientId: caseFile.clientId, ...state };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
