import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { Roles } from '@wijkteam/auth';
import { Clock, type CommandContext, etagOf, IdGenerator, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { ConsentIndex } from '../application/consent-index';
import { clientOfConsent, Consents, GetConsentHistoryQuery, GetConsentQuery } from '../application/consent.handlers';
import type { ConsentCommand, ConsentState } from '../domain/consent';
import type { ConsentRecord } from '../domain/consent.types';
import { GrantConsentDto, grantConsentCommand, RefuseConsentDto, refuseConsentCommand, WithdrawConsentDto, withdrawConsentCommand } from './consent.dto';
import { clientIdOfFhirConsent, type FhirConsent, toFhirConsent } from './fhir/fhir-consent';
import { ApiIndexCatchingUp } from './catching-up.doc';

/**
 * Toestemming: grant, refuse, withdraw, expire, and the reads. ETag is the revision of the client's
 * consent stream, so If-Match guards against a colleague's change to the same client's consents.
 */
@ApiTags('consent')
@Controller('consent')
export class ConsentController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly index: ConsentIndex,
  ) {}

  @Post('grants')
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Record a consent: one purpose, one recipient, named data categories, a period' })
  @ApiCreatedResponse({ description: 'ConsentGranted appended; ETag is the revision of the client\'s consents.' })
  @ApiForbiddenResponse({ description: 'grantor_lacks_capacity: this relation may not consent at this age.' })
  @ApiUnprocessableEntityResponse({ description: 'Broad consent, unknown code, bad period or missing co-signature; `field` names it.' })
  @ApiConflictResponse({ description: 'overlapping_consent: an active consent for this purpose and recipient overlaps in time; or changed meanwhile (without If-Match).' })
  async grant(@Body() body: GrantConsentDto, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response) {
    const consentId = this.ids.next();
    const state = await this.execute(body.clientId, grantConsentCommand(body, consentId, this.now()), context, ifMatch, response);
    return { consentId, clientId: body.clientId, status: state.consents[consentId].status };
  }

  @Post('refusals')
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Record a refusal of consent, with its coded reason' })
  @ApiCreatedResponse({ description: 'ConsentRefused appended, with its reason (seed 000).' })
  @ApiForbiddenResponse({ description: 'grantor_lacks_capacity: this relation may not decide at this age.' })
  @ApiConflictResponse({ description: 'The client\'s consents changed meanwhile (without If-Match).' })
  async refuse(@Body() body: RefuseConsentDto, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response) {
    const consentId = this.ids.next();
    const state = await this.execute(body.clientId, refuseConsentCommand(body, consentId, this.now()), context, ifMatch, response);
    return { consentId, clientId: body.clientId, status: state.consents[consentId].status };
  }

  @Post('consents/:consentId/withdrawal')
  @ApiIndexCatchingUp()
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Withdraw a consent' })
  @ApiOkResponse({ description: 'ConsentWithdrawn appended; decisions deny from now on.' })
  @ApiForbiddenResponse({ description: 'withdrawer_not_a_grantor' })
  @ApiNotFoundResponse({ description: 'consent_not_found' })
  @ApiConflictResponse({ description: 'consent_already_withdrawn, consent_already_expired or consent_was_refused; or changed meanwhile (without If-Match).' })
  async withdraw(
    @UuidParam('consentId') consentId: string,
    @Body() body: WithdrawConsentDto,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const clientId = await clientOfConsent(this.index, consentId);
    const state = await this.execute(clientId, withdrawConsentCommand(body, consentId, this.now()), context, ifMatch, response);
    return { consentId, clientId, status: state.consents[consentId].status };
  }

  /** What the expiry scheduler does (it sends the same command on the bus); `now` is the server clock. */
  @Post('consents/:consentId/expiry')
  @ApiIndexCatchingUp()
  @HttpCode(200)
  @Roles('team-coordinator')
  @ApiOperation({ summary: 'Record the expiry of a consent whose period has ended' })
  @ApiOkResponse({ description: 'ConsentExpired appended.' })
  @ApiNotFoundResponse({ description: 'consent_not_found' })
  @ApiConflictResponse({ description: 'consent_not_yet_expired: the period has not ended; or the consent is no longer active.' })
  async expire(@UuidParam('consentId') consentId: string, @RequestContext() context: CommandContext, @Res({ passthrough: true }) response: Response) {
    const clientId = await clientOfConsent(this.index, consentId);
    const state = await this.execute(clientId, { type: 'ExpireConsent', data: { consentId, now: this.now() } }, context, undefined, response);
    return { consentId, clientId, status: state.consents[consentId].status };
  }

  @Get('clients/:clientId/consents')
  @Roles('coach', 'team-coordinator', 'auditor')
  @AccessLogged({ part: 'consent', clientId: { param: 'clientId' } })
  @ApiOperation({ summary: "A client's consents and their history (the read is recorded in the access log)" })
  @ApiOkResponse({ description: "The client's consents and the full event history behind them; empty for a client without any." })
  history(@UuidParam('clientId') clientId: string) {
    return this.queries.execute(new GetConsentHistoryQuery(clientId));
  }

  @Get('consents/:consentId')
  @ApiIndexCatchingUp()
  @Roles('coach', 'team-coordinator', 'auditor')
  @AccessLogged({ part: 'consent', clientId: { body: 'clientId' } })
  @ApiOperation({ summary: 'Read one consent (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'The consent as it stands now.' })
  @ApiNotFoundResponse({ description: 'consent_not_found' })
  get(@UuidParam('consentId') consentId: string): Promise<ConsentRecord> {
    return this.queries.execute(new GetConsentQuery(consentId));
  }

  @Get('consents/:consentId/fhir')
  @ApiIndexCatchingUp()
  @Roles('coach', 'team-coordinator', 'auditor')
  @AccessLogged({ part: 'consent', clientId: { select: clientIdOfFhirConsent } })
  @ApiOperation({ summary: 'One consent as a FHIR R4 Consent resource (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'FHIR R4 Consent resource (application/fhir+json).' })
  @ApiNotFoundResponse({ description: 'consent_not_found' })
  async fhir(@UuidParam('consentId') consentId: string, @Res({ passthrough: true }) response: Response): Promise<FhirConsent> {
    const consent = await this.queries.execute(new GetConsentQuery(consentId));
    response.type('application/fhir+json');
    return toFhirConsent(consent);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private async execute(clientId: string, command: ConsentCommand, context: CommandContext, ifMatch: string | undefined, response: Response): Promise<ConsentState> {
    const result = await this.commands.execute(new Consents.Command(clientId, command, context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return result.state;
  }
}
