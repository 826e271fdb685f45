import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { Roles } from '@wijkteam/auth';
import { type CommandContext, Clock, etagOf, IdGenerator, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { Referrals } from '../application/referrals';
import type { ReferralCommand, ReferralState } from '../domain/referral';
import { DeclineReferralDto, ReceiveReferralDto } from './referral.dto';

/** Aanmeldingen. Youth files: the adult team and partners have no access (seed 004). */
@ApiTags('referrals')
@Controller('referrals')
export class ReferralController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  @Post()
  @Roles('front-office', 'coach', 'team-coordinator')
  @ApiOperation({ summary: 'Receive a referral (aanmelding)' })
  @ApiCreatedResponse({ description: 'ReferralReceived appended; the body has referralId, clientId and status, ETag "0".' })
  @ApiUnprocessableEntityResponse({ description: 'A field at fault, outside_age_range (client.birthDate) or etm_out_of_range.' })
  async receive(@Body() body: ReceiveReferralDto, @RequestContext() context: CommandContext, @Res({ passthrough: true }) response: Response) {
    const referralId = this.ids.next();
    const clientId = body.clientId ?? this.ids.next();
    const result = await this.execute(referralId, {
      type: 'ReceiveReferral',
      data: {
        referralId,
        clientId,
        client: { name: body.client.name, birthDate: body.client.birthDate },
        channel: body.channel,
        route: body.route,
        etmIndication: body.etmIndication ?? null,
        intellectualDisability: body.intellectualDisability ?? false,
        receivedAt: this.clock.now().toISOString(),
      },
    }, context, undefined, response);
    return { referralId, clientId, status: result.status };
  }

  @Get(':referralId')
  @Roles('front-office', 'coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @AccessLogged({ part: 'referral' })
  @ApiOperation({ summary: 'Read a referral (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'The referral as folded from its events; ETag is its revision.' })
  @ApiNotFoundResponse({ description: 'not_found: no referral with this id.' })
  async get(@UuidParam('referralId') referralId: string, @Res({ passthrough: true }) response: Response): Promise<ReferralState> {
    const { state, revision } = await this.queries.execute(new Referrals.Query(referralId));
    response.setHeader('ETag', etagOf(revision));
    return state;
  }

  @Post(':referralId/acceptance')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Accept a referral: a case file is opened' })
  @ApiOkResponse({ description: 'ReferralAccepted appended; the body names the new caseFileId.' })
  @ApiNotFoundResponse({ description: 'referral_not_found' })
  @ApiConflictResponse({ description: 'referral_already_decided, or changed meanwhile (without If-Match).' })
  @ApiUnprocessableEntityResponse({ description: 'eligibility_not_met: this route needs ETM 3-5 or an intellectual disability.' })
  async accept(
    @UuidParam('referralId') referralId: string,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const caseFileId = this.ids.next();
    const state = await this.execute(referralId, { type: 'AcceptReferral', data: { caseFileId, decidedAt: this.now() } }, context, ifMatch, response);
    return { referralId, caseFileId, status: state.status };
  }

  @Post(':referralId/decline')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Decline a referral, with a reason and a redirect' })
  @ApiOkResponse({ description: 'ReferralDeclined appended.' })
  @ApiNotFoundResponse({ description: 'referral_not_found' })
  @ApiConflictResponse({ description: 'referral_already_decided, or changed meanwhile (without If-Match).' })
  async decline(
    @UuidParam('referralId') referralId: string,
    @Body() body: DeclineReferralDto,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const state = await this.execute(referralId, { type: 'DeclineReferral', data: { ...body, decidedAt: this.now() } }, context, ifMatch, response);
    return { referralId, status: state.status };
  }

  @Post(':referralId/waitlist')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Put a referral on the waiting list (Veilig Thuis and ETM 5 first)' })
  @ApiOkResponse({ description: 'ReferralWaitlisted appended, with its priority.' })
  @ApiNotFoundResponse({ description: 'referral_not_found' })
  @ApiConflictResponse({ description: 'referral_already_decided or referral_already_waitlisted, or changed meanwhile (without If-Match).' })
  async waitlist(
    @UuidParam('referralId') referralId: string,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const state = await this.execute(referralId, { type: 'WaitlistReferral', data: { decidedAt: this.now() } }, context, ifMatch, response);
    return { referralId, status: state.status, priority: state.priority };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private async execute(referralId: string, command: ReferralCommand, context: CommandContext, ifMatch: string | undefined, response: Response): Promise<ReferralState> {
    const result = await this.commands.execute(new Referrals.Command(referralId, command, context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return result.state;
  }
}
