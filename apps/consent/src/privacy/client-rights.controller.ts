import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import type { ErasureEvent } from '@wijkteam/privacy';
import type { DestructionRequestState } from '../domain/destruction-request';
import type { DueForDestruction } from '../domain/retention';
import { Roles } from '@wijkteam/auth';
import { DomainError } from '@wijkteam/contracts';
import { Clock, type CommandContext, etagOf, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { ClientRights } from './client-rights';
import { DecideDestructionRequestDto, EraseClientDto, ReceiveDestructionRequestDto } from './client-rights.dto';

/**
 * The privacy officer's desk: destruction requests (Jeugdwet art. 7.3.9, decided within 3 months),
 * erasure by key destruction, and the retention list (art. 7.3.8). Everything here is ids, codes and
 * dates; no personal data is sent or returned.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
export class ClientRightsController {
  constructor(
    private readonly rights: ClientRights,
    private readonly clock: Clock,
  ) {}

  @Post('destruction-requests')
  @ApiOperation({ summary: 'Receive a request to destroy a client\'s file (Jeugdwet art. 7.3.9)' })
  @Roles('privacy-officer', 'team-coordinator')
  @ApiCreatedResponse({ description: 'DestructionRequestReceived appended; `decideBy` is 3 months after receipt.' })
  @ApiUnprocessableEntityResponse({ description: 'requester_not_entitled (youth under 12), or a field at fault.' })
  async receive(@Body() body: ReceiveDestructionRequestDto, @RequestContext() context: CommandContext, @Res({ passthrough: true }) response: Response) {
    const result = await this.rights.receiveDestructionRequest({ subjectId: body.clientId, requester: body.requester, youthAge: body.youthAge }, context);
    response.setHeader('ETag', etagOf(result.revision));
    return view(result.state);
  }

  @Post('destruction-requests/:requestId/decision')
  @ApiOperation({ summary: 'Grant or refuse a destruction request' })
  @ApiNotFoundResponse({ description: 'not_found: no such destruction request.' })
  @HttpCode(200)
  @Roles('privacy-officer')
  @ApiOkResponse({ description: 'DestructionRequestGranted or DestructionRequestRefused appended, with whether it was within the term.' })
  @ApiConflictResponse({ description: 'destruction_request_already_decided' })
  async decide(
    @UuidParam('requestId') requestId: string,
    @Body() body: DecideDestructionRequestDto,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const decidedAt = this.clock.now().toISOString();
    const command =
      body.decision === 'granted'
        ? ({ type: 'GrantDestructionRequest', data: { decidedAt } } as const)
        : ({ type: 'RefuseDestructionRequest', data: { reason: body.reason as NonNullable<typeof body.reason>, decidedAt } } as const);
    const result = await this.rights.decideDestructionRequest(requestId, command, context, ifMatchRevision(ifMatch));
    response.setHeader('ETag', etagOf(result.revision));
    return view(result.state);
  }

  @Get('destruction-requests/:requestId')
  @Roles('privacy-officer', 'team-coordinator', 'auditor')
  @AccessLogged({ part: 'privacy', purpose: 'client_request', clientId: { body: 'clientId' } })
  @ApiOperation({ summary: 'A destruction request as it stands, with its ETag (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'Status, receipt and the date by which it must be decided.' })
  @ApiNotFoundResponse({ description: 'not_found: no such destruction request.' })
  async get(@UuidParam('requestId') requestId: string, @Res({ passthrough: true }) response: Response) {
    const { state, revision } = await this.rights.destructionRequest(requestId);
    response.setHeader('ETag', etagOf(revision));
    return view(state);
  }

  /** Crypto-shredding: the client's key is destroyed here, then in every service that follows the event. */
  @Post('erasures')
  @ApiOperation({ summary: 'Erase a client by destroying their key (crypto-shredding)' })
  @Roles('privacy-officer')
  @ApiCreatedResponse({ description: 'SubjectKeyDestroyed appended and published; personal fields of the client read as erased from now on.' })
  @ApiUnprocessableEntityResponse({ description: 'destruction_request_not_granted, retention_not_expired, request_required, or a field at fault.' })
  @ApiConflictResponse({ description: 'subject_already_erased' })
  erase(@Body() body: EraseClientDto, @RequestContext() context: CommandContext): Promise<ErasureEvent['data']> {
    return this.rights.erase(body.clientId, body.legalBasis, body.requestId ?? null, context).then((event) => event.data);
  }

  @Get('erasures/:clientId')
  @AccessLogged({ part: 'privacy', purpose: 'audit', clientId: { param: 'clientId' } })
  @ApiOperation({ summary: 'The erasure record of a client (the read is recorded in the access log)' })
  @ApiNotFoundResponse({ description: 'not_erased: the client has not been erased.' })
  @Roles('privacy-officer', 'auditor')
  @ApiOkResponse({ description: 'Who erased the client, when, and on what legal basis.' })
  async erasure(@UuidParam('clientId') clientId: string): Promise<ErasureEvent['data']> {
    const record = await this.rights.erasureOf(clientId);
    if (!record) throw new DomainError('not_erased', 'not_found');
    return record.data;
  }

  @Get('retention/due')
  @ApiOperation({ summary: 'Clients whose retention term has passed' })
  @Roles('privacy-officer', 'auditor')
  @ApiOkResponse({ description: 'Clients whose every case file closed longer ago than RETENTION_YEARS, oldest first; never erased ones.' })
  async due(): Promise<{ due: DueForDestruction[] }> {
    return { due: await this.rights.dueForDestruction() };
  }
}

function view(state: DestructionRequestState) {
  return { requestId: state.requestId, clientId: state.subjectId, status: state.status, receivedAt: state.receivedAt, decideBy: state.decideBy };
}
