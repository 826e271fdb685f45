import { Body, Controller, Get, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { Roles } from '@wijkteam/auth';
import { Clock, type CommandContext, IdGenerator, RequestContext, UuidParam } from '@wijkteam/runtime';
import { DecideDisclosureCommand, Disclosures, type DisclosureLog, GetDisclosuresQuery } from '../application/disclosure.handlers';
import type { DisclosureDecidedData } from '../domain/disclosure';
import { toRecipient } from './consent-scope.dto';
import { DecideDisclosureDto, RecordDisclosureDto, toDisclosureRequest } from './disclosure.dto';
import { ApiIndexCatchingUp } from './catching-up.doc';

/** The disclosure decision and the disclosure log (docs/domain.md: every disclosure is an event). */
@ApiTags('consent')
@Controller('consent')
export class DisclosureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  @Post('decisions')
  @ApiIndexCatchingUp()
  @Roles('coach', 'team-coordinator', 'behavioural-scientist')
  @ApiOperation({ summary: 'Decide whether information may be shared now: permit with its basis, or deny with the reason' })
  @ApiCreatedResponse({ description: 'DisclosureDecided appended: permit with its basis, or deny with the reason.' })
  decide(@Body() body: DecideDisclosureDto, @RequestContext() context: CommandContext): Promise<DisclosureDecidedData> {
    return this.commands.execute(new DecideDisclosureCommand(this.ids.next(), toDisclosureRequest(body), context));
  }

  @Post('disclosures')
  @Roles('coach', 'team-coordinator', 'behavioural-scientist')
  @ApiOperation({ summary: 'Record a disclosure that was made on a permit' })
  @ApiCreatedResponse({ description: 'DisclosureRecorded appended, referring to its permit.' })
  @ApiForbiddenResponse({ description: 'disclosure_not_permitted: the decision was deny.' })
  @ApiNotFoundResponse({ description: 'decision_not_found' })
  @ApiConflictResponse({ description: 'disclosure_already_recorded or decision_expired; or the disclosure log changed meanwhile.' })
  async record(@Body() body: RecordDisclosureDto, @RequestContext() context: CommandContext) {
    const disclosureId = this.ids.next();
    const data = {
      disclosureId, decisionId: body.decisionId, clientId: body.clientId, recipient: toRecipient(body.recipient),
      purpose: body.purpose, dataCategories: body.dataCategories, disclosedAt: this.clock.now().toISOString(),
    };
    await this.commands.execute(new Disclosures.Command(body.clientId, { type: 'RecordDisclosure', data }, context));
    return { disclosureId, decisionId: body.decisionId };
  }

  @Get('clients/:clientId/disclosures')
  @Roles('coach', 'team-coordinator', 'auditor')
  @AccessLogged({ part: 'consent', clientId: { param: 'clientId' } })
  @ApiOperation({ summary: 'Who received what about a client, and every decision (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'Who received what about the client, when and on which basis; and every decision.' })
  disclosures(@UuidParam('clientId') clientId: string): Promise<DisclosureLog> {
    return this.queries.execute(new GetDisclosuresQuery(clientId));
  }
}
